package jp.renkei.sync.web;

/** The forms of ids in paths; anything else is a 400 before it reaches the store. */
final class Ids {

    static final String PARTNER = "[a-z0-9][a-z0-9-]{0,63}";
    static final String ENDPOINT = "[a-z0-9][a-z0-9-]{0,79}";
    static final String SUBSCRIPTION = "[a-z0-9][a-z0-9-]{0,79}";

    private Ids() {
    }
}
