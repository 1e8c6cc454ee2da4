package jp.renkei.web.security;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The public pages need no sign-in; the staff desk ({@code /desk/**}) needs a member of staff signed in with their
 * credential ({@link StaffAuthentication}, kept in the HTTP session). Every form carries Spring Security's CSRF token
 * (a forged post is 403), and every answer a strict Content-Security-Policy: only this site's own files, no inline
 * script or style, no framing.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final String SIGN_IN = "/desk/signin";

    @Bean
    SecurityFilterChain pages(HttpSecurity http, SecurityContextRepository sessions, CsrfTokenRepository csrfTokens)
            throws Exception {
        return http
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(SIGN_IN).permitAll()
                        .requestMatchers("/desk", "/desk/**").hasAuthority(StaffAuthentication.STAFF)
                        .anyRequest().permitAll())
                .securityContext(context -> context.securityContextRepository(sessions))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signInPage()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .logout(logout -> logout.logoutUrl("/desk/signout").logoutSuccessUrl(SIGN_IN + "?signedOut")
                        .invalidateHttpSession(true).deleteCookies("RENKEI_SESSION"))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    /** Where the desk sends a browser without a signed-in session: relative, so it stays behind the gateway. */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        signIn.setFavorRelativeUris(true);
        return signIn;
    }

    /** Where a signed-in member of staff is remembered: their HTTP session on this server, never the browser. */
    @Bean
    SecurityContextRepository staffSessions() {
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
