package jp.renkei.system.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.renkei.contracts.webhooks.WebhookSignature;

/**
 * A partner's webhook server for the system tests, the benchmarks and the fault suite: as little work as a receiver can
 * do and still be honest. It verifies each Standard Webhooks signature and timestamp (with the secret it made, or the
 * one the API made for its endpoint: {@link #verifyWith(String)}), answers with {@link #answer(int)} (200 unless told
 * otherwise, failing a {@link #failFraction(double)} of requests; none at all while the test {@link #holdAnswers()}),
 * notes when each {@code webhook-id} first arrived with a 2xx, and keeps every accepted arrival in a
 * {@link DeliveryLedger}.
 */
public final class SignedWebhookReceiver implements AutoCloseable {

    private final String partnerId;
    private volatile String secret;
    private volatile WebhookSignature verifier;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Long> firstArrivalNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivalNanosByKey = new ConcurrentHashMap<>();
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile int status = 200;
    /** Released when the test lets the held answers go; null while answers go at once. */
    private volatile CountDownLatch held;
    private volatile double failFraction;

    public SignedWebhookReceiver(String partnerId) throws IOException {
        this(partnerId, null);
    }

    /**
     * @param keyOfBody names each accepted delivery by its content as well (e.g. measure and version), for a
     *                  benchmark that does not know the event ids; null when the ids suffice. It may answer null
     *                  for a delivery that has no such name.
     */
    public SignedWebhookReceiver(String partnerId, Function<byte[], String> keyOfBody) throws IOException {
        this(partnerId, keyOfBody, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128),
                Executors.newFixedThreadPool(4));
        server.start();
    }

    /** On a server shared with other partners' receivers ({@link PartnerReceivers}), which starts and stops it. */
    SignedWebhookReceiver(String partnerId, Function<byte[], String> keyOfBody, HttpServer server) {
        this(partnerId, keyOfBody, server, null);
    }

    private SignedWebhookReceiver(String partnerId, Function<byte[], String> keyOfBody, HttpServer server,
                                  ExecutorService ownThreads) {
        this.partnerId = partnerId;
        this.secret = WebhookSignature.newSecret(new java.security.SecureRandom(), 32);
        this.server = server;
        this.threads = ownThreads;
        this.verifier = WebhookSignature.forSecret(secret);
        if (ownThreads != null) {
            server.setExecutor(ownThreads);
        }
        server.createContext("/webhooks/" + partnerId, exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                long arrived = System.nanoTime();
                var headers = exchange.getRequestHeaders();
                String webhookId = headers.getFirst(WebhookSignature.ID_HEADER);
                var verification = verifier.verify(webhookId, headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        headers.getFirst(WebhookSignature.SIGNATURE_HEADER), body, Instant.now(),
                        WebhookSignature.DEFAULT_TOLERANCE);
                int answer = verification == WebhookSignature.Verification.VALID ? answerFor() : 401;
                if (answer == 401) {
                    badSignatures.incrementAndGet();
                } else if (answer / 100 == 2) {
                    String key = keyOfBody == null ? null : keyOfBody.apply(body);
                    ledger.record(webhookId, key);
                    if (firstArrivalNanos.putIfAbsent(webhookId, arrived) != null) {
                        duplicates.incrementAndGet();
                    } else if (key != null) {
                        arrivalNanosByKey.putIfAbsent(key, arrived);
                    }
                } else {
                    refused.incrementAndGet();
                }
                awaitRelease(held);
                exchange.sendResponseHeaders(answer, -1);
            }
        });
    }

    private int answerFor() {
        double fraction = failFraction;
        return fraction > 0 && ThreadLocalRandom.current().nextDouble() < fraction ? 500 : status;
    }

    private static void awaitRelease(CountDownLatch answers) {
        if (answers == null) {
            return;
        }
        try {
            // bounded, so that a test that forgot to let go does not keep the server's threads for good
            answers.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String partnerId() {
        return partnerId;
    }

    public String secret() {
        return secret;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/" + partnerId;
    }

    /** The status every request gets from now on (when its signature holds). */
    public void answer(int status) {
        this.status = status;
    }

    /**
     * From now on the receiver keeps what arrives at once but answers nothing until {@link #releaseAnswers()}: a partner
     * as slow as the test wants, for exactly as long as it wants.
     */
    public void holdAnswers() {
        if (held == null) {
            held = new CountDownLatch(1);
        }
    }

    /** Lets every held answer go; later requests are answered at once. */
    public void releaseAnswers() {
        CountDownLatch answers = held;
        held = null;
        if (answers != null) {
            answers.countDown();
        }
    }

    /**
     * Verifies from now on with {@code endpointSecret}, the one the API made when the endpoint was registered (shown
     * once, in its answer), instead of the secret this receiver made for an endpoint configured at start.
     */
    public void verifyWith(String endpointSecret) {
        this.verifier = WebhookSignature.forSecret(endpointSecret);
        this.secret = endpointSecret;
    }

    /** The share of requests answered 500 from now on, chosen at random per request (0 for none). */
    public void failFraction(double fraction) {
        this.failFraction = fraction;
    }

    /** Every delivery answered with a 2xx, as it arrived. */
    public DeliveryLedger ledger() {
        return ledger;
    }

    /** When the webhook first arrived and was accepted ({@link System#nanoTime()}), or null. */
    public Long arrivalNanos(String webhookId) {
        return firstArrivalNanos.get(webhookId);
    }

    /** When the delivery with this key (see the constructor) first arrived, or null. */
    public Long arrivalNanosByKey(String key) {
        return arrivalNanosByKey.get(key);
    }

    public boolean receivedAllKeys(Set<String> keys) {
        return arrivalNanosByKey.keySet().containsAll(keys);
    }

    /** How many different webhooks arrived so far. */
    public long distinctArrivals() {
        return firstArrivalNanos.size();
    }

    public boolean receivedAll(Set<String> webhookIds) {
        return firstArrivalNanos.keySet().containsAll(webhookIds);
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long refused() {
        return refused.get();
    }

    public long badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        if (threads == null) {
            server.removeContext("/webhooks/" + partnerId);
            return;
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
