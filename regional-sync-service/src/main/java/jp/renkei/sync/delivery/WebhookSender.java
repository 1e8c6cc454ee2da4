package jp.renkei.sync.delivery;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one endpoint as a Standard Webhooks request: {@code webhook-id} is the event id (stable
 * across retries, so the receiver can de-duplicate), the body the CloudEvent in structured JSON. Redirects are
 * not followed: a 3xx counts as a failure. Requests are asynchronous: a partner that takes its time holds a
 * connection, never a thread.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "Renkei-Webhooks/1 (regional-sync-service)";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
    /** How much of a partner's answer the attempt log keeps. */
    static final int EXCERPT_BYTES = 1024;

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final WebhookUrlGuard urlGuard;

    WebhookSender(SyncProperties properties, Clock clock, WebhookUrlGuard urlGuard) {
        this.urlGuard = urlGuard;
        this.requestTimeout = properties.delivery().requestTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    CompletableFuture<Outcome> send(Endpoint endpoint, CloudEvent event) {
        try {
            urlGuard.check(endpoint.url());
        } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
            return CompletableFuture.completedFuture(Outcome.noAnswer("refused: " + refused.getMessage()));
        }
        byte[] body = event.toStructuredJson();
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(requestTimeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.ID_HEADER, event.id())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, endpoint.signingSecrets(now).stream()
                        .map(secret -> WebhookSignature.forSecret(secret).sign(event.id(), timestamp, body))
                        .collect(Collectors.joining(" ")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, response -> new Excerpt())
                // the request timeout covers the answer's head; a body that trickles in must not hold the slot
                .orTimeout(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null ? answered(response) : failed(failure));
    }

    private Outcome answered(HttpResponse<String> response) {
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("Retry-After").map(value -> retryAfter(value, clock))
                .orElse(null);
        return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, retryAfter,
                response.body());
    }

    private static Outcome failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return Outcome.noAnswer("timed out");
        }
        return Outcome.noAnswer(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** A {@code Retry-After} in seconds or as an HTTP date; null when it is neither. */
    static Duration retryAfter(String value, Clock clock) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * @param statusCode      null when no response came back
     * @param retryAfter      what the partner asked for with {@code Retry-After}, or null
     * @param responseExcerpt the first {@value #EXCERPT_BYTES} bytes of the answer's body, for the attempt log
     */
    record Outcome(Integer statusCode, String error, Duration retryAfter, String responseExcerpt) {

        static Outcome noAnswer(String error) {
            return new Outcome(null, error, null, null);
        }

        boolean succeeded() {
            return error == null;
        }

        boolean gone() {
            return statusCode != null && statusCode == 410;
        }

        boolean asksToWait() {
            return retryAfter != null && statusCode != null && (statusCode == 429 || statusCode == 503);
        }
    }

    /** Keeps the first bytes of a body and stops reading there, however much the partner sends. */
    static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletableFuture<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), EXCERPT_BYTES - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.write(bytes, 0, take);
            }
            if (kept.size() >= EXCERPT_BYTES) {
                subscription.cancel();
                finish();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            // a multi-byte character cut at the limit becomes U+FFFD; the excerpt is for reading, not for parsing
            body.complete(kept.size() == 0 ? null : new String(kept.toByteArray(), StandardCharsets.UTF_8));
        }
    }
}
