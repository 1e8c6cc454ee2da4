package jp.renkei.sync.web;

import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.sync.collaboration.Collaboration;

/** The length limit of responses' and answers' texts, counted in characters as people count them (code points). */
final class TextLimit {

    private TextLimit() {
    }

    /** @throws InvalidFieldException naming {@code field} when the text is longer than the limit */
    static void check(String field, String text) {
        if (text != null && text.codePointCount(0, text.length()) > Collaboration.MAX_TEXT) {
            throw new InvalidFieldException(field, "at most " + Collaboration.MAX_TEXT + " characters");
        }
    }
}
