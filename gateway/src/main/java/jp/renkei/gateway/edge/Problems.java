package jp.renkei.gateway.edge;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes an RFC 9457 problem as the whole response, for refusals the gateway makes itself. */
public final class Problems {

    private Problems() {
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String type, String title,
                                   String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        // the refused request's body is never read; a connection with unread bytes in it is not reused
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        response.getHeaders().setCacheControl("no-store");
        String body = "{\"type\":\"https://renkei.jp/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
