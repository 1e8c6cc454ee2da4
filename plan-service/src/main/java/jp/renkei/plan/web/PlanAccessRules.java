package jp.renkei.plan.web;

import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.ServiceAccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may do what in plan-service, checked here as well as at the gateway: anyone with a valid token (anonymous
 * callers come with a {@code PUBLIC} one) reads; only a {@code PLAN_EDITOR} changes anything.
 */
@Component
class PlanAccessRules implements ServiceAccessRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/plans", "/plans/**").authenticated()
                .requestMatchers(HttpMethod.HEAD, "/plans", "/plans/**").authenticated()
                .requestMatchers("/plans", "/plans/**").hasRole(InternalToken.PLAN_EDITOR);
    }
}
