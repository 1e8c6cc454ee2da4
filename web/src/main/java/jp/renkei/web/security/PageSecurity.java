package jp.renkei.web.security;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import jp.renkei.web.oidc.OidcClient;
import jp.renkei.web.oidc.OidcProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public pages need no sign-in; the staff desk ({@code /desk/**}) needs a member of staff signed in with their
 * credential ({@link StaffAuthentication}, kept in the HTTP session), and each part of it the role that can use it:
 * revising measures an editor, moderating a moderator, the operator console an operator (a role that reaches another
 * part by its address gets the "not allowed" page). Every form carries Spring Security's CSRF token (a forged post is
 * 403), and every answer a strict Content-Security-Policy: only this site's own files, no inline script or style, no
 * framing, forms sent only here (and, with OIDC, redirected on to the provider's sign-out).
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    static final String SIGN_IN = "/desk/signin";
    static final String NOT_ALLOWED = "/desk/not-allowed";

    @Bean
    SecurityFilterChain pages(HttpSecurity http, SecurityContextRepository sessions, CsrfTokenRepository csrfTokens,
                              OidcProperties oidc, ObjectProvider<OidcClient> oidcClient) throws Exception {
        return http
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(SIGN_IN, SIGN_IN + "/oidc", SIGN_IN + "/oidc/callback").permitAll()
                        .requestMatchers("/desk/console", "/desk/console/**")
                        .hasAuthority(StaffAuthentication.OPERATOR)
                        .requestMatchers("/desk/measures/**").hasAuthority(StaffAuthentication.PLAN_EDITOR)
                        .requestMatchers("/desk/consultations/new")
                        .hasAnyAuthority(StaffAuthentication.PLAN_EDITOR, StaffAuthentication.MODERATOR)
                        .requestMatchers("/desk/consultations/**").hasAuthority(StaffAuthentication.MODERATOR)
                        .requestMatchers("/desk", "/desk/**").hasAuthority(StaffAuthentication.STAFF)
                        .anyRequest().permitAll())
                .securityContext(context -> context.securityContextRepository(sessions))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signInPage())
                        .accessDeniedHandler(notAllowed()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(oidc)))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .logout(logout -> logout.logoutUrl("/desk/signout").logoutSuccessHandler(signedOut(oidcClient))
                        .invalidateHttpSession(true).deleteCookies("RENKEI_SESSION"))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    /**
     * Only this site's own files, no inline script or style, no framing; forms go only here, and with OIDC sign-in
     * also on to the provider, where the sign-out form's redirect takes the browser (Chromium applies
     * {@code form-action} to a form's redirects too).
     */
    static String contentSecurityPolicy(OidcProperties oidc) {
        String formAction = "'self'";
        if (oidc.enabled()) {
            URI issuer = oidc.issuerUri();
            formAction += " " + issuer.getScheme() + "://" + issuer.getRawAuthority();
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action " + formAction + "; frame-ancestors 'none'";
    }

    /** Where the desk sends a browser without a signed-in session: relative, so it stays behind the gateway. */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        signIn.setFavorRelativeUris(true);
        return signIn;
    }

    /**
     * A form without its CSRF token is refused as before ("the form expired"); a signed-in member of staff whose
     * roles do not reach a page gets the "not allowed" page, both 403.
     */
    private static AccessDeniedHandler notAllowed() {
        AccessDeniedHandlerImpl forbiddenRole = new AccessDeniedHandlerImpl();
        forbiddenRole.setErrorPage(NOT_ALLOWED);
        LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> byKind = new LinkedHashMap<>();
        byKind.put(CsrfException.class, new AccessDeniedHandlerImpl());
        return new DelegatingAccessDeniedHandler(byKind, forbiddenRole);
    }

    /**
     * After the desk's session has ended: the provider's own sign-out when signed in through it (and it has one),
     * which brings the browser back to the sign-in page; otherwise the sign-in page at once.
     */
    private static LogoutSuccessHandler signedOut(ObjectProvider<OidcClient> oidcClient) {
        return (request, response, authentication) -> {
            String signedOut = SIGN_IN + "?signedOut";
            OidcClient client = oidcClient.getIfAvailable();
            Optional<URI> providerSignOut = Optional.empty();
            if (client != null && authentication instanceof StaffAuthentication staff && staff.oidc() != null) {
                providerSignOut = client.endSession(staff.oidc(),
                        ServletUriComponentsBuilder.fromContextPath(request).path(SIGN_IN).query("signedOut")
                                .build().toUri());
            }
            response.sendRedirect(providerSignOut.map(URI::toString).orElse(signedOut));
        };
    }

    /** Where a signed-in member of staff is remembered: their HTTP session on this server, never the browser. */
    @Bean
    SecurityContextRepository signedInStaff() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CsrfTokenRepository csrfTokens() {
        return new HttpSessionCsrfTokenRepository();
    }

    /**
     * What signing in does to the session besides remembering the staff member: a new session id (a session id
     * planted before sign-in is worthless after it) and a new CSRF token.
     */
    @Bean
    SessionAuthenticationStrategy signInStrategy(CsrfTokenRepository csrfTokens) {
        return new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(csrfTokens)));
    }

    /** Nobody signs in with a password: no generated user and password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
