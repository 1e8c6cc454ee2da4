package jp.renkei.plan.web;

import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.ServiceAccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may do what in plan-service, checked here as well as at the gateway: anyone with a valid token (anonymous
 * callers come with a {@code PUBLIC} one) reads; a {@code PLAN_EDITOR} changes anything; a {@code PARTNER} revises
 * and patches measures and approves them. Which plans a partner may touch is known only with the plan: the
 * measure service refuses (403) a partner that does not co-own the plan, before anything is written.
 */
@Component
class PlanAccessRules implements ServiceAccessRules {

    private static final String MEASURE = "/plans/{planId}/measures/{measureId}";

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/plans", "/plans/**").authenticated()
                .requestMatchers(HttpMethod.HEAD, "/plans", "/plans/**").authenticated()
                .requestMatchers(HttpMethod.PUT, MEASURE).hasAnyRole(InternalToken.PLAN_EDITOR, InternalToken.PARTNER)
                .requestMatchers(HttpMethod.PATCH, MEASURE).hasAnyRole(InternalToken.PLAN_EDITOR, InternalToken.PARTNER)
                .requestMatchers(HttpMethod.POST, MEASURE + "/approvals").hasRole(InternalToken.PARTNER)
                .requestMatchers("/plans", "/plans/**").hasRole(InternalToken.PLAN_EDITOR);
    }
}
