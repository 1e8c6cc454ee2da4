package jp.renkei.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import jp.renkei.web.api.StaffApi;
import jp.renkei.web.api.StaffModels;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signing a member of staff in and out of the desk, whatever they signed in with (an API key or the provider's
 * token): the gateway says who the credential's holder is, and the session remembers them under a new id.
 */
@Component
public class StaffSessions {

    private final StaffApi api;
    private final SessionAuthenticationStrategy signIn;
    private final SecurityContextRepository sessions;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    StaffSessions(StaffApi api, SessionAuthenticationStrategy signIn, SecurityContextRepository sessions) {
        this.api = api;
        this.signIn = signIn;
        this.sessions = sessions;
    }

    /**
     * The staff roles the gateway gives the credential ({@code GET /api/me}); none for a partner's or a citizen's.
     * A credential the gateway does not accept is a 401 {@link jp.renkei.web.api.ApiProblemException}.
     */
    public List<String> staffRoles(String credential) {
        StaffModels.Caller caller = api.caller(credential);
        return caller.isStaff() ? caller.staffRoles() : List.of();
    }

    /** Remembers the staff member in the session, under a new session id and with a new CSRF token. */
    public void signIn(StaffAuthentication staff, HttpServletRequest request, HttpServletResponse response) {
        request.getSession(true);
        signIn.onAuthentication(staff, request, response);
        remember(staff, request, response);
    }

    /** The same staff member with a new credential (the provider refreshed the token), in the same session. */
    public void remember(StaffAuthentication staff, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(staff);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
    }

    /** Forgets the staff member: the session and everything in it ends. */
    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        contexts.clearContext();
    }
}
