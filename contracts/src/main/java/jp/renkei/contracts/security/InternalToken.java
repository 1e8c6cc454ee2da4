package jp.renkei.contracts.security;

import java.util.List;

/**
 * The token the gateway forwards to the services in {@code Authorization: Bearer}: a short-lived JWT signed with the
 * gateway's key (ES256), whose public half the gateway serves as a JWK set. Services accept nothing else.
 */
public final class InternalToken {

    /** {@code iss}: who minted it. */
    public static final String ISSUER = "renkei-gateway";
    /** {@code aud}: who may accept it. */
    public static final String AUDIENCE = "renkei-services";
    /** Where the gateway serves its public keys. */
    public static final String JWKS_PATH = "/internal/jwks.json";

    /** Claim: the caller's roles, names as in {@link #ROLES_KNOWN}. */
    public static final String ROLES = "roles";
    /** Claim: the partner a {@code PARTNER} caller is bound to. */
    public static final String PARTNER_ID = "partner_id";
    /** Claim: the request id the gateway gave the call ({@code X-Request-Id}). */
    public static final String REQUEST_ID = "request_id";

    public static final String PUBLIC = "PUBLIC";
    public static final String PLAN_EDITOR = "PLAN_EDITOR";
    public static final String MODERATOR = "MODERATOR";
    public static final String OPERATOR = "OPERATOR";
    public static final String PARTNER = "PARTNER";
    public static final List<String> ROLES_KNOWN = List.of(PUBLIC, PLAN_EDITOR, MODERATOR, OPERATOR, PARTNER);

    private InternalToken() {
    }
}
