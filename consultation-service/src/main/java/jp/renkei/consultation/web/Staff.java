package jp.renkei.consultation.web;

import jp.renkei.support.web.InvalidFieldException;

/**
 * Who is acting, for the audit log. The seam for authentication: until the gateway passes a verified identity
 * (internal JWT, being built there), staff and moderator calls name themselves in {@value #ACTOR_HEADER}; when the
 * token arrives, only {@link #actor} changes.
 */
final class Staff {

    static final String ACTOR_HEADER = "X-Renkei-Actor";
    private static final int MAX_LENGTH = 64;

    private Staff() {
    }

    static String actor(String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidFieldException(ACTOR_HEADER, "staff and moderator calls name the acting person");
        }
        String actor = header.strip();
        if (actor.length() > MAX_LENGTH || actor.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException(ACTOR_HEADER, "at most " + MAX_LENGTH + " characters, no control characters");
        }
        return actor;
    }
}
