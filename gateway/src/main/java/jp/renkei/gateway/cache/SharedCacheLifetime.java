package jp.renkei.gateway.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a shared cache may keep a response, read from its {@code Cache-Control} as RFC 9111 says a shared cache
 * must: every directive of every header line, not the header's whole value. A response is kept only when it says
 * {@code public} and gives a positive {@code s-maxage} or {@code max-age}, and names none of {@code private},
 * {@code no-store} or {@code no-cache} (which a comma-joined value such as {@code no-cache, no-store} hides from a
 * whole-value comparison — the mistake behind CVE-2026-59427 in Spring Cloud Gateway's own response cache).
 */
final class SharedCacheLifetime {

    private SharedCacheLifetime() {
    }

    /** The lifetime the response allows a shared cache, if it allows one at all. */
    static Optional<Duration> of(List<String> cacheControl) {
        Map<String, String> directives = directives(cacheControl);
        if (!directives.containsKey("public") || directives.containsKey("private")
                || directives.containsKey("no-store") || directives.containsKey("no-cache")) {
            return Optional.empty();
        }
        String maxAge = directives.containsKey("s-maxage") ? directives.get("s-maxage") : directives.get("max-age");
        return seconds(maxAge).filter(seconds -> seconds > 0).map(Duration::ofSeconds);
    }

    /** Whether a request's own directives forbid answering it from a cache ({@code no-cache}, {@code max-age=0}). */
    static boolean requestWantsOrigin(List<String> cacheControl, List<String> pragma) {
        Map<String, String> directives = directives(cacheControl);
        return directives.containsKey("no-cache") || directives.containsKey("no-store")
                || seconds(directives.get("max-age")).map(seconds -> seconds == 0).orElse(false)
                || directives(pragma).containsKey("no-cache");
    }

    /** Whether a request forbids keeping its answer ({@code no-store}). */
    static boolean requestForbidsStoring(List<String> cacheControl) {
        return directives(cacheControl).containsKey("no-store");
    }

    private static Map<String, String> directives(List<String> values) {
        Map<String, String> directives = new HashMap<>();
        for (String value : values) {
            for (String directive : value.split(",")) {
                String trimmed = directive.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                String name = (equals < 0 ? trimmed : trimmed.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
                String argument = equals < 0 ? "" : unquoted(trimmed.substring(equals + 1).strip());
                // a directive given twice with different arguments is ambiguous: the stricter reading wins
                directives.merge(name, argument, (first, second) -> first.equals(second) ? first : "0");
            }
        }
        return directives;
    }

    private static String unquoted(String argument) {
        return argument.length() >= 2 && argument.startsWith("\"") && argument.endsWith("\"")
                ? argument.substring(1, argument.length() - 1) : argument;
    }

    private static Optional<Long> seconds(String argument) {
        if (argument == null || argument.isEmpty() || argument.length() > 10 || !argument.chars()
                .allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(argument));
    }
}
