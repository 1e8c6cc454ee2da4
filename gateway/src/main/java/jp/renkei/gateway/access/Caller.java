package jp.renkei.gateway.access;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, as the gateway established it.
 *
 * @param subject   the key's owner, the staff member's subject, or {@code anonymous}
 * @param roles     what they may do; {@code PUBLIC} alone for anonymous callers
 * @param partnerId the partner a {@code PARTNER} is bound to, otherwise null
 * @param keyId     the lookup prefix of the API key used, null for anonymous and OIDC callers
 */
public record Caller(String subject, Set<Role> roles, String partnerId, String keyId) {

    public static final String ATTRIBUTE = Caller.class.getName();
    public static final String ANONYMOUS_SUBJECT = "anonymous";

    public Caller {
        roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public static Caller anonymous() {
        return new Caller(ANONYMOUS_SUBJECT, EnumSet.of(Role.PUBLIC), null, null);
    }

    public boolean isAnonymous() {
        return keyId == null && roles.equals(EnumSet.of(Role.PUBLIC)) && ANONYMOUS_SUBJECT.equals(subject);
    }

    public boolean has(Role role) {
        return role == Role.PUBLIC || roles.contains(role);
    }

    /** The caller the authentication filter put on the exchange; anonymous if none (for paths it does not see). */
    public static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        return caller == null ? anonymous() : caller;
    }
}
