package jp.renkei.consultation.web;

import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.ServiceAccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may do what in consultation-service, checked here as well as at the gateway (defence in depth). Every call
 * needs the gateway's valid token; anonymous callers come with a {@code PUBLIC} one. The first matching row decides:
 *
 * <table>
 * <caption>Function-level rules</caption>
 * <tr><th>call</th><th>PUBLIC (any valid token)</th><th>PLAN_EDITOR</th><th>MODERATOR</th></tr>
 * <tr><td>POST /consultations/{id}/opinions (submit an opinion)</td><td>✓</td><td>✓</td><td>✓</td></tr>
 * <tr><td>GET /consultations, /consultations/{id}, /consultations/{id}/results, /consultations/{id}/results.csv</td>
 *     <td>✓ ¹</td><td>✓</td><td>✓</td></tr>
 * <tr><td>POST /consultations (create), /consultations/{id}/deadline (extend), /consultations/{id}/abandon</td>
 *     <td>403</td><td>✓</td><td>✓</td></tr>
 * <tr><td>GET /hearings/published (publishable, answered records), /hearings/report (counts per measure)</td>
 *     <td>✓</td><td>✓</td><td>✓</td></tr>
 * <tr><td>anything else under /consultations/{id}/…: the audit log, the moderators' list of opinions, the
 *     submitter's personal data, hide, redact, summary, response, groups, publishing the results</td>
 *     <td>403</td><td>403</td><td>✓</td></tr>
 * <tr><td>anything else under /hearings: every record (publishable or not), one record, intake, answer, close</td>
 *     <td>403</td><td>403</td><td>✓</td></tr>
 * <tr><td>/actuator/** other than the health probes (which need no token)</td><td>403</td><td>403</td>
 *     <td>403 (OPERATOR only)</td></tr>
 * <tr><td>anything else, e.g. the OpenAPI document</td><td>✓</td><td>✓</td><td>✓</td></tr>
 * </table>
 *
 * <p>¹ Object level, in {@link CaseVisibility}: a case that has never opened (a DRAFT, or one abandoned as a draft)
 * exists only for staff ({@code PLAN_EDITOR}, {@code MODERATOR}); for anyone else it is 404, as if it did not
 * exist, on every public call naming it (read, results, opinion submission) and it is left out of the list. A missing,
 * expired, forged or wrong-key token is 401; a valid token without the role is 403. Personal data never reaches a
 * public view: {@code ConsultationView}, the published result and {@code PublicHearing} carry none.
 */
@Component
class ConsultationAccessRules implements ServiceAccessRules {

    static final String[] STAFF = {InternalToken.PLAN_EDITOR, InternalToken.MODERATOR};

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        String[] publicReads = {"/consultations", "/consultations/{id}", "/consultations/{id}/results",
                "/consultations/{id}/results.csv", "/hearings/published", "/hearings/report"};
        rules.requestMatchers(HttpMethod.POST, "/consultations/{id}/opinions").authenticated()
                .requestMatchers(HttpMethod.GET, publicReads).authenticated()
                .requestMatchers(HttpMethod.HEAD, publicReads).authenticated()
                .requestMatchers(HttpMethod.POST, "/consultations", "/consultations/{id}/deadline",
                        "/consultations/{id}/abandon").hasAnyRole(STAFF)
                .requestMatchers("/consultations", "/consultations/**", "/hearings", "/hearings/**")
                .hasRole(InternalToken.MODERATOR)
                .requestMatchers("/actuator/**").hasRole(InternalToken.OPERATOR);
    }
}
