package jp.renkei.system.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.renkei.contracts.webhooks.WebhookSignature;

/**
 * A partner's webhook server for the benchmarks: as little work as a receiver can do and still be honest. It
 * verifies each Standard Webhooks signature and timestamp, answers with {@link #answer(int)} (200 unless told
 * otherwise), and notes when each {@code webhook-id} first arrived with a 2xx, and how often one came again.
 */
final class SignedWebhookReceiver implements AutoCloseable {

    private final String partnerId;
    private final String secret;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Long> firstArrivalNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivalNanosByKey = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile int status = 200;

    SignedWebhookReceiver(String partnerId) throws IOException {
        this(partnerId, null);
    }

    /**
     * @param keyOfBody names each accepted delivery by its content as well (e.g. measure and version), for a
     *                  benchmark that does not know the event ids; null when the ids suffice
     */
    SignedWebhookReceiver(String partnerId, Function<byte[], String> keyOfBody) throws IOException {
        this.partnerId = partnerId;
        this.secret = WebhookSignature.newSecret(new java.security.SecureRandom(), 32);
        WebhookSignature verifier = WebhookSignature.forSecret(secret);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(threads);
        server.createContext("/webhooks/" + partnerId, exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                long arrived = System.nanoTime();
                var headers = exchange.getRequestHeaders();
                String webhookId = headers.getFirst(WebhookSignature.ID_HEADER);
                var verification = verifier.verify(webhookId, headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        headers.getFirst(WebhookSignature.SIGNATURE_HEADER), body, Instant.now(),
                        WebhookSignature.DEFAULT_TOLERANCE);
                int answer = verification == WebhookSignature.Verification.VALID ? status : 401;
                if (answer == 401) {
                    badSignatures.incrementAndGet();
                } else if (answer / 100 == 2) {
                    if (firstArrivalNanos.putIfAbsent(webhookId, arrived) != null) {
                        duplicates.incrementAndGet();
                    } else if (keyOfBody != null) {
                        arrivalNanosByKey.putIfAbsent(keyOfBody.apply(body), arrived);
                    }
                } else {
                    refused.incrementAndGet();
                }
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        server.start();
    }

    String partnerId() {
        return partnerId;
    }

    String secret() {
        return secret;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/" + partnerId;
    }

    /** The status every request gets from now on (when its signature holds). */
    void answer(int status) {
        this.status = status;
    }

    /** When the webhook first arrived and was accepted ({@link System#nanoTime()}), or null. */
    Long arrivalNanos(String webhookId) {
        return firstArrivalNanos.get(webhookId);
    }

    /** When the delivery with this key (see the constructor) first arrived, or null. */
    Long arrivalNanosByKey(String key) {
        return arrivalNanosByKey.get(key);
    }

    boolean receivedAllKeys(Set<String> keys) {
        return arrivalNanosByKey.keySet().containsAll(keys);
    }

    /** How many different webhooks arrived so far. */
    long distinctArrivals() {
        return firstArrivalNanos.size();
    }

    boolean receivedAll(Set<String> webhookIds) {
        return firstArrivalNanos.keySet().containsAll(webhookIds);
    }

    long duplicates() {
        return duplicates.get();
    }

    long refused() {
        return refused.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
