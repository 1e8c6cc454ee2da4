package jp.renkei.sync.web;

/** The forms of ids in paths; anything else is a 400 before it reaches the store. */
final class Ids {

    static final String PARTNER = "[a-z0-9][a-z0-9-]{0,63}";
    static final String ENDPOINT = "[a-z0-9][a-z0-9-]{0,79}";
    static final String SUBSCRIPTION = "[a-z0-9][a-z0-9-]{0,79}";
    /** A CloudEvent id as producers write them (UUIDs, here and in plan- and consultation-service). */
    static final String EVENT = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    /** A response: {@code partnerId:eventId}. */
    static final String RESPONSE = PARTNER + ":" + EVENT;
    static final String PLAN = "[a-z0-9][a-z0-9-]{0,99}";
    static final String MEASURE = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private Ids() {
    }
}
