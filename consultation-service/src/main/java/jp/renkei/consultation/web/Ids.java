package jp.renkei.consultation.web;

/** What an id in a path or body may look like: short, ASCII, no path or query characters. */
final class Ids {

    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private Ids() {
    }
}
