package jp.renkei.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the gateway's {@code X-Request-Id} into the logging context ({@value #MDC_KEY}) for as long as a request is
 * handled, and answers with it, so one id follows a call through the gateway and every service's log (each
 * service's log pattern shows {@code %X{requestId}}). An id that does not look like one the gateway makes is ignored,
 * so a caller cannot write arbitrary text into the logs. A service registers it as a bean.
 */
public class RequestIdLogging extends OncePerRequestFilter implements Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{8,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HEADER);
        if (id == null || !ACCEPTABLE.matcher(id).matches()) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    @Override
    public int getOrder() {
        // before security and everything else, so refusals are logged with the id too
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
