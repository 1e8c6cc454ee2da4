package jp.renkei.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import jp.renkei.web.oidc.OidcClient;
import jp.renkei.web.oidc.OidcSignInException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A desk page asked for with the provider's access token expired (or about to): the refresh token buys a new one when
 * the provider gave one; otherwise, or when the provider refuses, the session ends and the browser goes back to the
 * sign-in page, which says why. An API key does not expire this way (the gateway's 401 page asks to sign in again).
 */
@Configuration(proxyBeanMethods = false)
class ExpiredTokens implements WebMvcConfigurer {

    /** Refreshed this long before it expires, so that a page's several API calls do not meet the expiry halfway. */
    static final long MARGIN_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ExpiredTokens.class);

    private final ObjectProvider<OidcClient> oidc;
    private final StaffSessions sessions;
    private final Clock clock = Clock.systemUTC();

    ExpiredTokens(ObjectProvider<OidcClient> oidc, StaffSessions sessions) {
        this.oidc = oidc;
        this.sessions = sessions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws IOException {
                return stillValid(request, response);
            }
        }).addPathPatterns("/desk", "/desk/**").excludePathPatterns(PageSecurity.SIGN_IN, PageSecurity.SIGN_IN + "/**");
    }

    private boolean stillValid(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (!(signedIn instanceof StaffAuthentication staff) || staff.oidc() == null
                || !staff.oidc().expiredAt(clock.instant(), MARGIN_SECONDS)) {
            return true;
        }
        OidcClient client = oidc.getIfAvailable();
        if (client != null && staff.oidc().refreshToken() != null) {
            try {
                sessions.remember(staff.refreshed(client.refresh(staff.oidc())), request, response);
                return true;
            } catch (OidcSignInException e) {
                log.info("the provider did not refresh a staff member's token ({}): signing them out",
                        e.getMessage());
            }
        }
        sessions.end(request);
        response.sendRedirect(PageSecurity.SIGN_IN + "?expired");
        return false;
    }
}
