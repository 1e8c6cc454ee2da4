package jp.renkei.gateway.cache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;

/**
 * One answer kept for anonymous readers: its headers and body as they left the gateway, and the values the request
 * had of every header the answer {@code Vary}s on (a request with other values is not answered from it).
 */
record CachedAnswer(int status, HttpHeaders headers, byte[] body, Map<String, List<String>> variedOn, long storedAtNanos,
                    long expiresAtNanos) {

    boolean freshAt(long nanos) {
        return nanos - expiresAtNanos < 0;
    }

    boolean suits(HttpHeaders request) {
        return variedOn.entrySet().stream()
                .allMatch(header -> Objects.equals(header.getValue(), request.getOrEmpty(header.getKey())));
    }

    /** Seconds since it was stored, for the {@code Age} header. */
    long ageSecondsAt(long nanos) {
        return Math.max(0, (nanos - storedAtNanos) / 1_000_000_000L);
    }
}
