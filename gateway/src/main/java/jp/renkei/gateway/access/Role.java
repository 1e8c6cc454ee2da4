package jp.renkei.gateway.access;

import jp.renkei.contracts.security.InternalToken;

/** What a caller may do; the names travel in the internal token's {@code roles} claim. */
public enum Role {
    /** Everyone, with or without a key: reads of published content, opinions. */
    PUBLIC(InternalToken.PUBLIC),
    PLAN_EDITOR(InternalToken.PLAN_EDITOR),
    MODERATOR(InternalToken.MODERATOR),
    OPERATOR(InternalToken.OPERATOR),
    /** A partner municipality, bound to one partner id. */
    PARTNER(InternalToken.PARTNER);

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
