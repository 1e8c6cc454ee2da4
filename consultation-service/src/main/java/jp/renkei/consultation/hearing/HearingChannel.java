package jp.renkei.consultation.hearing;

/** The city's listening channels (広聴) besides public comment. */
public enum HearingChannel {
    MAYOR_LETTER("市長への手紙"), MAYORS_OFFICE("みんなの市長室"), DELIVERY_TALK("宅配トーク"),
    RESIDENTS_MEETING("住民会議"), SURVEY("アンケート");

    private final String label;

    HearingChannel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
