package jp.renkei.web.desk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.oidc.OidcProperties;
import jp.renkei.web.security.StaffAuthentication;
import jp.renkei.web.security.StaffSessions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in to the staff desk with an API key: the gateway checks the key, the desk keeps it in the staff member's
 * HTTP session (never in a page or a cookie), under a new session id. With the city's OIDC provider configured the
 * page also offers signing in there ({@link OidcSignInPages}). Signing out is Spring Security's logout
 * ({@code POST /desk/signout}), which ends the session.
 */
@Controller
class SignInPages {

    /** Longer than any API key or staff token the gateway accepts. */
    private static final int MAX_CREDENTIAL_LENGTH = 4096;
    static final String EXPIRED = "サインインの有効期限が切れました。もう一度サインインしてください。";

    private final StaffSessions sessions;
    private final boolean oidc;

    SignInPages(StaffSessions sessions, OidcProperties oidc) {
        this.sessions = sessions;
        this.oidc = oidc.enabled();
    }

    @GetMapping("/desk/signin")
    String form(@RequestParam(required = false) String signedOut, @RequestParam(required = false) String expired,
                Model model) {
        return page(model, oidc, signedOut != null ? "サインアウトしました。" : null, expired != null ? EXPIRED : null,
                Map.of());
    }

    @PostMapping("/desk/signin")
    String signIn(@RequestParam(name = "key", required = false) String key, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        String credential = key == null ? "" : key.strip();
        String problem = credential.isEmpty() ? "APIキーを入力してください。"
                : credential.length() > MAX_CREDENTIAL_LENGTH || !credential.matches("[\\x21-\\x7E]+")
                ? "APIキーの形式ではありません（rk_ で始まる英数字）。" : null;
        List<String> roles = List.of();
        if (problem == null) {
            try {
                roles = sessions.staffRoles(credential);
                if (roles.isEmpty()) {
                    problem = "このキーは職員用ではありません（提携自治体などのキーではデスクに入れません）。";
                }
            } catch (ApiProblemException e) {
                if (e.status() != 401) {
                    throw e;
                }
                problem = "このキーは使えません（不明・失効・取り消し済み）。";
            }
        }
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(model, oidc, null, null, Map.of("key", problem));
        }
        sessions.signIn(StaffAuthentication.withKey(credential, roles), request, response);
        return "redirect:/desk";
    }

    /**
     * The sign-in page: the key's form, the provider's button when configured, and what happened before (signed out,
     * expired, the provider's refusal).
     */
    static String page(Model model, boolean oidc, String notice, String refusal, Map<String, String> problems) {
        model.addAttribute("oidc", oidc);
        model.addAttribute("notice", notice);
        model.addAttribute("refusal", refusal);
        model.addAttribute("problems", problems);
        return "desk-signin";
    }
}
