package jp.renkei.consultation.opinion;

/**
 * Who submitted an opinion: personal data. Stored apart from the opinion and encrypted; moderators alone read it.
 * {@link #toString()} names no value, so a stray log statement cannot leak it.
 *
 * @param address address or area (住所・地区)
 * @param ageGroup e.g. 30代
 */
public record Submitter(String name, String address, String contact, String ageGroup) {

    public String value(SubmitterField field) {
        return switch (field) {
            case NAME -> name;
            case ADDRESS -> address;
            case CONTACT -> contact;
            case AGE_GROUP -> ageGroup;
        };
    }

    @Override
    public String toString() {
        return "Submitter[personal data withheld]";
    }
}
