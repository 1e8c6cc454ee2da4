package jp.renkei.sync.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one endpoint as a Standard Webhooks request: {@code webhook-id} is the event id (stable
 * across retries, so the receiver can de-duplicate), the body the CloudEvent in structured JSON. Redirects are
 * not followed: a 3xx counts as a failure.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "Renkei-Webhooks/1 (regional-sync-service)";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    WebhookSender(SyncProperties properties, Clock clock) {
        this.requestTimeout = properties.delivery().requestTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    Outcome send(Endpoint endpoint, CloudEvent event) {
        byte[] body = event.toStructuredJson();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(requestTimeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.ID_HEADER, event.id())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.forSecret(endpoint.secret()).sign(event.id(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    /** @param statusCode null when no response came back */
    record Outcome(Integer statusCode, String error) {
        boolean succeeded() {
            return error == null;
        }
    }
}
