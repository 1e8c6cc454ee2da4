package jp.renkei.consultation.opinion;

/** The submitter details the city's guideline may ask for; which are required is configuration. */
public enum SubmitterField {
    NAME("submitter.name"), ADDRESS("submitter.address"), CONTACT("submitter.contact"), AGE_GROUP("submitter.ageGroup");

    private final String field;

    SubmitterField(String field) {
        this.field = field;
    }

    /** The request field, as problems name it. */
    public String field() {
        return field;
    }
}
