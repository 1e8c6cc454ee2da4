package jp.renkei.consultation.opinion;

/** How the city's view (市の考え方) dealt with an opinion. */
public enum Outcome {
    REFLECTED("反映"), PARTIALLY_REFLECTED("一部反映"), NOT_REFLECTED("反映せず"), FOR_REFERENCE("参考");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
