package jp.renkei.web.api;

import java.util.Map;

/** A page that does not exist: the 404 page. */
public class PageNotFoundException extends ApiProblemException {

    /** What an id of a measure or a consultation looks like in the API. */
    private static final String ID = "[0-9A-Za-z][0-9A-Za-z._-]{0,63}";

    public PageNotFoundException() {
        super(404, "Not Found", "no such page", Map.of());
    }

    /** An id that cannot be one is a missing page, not a call to the API. */
    public static void unlessId(String id) {
        if (!id.matches(ID)) {
            throw new PageNotFoundException();
        }
    }
}
