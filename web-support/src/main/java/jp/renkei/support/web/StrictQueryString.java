package jp.renkei.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that is not percent-encoded UTF-8 (a broken escape such as {@code %zz}, an overlong form such
 * as {@code %C0%AE}, an encoded surrogate such as {@code %ED%A0%80}, a cut sequence) with a 400 problem naming the
 * parameter, before anything reads the parameters. Tomcat would otherwise throw from the first
 * {@code getParameter}, wherever that happens to be — a controller, a filter, the security chain — as a 500.
 */
public class StrictQueryString extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> malformed = firstMalformedParameter(request.getQueryString());
        if (malformed.isPresent()) {
            ProblemResponses.write(response, ProblemDetailsExceptionHandler.invalid(malformed.get(),
                    "not percent-encoded UTF-8"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name of the first parameter whose name or value is not percent-encoded UTF-8 ({@code query} if its name is not). */
    static Optional<String> firstMalformedParameter(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            Optional<String> name = decode(rawName);
            if (name.isEmpty()) {
                return Optional.of("query");
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)).isEmpty()) {
                return Optional.of(name.get().isEmpty() ? "query" : name.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length() * 3);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}
