package jp.renkei.plan.web;

import java.security.Principal;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.plan.measure.Actor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is calling, as the gateway's token says: the subject and, for a partner's key, the partner it belongs to. */
final class Callers {

    /** The editor recorded for a change made without an authenticated caller. */
    static final String ANONYMOUS = "anonymous";
    private static final String ROLE_PARTNER = "ROLE_" + InternalToken.PARTNER;

    private Callers() {
    }

    static Actor actor(Principal principal) {
        if (principal == null) {
            return Actor.staff(ANONYMOUS);
        }
        return new Actor(principal.getName(), partnerId(principal));
    }

    /** The partner a {@code PARTNER} token is bound to; null for everyone else (the city's staff). */
    static String partnerId(Object principal) {
        if (principal instanceof JwtAuthenticationToken jwt && jwt.getAuthorities().stream()
                .anyMatch(granted -> ROLE_PARTNER.equals(granted.getAuthority()))) {
            return jwt.getToken().getClaimAsString(InternalToken.PARTNER_ID);
        }
        return null;
    }
}
