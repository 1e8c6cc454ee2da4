package jp.renkei.web.desk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.api.StaffApi;
import jp.renkei.web.security.StaffAuthentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in to the staff desk with an API key: the gateway checks the key, the desk keeps it in the staff member's
 * HTTP session (never in a page or a cookie), under a new session id. Signing out is Spring Security's logout
 * ({@code POST /desk/signout}), which ends the session.
 */
@Controller
class SignInPages {

    /** Longer than any API key or staff token the gateway accepts. */
    private static final int MAX_CREDENTIAL_LENGTH = 4096;

    private final StaffApi api;
    private final SessionAuthenticationStrategy signIn;
    private final SecurityContextRepository sessions;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SignInPages(StaffApi api, SessionAuthenticationStrategy signIn, SecurityContextRepository sessions) {
        this.api = api;
        this.signIn = signIn;
        this.sessions = sessions;
    }

    @GetMapping("/desk/signin")
    String form(@RequestParam(required = false) String signedOut, Model model) {
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("problems", Map.of());
        return "desk-signin";
    }

    @PostMapping("/desk/signin")
    String signIn(@RequestParam(name = "key", required = false) String key, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        String credential = key == null ? "" : key.strip();
        String problem = credential.isEmpty() ? "APIキーを入力してください。"
                : credential.length() > MAX_CREDENTIAL_LENGTH || !credential.matches("[\\x21-\\x7E]+")
                ? "APIキーの形式ではありません（rk_ で始まる英数字）。" : null;
        if (problem == null) {
            try {
                if (!api.caller(credential).isStaff()) {
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
            model.addAttribute("signedOut", false);
            model.addAttribute("problems", Map.of("key", problem));
            return "desk-signin";
        }
        StaffAuthentication staff = new StaffAuthentication(credential);
        request.getSession(true);
        signIn.onAuthentication(staff, request, response);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(staff);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
        return "redirect:/desk";
    }
}
