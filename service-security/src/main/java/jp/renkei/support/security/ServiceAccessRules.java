package jp.renkei.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own rules of who may call what, checked after the token is validated. Anything the rules leave open
 * needs a valid token of any role ({@code PUBLIC} included). Roles are authorities {@code ROLE_<name>}, so
 * {@code hasRole("PLAN_EDITOR")} reads as it should.
 */
@FunctionalInterface
public interface ServiceAccessRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
