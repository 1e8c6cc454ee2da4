package jp.renkei.web.desk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.oidc.OidcClient;
import jp.renkei.web.oidc.OidcProperties;
import jp.renkei.web.oidc.OidcSignInException;
import jp.renkei.web.oidc.OidcSignInException.Failure;
import jp.renkei.web.oidc.OidcTokens;
import jp.renkei.web.oidc.PendingSignIn;
import jp.renkei.web.security.StaffAuthentication;
import jp.renkei.web.security.StaffSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Signing in to the desk through the city's OIDC provider: the browser goes to the provider with this sign-in's
 * {@code state}, {@code nonce} and PKCE challenge (kept in its session) and comes back with a code, which the desk
 * exchanges and checks; the gateway must take the access token for a member of staff ({@code GET /api/me}), like a
 * key. Then the session, under a new id, keeps the tokens; the browser never sees them. Whatever goes wrong ends on
 * the sign-in page with the reason.
 */
@Controller
@ConditionalOnProperty("renkei.web.oidc.issuer-uri")
class OidcSignInPages {

    static final String CALLBACK = "/desk/signin/oidc/callback";
    private static final String PENDING = OidcSignInPages.class.getName() + ".pending";
    private static final Logger log = LoggerFactory.getLogger(OidcSignInPages.class);

    private final OidcClient client;
    private final OidcProperties properties;
    private final StaffSessions sessions;
    private final Clock clock = Clock.systemUTC();

    OidcSignInPages(OidcClient client, OidcProperties properties, StaffSessions sessions) {
        this.client = client;
        this.properties = properties;
        this.sessions = sessions;
    }

    @GetMapping("/desk/signin/oidc")
    String start(HttpServletRequest request) {
        URI callback = properties.redirectUri() != null ? properties.redirectUri()
                : ServletUriComponentsBuilder.fromContextPath(request).path(CALLBACK).build().toUri();
        PendingSignIn pending = client.begin(callback);
        URI provider = client.authorizationUrl(pending);
        request.getSession(true).setAttribute(PENDING, pending);
        return "redirect:" + provider;
    }

    @GetMapping(CALLBACK)
    String callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
                    @RequestParam(required = false) String error, HttpServletRequest request,
                    HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        PendingSignIn pending = session == null ? null : (PendingSignIn) session.getAttribute(PENDING);
        if (session != null) {
            // one answer per sign-in: a second use of the same state finds nothing
            session.removeAttribute(PENDING);
        }
        if (pending == null || !pending.answeredBy(state, clock.instant())) {
            throw new OidcSignInException(Failure.UNKNOWN_STATE, "no sign-in of this session awaits that state");
        }
        if (error != null) {
            throw new OidcSignInException(Failure.DENIED, "the provider answered " + error);
        }
        if (code == null || code.isBlank()) {
            throw new OidcSignInException(Failure.REJECTED, "the provider sent no code");
        }
        OidcTokens tokens = client.redeem(pending, code);
        List<String> roles;
        try {
            roles = sessions.staffRoles(tokens.accessToken());
        } catch (ApiProblemException e) {
            if (e.status() != 401) {
                throw e;
            }
            throw new OidcSignInException(Failure.REJECTED, "the gateway does not accept the provider's token");
        }
        if (roles.isEmpty()) {
            throw new OidcSignInException(Failure.NOT_STAFF, "the token carries no staff role");
        }
        sessions.signIn(StaffAuthentication.withOidc(tokens, roles), request, response);
        return "redirect:/desk";
    }

    @ExceptionHandler(OidcSignInException.class)
    String failed(OidcSignInException e, HttpServletResponse response, Model model) {
        log.info("OIDC sign-in ended without signing in: {} ({})", e.failure(), e.getMessage());
        response.setStatus(e.failure().status());
        return SignInPages.page(model, true, null, e.failure().message(), Map.of());
    }
}
