package jp.renkei.sync.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import jp.renkei.contracts.webhooks.WebhookSignature;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A partner's webhook server on 127.0.0.1: verifies each signature, answers with {@link #status} (and
 * {@link #answerBody}, {@link #answerHeaders}), keeps what it accepted with 2xx and, apart, what it refused. Every
 * request is kept as it came, repeats included, so a test sees exactly what was sent.
 */
public final class StandInPartner implements AutoCloseable {

    public final String id;
    public final List<Received> accepted = new CopyOnWriteArrayList<>();
    /** Every request answered with anything but 2xx, a bad signature's 401 included, in the order it came. */
    public final List<Received> refusedRequests = new CopyOnWriteArrayList<>();
    public final AtomicInteger refused = new AtomicInteger();
    public volatile IntSupplier status = () -> 200;
    public volatile String answerBody;
    public volatile Map<String, String> answerHeaders = Map.of();
    /** The partner's clock, against which a signature's timestamp must be recent: the test's, when it moves time. */
    public volatile Clock clock = Clock.systemUTC();
    private final String secret;
    private final HttpServer server;

    public StandInPartner(String id, String secret) {
        this.id = id;
        this.secret = secret;
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
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, clock.instant(),
                    WebhookSignature.DEFAULT_TOLERANCE);
            int answer = verification == WebhookSignature.Verification.VALID ? status.getAsInt() : 401;
            String json = new String(body, StandardCharsets.UTF_8);
            Received received = new Received(webhookId, field(json, "subject"), Long.parseLong(field(json, "sequence")),
                    json, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), answer);
            if (answer >= 200 && answer < 300) {
                accepted.add(received);
            } else {
                refusedRequests.add(received);
                refused.incrementAndGet();
            }
            answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] answerBytes = answerBody == null ? new byte[0] : answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answerBytes.length == 0 ? -1 : answerBytes.length);
            if (answerBytes.length > 0) {
                exchange.getResponseBody().write(answerBytes);
            }
            exchange.close();
        });
        // requests are answered side by side, as a real partner's server does: one that hangs holds no other
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stand-in-" + id);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Makes this stand-in the partner's bootstrap endpoint of the service under test, signing with its secret. */
    public void registerAsBootstrapEndpoint(DynamicPropertyRegistry registry) {
        registry.add("renkei.sync.bootstrap-endpoints." + id + ".url", this::url);
        registry.add("renkei.sync.bootstrap-endpoints." + id + ".secret", () -> secret);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/" + id;
    }

    public List<Received> received(String measureId) {
        return accepted.stream().filter(received -> received.subject().equals("measures/" + measureId)).toList();
    }

    /** The requests about the measure this partner refused, in the order they came. */
    public List<Received> refused(String measureId) {
        return refusedRequests.stream().filter(received -> received.subject().equals("measures/" + measureId))
                .toList();
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
     * @param body         the CloudEvent as it arrived, in structured JSON
     * @param timestamp    the {@code webhook-timestamp} header as it arrived
     * @param signatures   the {@code webhook-signature} header as it arrived
     * @param answer       the status this partner answered
     */
    public record Received(String webhookId, String subject, long sequence, String body,
                           String timestamp, String signatures, int answer) {
    }
}
