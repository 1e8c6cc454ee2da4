package jp.renkei.sync.web;

import java.util.function.Supplier;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.ServiceAccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may do what in regional-sync-service, checked here as well as at the gateway: operators register partners
 * and see everything; a {@code PARTNER} reaches only its own partner's endpoints, subscriptions, deliveries and
 * feed — the partner id in its token must be the one in the path. A response is written only by the partner itself
 * (an operator reads it); the city's side of responses and requests for views is staff's with {@code PLAN_EDITOR}.
 */
@Component
class SyncAccessRules implements ServiceAccessRules {

    private static final String ROLE_OPERATOR = "ROLE_" + InternalToken.OPERATOR;
    private static final String ROLE_PARTNER = "ROLE_" + InternalToken.PARTNER;

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/partners").hasRole(InternalToken.OPERATOR)
                .requestMatchers(HttpMethod.PUT, "/partners/{partnerId}/responses/**").access(new OwnPartner())
                .requestMatchers("/collaboration/**").hasRole(InternalToken.PLAN_EDITOR)
                .requestMatchers("/partners/{partnerId}", "/partners/{partnerId}/**").access(new OperatorOrOwnPartner())
                .requestMatchers("/actuator/**").hasRole(InternalToken.OPERATOR);
    }

    /** An operator, or a partner whose token names the partner in the path. */
    static final class OperatorOrOwnPartner implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                             RequestAuthorizationContext request) {
            Authentication caller = authentication.get();
            if (caller == null || !caller.isAuthenticated()) {
                return new AuthorizationDecision(false);
            }
            return new AuthorizationDecision(has(caller, ROLE_OPERATOR) || isOwnPartner(caller, request));
        }
    }

    /** Only the partner whose token names the partner in the path: what a partner says is its own to say. */
    static final class OwnPartner implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                             RequestAuthorizationContext request) {
            Authentication caller = authentication.get();
            return new AuthorizationDecision(caller != null && caller.isAuthenticated()
                    && isOwnPartner(caller, request));
        }
    }

    private static boolean isOwnPartner(Authentication caller, RequestAuthorizationContext request) {
        String partnerId = request.getVariables().get("partnerId");
        return has(caller, ROLE_PARTNER) && caller instanceof JwtAuthenticationToken jwt && partnerId != null
                && partnerId.equals(jwt.getToken().getClaimAsString(InternalToken.PARTNER_ID));
    }

    private static boolean has(Authentication caller, String authority) {
        return caller.getAuthorities().stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
    }
}
