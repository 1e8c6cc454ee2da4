package jp.renkei.plan.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Cache-Control} for every read: public plan content may be kept by HTTP caches for a short while and is
 * revalidated with its ETag ({@code If-None-Match} answers 304); what a staff caller reads is never stored, as it may
 * show what the public does not see. The answer varies with {@code Authorization}. Runs after authentication.
 */
@Component
class ReadCaching extends OncePerRequestFilter {

    private final PublicReads publicReads;

    ReadCaching(PublicReads publicReads) {
        this.publicReads = publicReads;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, publicReads.cacheControl(
                    SecurityContextHolder.getContext().getAuthentication()).getHeaderValue());
            response.setHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        }
        chain.doFilter(request, response);
    }
}
