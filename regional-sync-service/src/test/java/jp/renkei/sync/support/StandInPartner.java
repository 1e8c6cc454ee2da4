package jp.renkei.sync.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import jp.renkei.contracts.webhooks.WebhookSignature;

/**
 * A partner's webhook server on 127.0.0.1: verifies each signature, answers with {@link #status} (and
 * {@link #answerBody}), keeps what it accepted with 2xx. Every request is kept as it came, repeats included, so a
 * test sees exactly what was sent.
 */
public final class StandInPartner implements AutoCloseable {

    public final String id;
    public final List<Received> accepted = new CopyOnWriteArrayList<>();
    public final AtomicInteger refused = new AtomicInteger();
    public volatile IntSupplier status = () -> 200;
    public volatile String answerBody;
    private final HttpServer server;

    public StandInPartner(String id, String secret) {
        this.id = id;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/" + id, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
            var verification = WebhookSignature.forSecret(secret).verify(webhookId,
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                    WebhookSignature.DEFAULT_TOLERANCE);
            int answer = verification == WebhookSignature.Verification.VALID ? status.getAsInt() : 401;
            if (answer >= 200 && answer < 300) {
                String json = new String(body, StandardCharsets.UTF_8);
                accepted.add(new Received(webhookId, field(json, "subject"), Long.parseLong(field(json, "sequence")),
                        System.nanoTime(), json));
            } else {
                refused.incrementAndGet();
            }
            byte[] answerBytes = answerBody == null ? new byte[0] : answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answerBytes.length == 0 ? -1 : answerBytes.length);
            if (answerBytes.length > 0) {
                exchange.getResponseBody().write(answerBytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/" + id;
    }

    public List<Received> received(String measureId) {
        return accepted.stream().filter(received -> received.subject().equals("measures/" + measureId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** What was accepted of the event type, in the order it arrived. */
    public List<Received> receivedOfType(String type) {
        return accepted.stream().filter(received -> received.body().contains("\"type\":\"" + type + "\"")).toList();
    }

    /**
     * @param arrivedNanos {@link System#nanoTime()} when it arrived
     * @param body         the CloudEvent as it arrived, in structured JSON
     */
    public record Received(String webhookId, String subject, long sequence, long arrivedNanos, String body) {
    }
}
