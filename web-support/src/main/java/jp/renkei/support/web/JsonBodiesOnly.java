package jp.renkei.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The services read JSON bodies in UTF-8 and nothing else. A body declared as something no service reads is refused
 * with a 415 problem naming {@code Content-Type} before anything parses it: a wildcard or unreadable type (Spring
 * asserts on it, a 500), a form or multipart body (Spring's form filter and multipart resolver parse those before any
 * controller, and a malformed one was a 500 with an ERROR trace), or a charset other than UTF-8 (read as declared,
 * Japanese text would be stored changed instead of byte for byte).
 */
public class JsonBodiesOnly extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal = refusal(request);
        if (refusal.isPresent()) {
            ProblemResponses.write(response, ProblemDetailsExceptionHandler.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type", "Unsupported media type", "Content-Type: " + refusal.get()));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request's body may not be read, if it has one that may not. */
    static Optional<String> refusal(HttpServletRequest request) {
        String declared = request.getContentType();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (declared == null || !hasBody) {
            return Optional.empty();
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(declared);
        } catch (InvalidMediaTypeException unreadable) {
            return Optional.of("not a media type");
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return Optional.of("a body has one concrete type, not a wildcard");
        }
        if (type.getType().equals("multipart") || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return Optional.of("this API reads JSON bodies, not forms");
        }
        if (type.getParameter("charset") != null
                && !StandardCharsets.UTF_8.name().equalsIgnoreCase(type.getParameter("charset").replace("\"", ""))) {
            return Optional.of("bodies are read as UTF-8 only");
        }
        return Optional.empty();
    }
}
