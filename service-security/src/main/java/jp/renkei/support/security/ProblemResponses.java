package jp.renkei.support.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** 400 (a rejected request), 401 and 403 as RFC 9457 problems, like every other refusal; the cause stays in the service's log. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(request.getHeader(HttpHeaders.AUTHORIZATION)));
            write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "this service accepts only a valid token from the gateway");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, denied) -> write(response, HttpServletResponse.SC_FORBIDDEN,
                "forbidden", "Forbidden", "the caller's roles do not allow this call");
    }

    /**
     * 400 for what Spring Security's firewall refuses before any rule runs: {@code ;} (matrix parameters, {@code ..;}),
     * encoded slashes or periods, {@code //}, characters outside those a path may hold. Without it the refusal went to
     * the servlet container's error page, in Spring's default error JSON.
     */
    static RequestRejectedHandler rejected() {
        return (request, response, rejected) -> write(response, HttpServletResponse.SC_BAD_REQUEST,
                "rejected-request", "Rejected request",
                "the request path or headers hold characters or sequences this service refuses");
    }

    private static String bearerChallenge(String authorization) {
        return authorization == null ? "Bearer" : "Bearer error=\"invalid_token\"";
    }

    private static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"https://renkei.jp/problems/" + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }
}
