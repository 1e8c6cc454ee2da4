package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.ClosedPort;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.WebhookUrlGuard;
import jp.renkei.sync.support.PlanEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What an attempt that gets no proper answer records, over real sockets on the loopback interface: a URL the guard
 * refuses, a port nobody listens on, a partner that never answers, one whose answer does not end, and one that answers
 * a byte at a time. Each is a failed attempt saying why, never an attempt that hangs or holds its connection.
 */
class WebhookSenderFailuresTest {

    private static final SyncProperties SETTINGS = new Binder(new MapConfigurationPropertySource(Map.of(
            "renkei.sync.delivery.request-timeout", "2s", "renkei.sync.delivery.connect-timeout", "2s",
            "renkei.sync.municipality-id", "abashiri")))
            .bindOrCreate("renkei.sync", SyncProperties.class);

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookSender sender = new WebhookSender(SETTINGS, Clock.systemUTC(),
            new WebhookUrlGuard(List.of("127.0.0.1:*")), meters);

    @AfterEach
    void close() throws Exception {
        sender.close();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void aUrlTheGuardRefusesIsAFailedAttemptWithoutARequest() throws Exception {
        WebhookSender.Outcome outcome = send("https://10.1.2.3/hook");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).isEqualTo("refused: the host 10.1.2.3 resolves to a private address");
    }

    @Test
    void aPortNobodyListensOnIsAFailedConnectionNotATimeout() throws Exception {
        try (ClosedPort closed = ClosedPort.open()) {
            WebhookSender.Outcome outcome = send("http://127.0.0.1:" + closed.port() + "/hook");

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.statusCode()).isNull();
            assertThat(outcome.error()).contains("Connect").doesNotContain("timed out").contains(": ");
        }
    }

    @Test
    void aPartnerThatNeverAnswersTimesOutAndItsConnectionIsClosed() throws Exception {
        RawPartner partner = new RawPartner(connection -> {
            // reads the request and says nothing
        });

        WebhookSender.Outcome outcome = send(partner.url());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).isEqualTo("timed out");
        assertThat(partner.closedByRenkei.await(20, TimeUnit.SECONDS)).as("connection closed by the sender").isTrue();
    }

    @Test
    void anAnswerThatDoesNotEndIsCutAfterItsExcerptAndItsConnectionClosed() throws Exception {
        RawPartner partner = new RawPartner(connection -> {
            OutputStream out = okHead(connection, "Transfer-Encoding: chunked");
            byte[] chunk = ("400\r\n" + "受".repeat(1024 / 3) + "x\r\n").getBytes(StandardCharsets.UTF_8);
            while (true) {
                out.write(chunk);
                out.flush();
            }
        });

        WebhookSender.Outcome outcome = send(partner.url());

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.responseExcerpt()).startsWith("受受受").hasSize(1024 / 3 + 1);
        assertThat(partner.closedByRenkei.await(20, TimeUnit.SECONDS)).as("connection closed by the sender").isTrue();
    }

    /**
     * A hostile partner's slow answer: every byte comes well inside the socket timeout, so only the sender's overall
     * limit ends the attempt — and it must end the connection too, or each such attempt keeps one of the pool's
     * connections for as long as the partner likes.
     */
    @Test
    void anAnswerThatTricklesInTimesOutAndItsConnectionIsClosed() throws Exception {
        RawPartner partner = new RawPartner(connection ->
                trickle(okHead(connection, "Content-Length: 1000000"), "x".repeat(1_000_000)));

        WebhookSender.Outcome outcome = send(partner.url());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).isEqualTo("timed out");
        assertThat(partner.closedByRenkei.await(20, TimeUnit.SECONDS)).as("connection closed by the sender").isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(pooled(meters, "leased")).as("connections the pool still counts as in use").isZero());
    }

    /**
     * One host holds at most what one partner's endpoints may have in flight together (here 2 × 1): a third request to
     * a partner that keeps its two connections busy waits for the pool instead of opening a third, and every
     * connection is given back when its attempt ends.
     */
    @Test
    void aHostHoldsNoMoreConnectionsThanOnePartnersEndpointsMayHaveInFlight() throws Exception {
        SyncProperties narrow = new Binder(new MapConfigurationPropertySource(Map.of(
                "renkei.sync.delivery.request-timeout", "2s", "renkei.sync.delivery.connect-timeout", "2s",
                "renkei.sync.delivery.max-in-flight-per-endpoint", "2", "renkei.sync.limits.endpoints-per-partner", "1",
                "renkei.sync.municipality-id", "abashiri")))
                .bindOrCreate("renkei.sync", SyncProperties.class);
        MeterRegistry narrowMeters = new SimpleMeterRegistry();
        WebhookSender narrowSender = new WebhookSender(narrow, Clock.systemUTC(),
                new WebhookUrlGuard(List.of("127.0.0.1:*")), narrowMeters);
        opened.add(narrowSender);
        RawPartner partner = new RawPartner(connection -> trickle(connection.getOutputStream(),
                "HTTP/1.1 200 OK\r\nX-Slow: " + "y".repeat(1_000_000) + "\r\n\r\n"));

        List<CompletableFuture<WebhookSender.Outcome>> attempts = List.of(
                narrowSender.send(endpoint(partner.url()), event()), narrowSender.send(endpoint(partner.url()), event()),
                narrowSender.send(endpoint(partner.url()), event()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(partner.open).as("connections open at the partner").hasValue(2);
            assertThat(pooled(narrowMeters, "leased")).as("connections in use").isEqualTo(2);
            assertThat(narrowMeters.get("httpcomponents.httpclient.pool.total.pending").gauge().value())
                    .as("requests waiting for a connection").isEqualTo(1);
        });
        for (CompletableFuture<WebhookSender.Outcome> attempt : attempts) {
            assertThat(attempt.get(30, TimeUnit.SECONDS).succeeded()).isFalse();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(partner.open).as("connections still open at the partner").hasValue(0);
            assertThat(pooled(narrowMeters, "leased")).as("connections the pool counts as in use").isZero();
        });
    }

    /** The same with the answer's head: no part of the answer reaches the response consumer, yet the limit holds. */
    @Test
    void aHeadThatTricklesInTimesOutAndItsConnectionIsClosed() throws Exception {
        RawPartner partner = new RawPartner(connection -> trickle(connection.getOutputStream(),
                "HTTP/1.1 200 OK\r\n" + "X-Slow: " + "y".repeat(1_000_000) + "\r\n\r\n"));

        WebhookSender.Outcome outcome = send(partner.url());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).isEqualTo("timed out");
        assertThat(partner.closedByRenkei.await(20, TimeUnit.SECONDS)).as("connection closed by the sender").isTrue();
    }

    /** Writes a 200's head, its body framed as {@code framing} says, and gives the stream for the body. */
    private static OutputStream okHead(Socket connection, String framing) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    /** Writes one byte every 200 ms, as a partner that means to keep the connection does, until the sender closes it. */
    private static void trickle(OutputStream out, String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            out.flush();
            try {
                Thread.sleep(200);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                throw new IOException("stopped", stopped);
            }
        }
    }

    private WebhookSender.Outcome send(String url) throws Exception {
        return sender.send(endpoint(url), event()).get(30, TimeUnit.SECONDS);
    }

    private static Endpoint endpoint(String url) {
        return Endpoint.create("ozora-1", "ozora", url, WebhookSignature.newSecret(new SecureRandom(), 32),
                Instant.now());
    }

    private static CloudEvent event() {
        return PlanEvents.revision("5-2-2", 1, List.of());
    }

    /** The webhook pool's connections in one state ({@code leased}: in use by an exchange; {@code available}: idle). */
    private static double pooled(MeterRegistry meters, String state) {
        return meters.get("httpcomponents.httpclient.pool.total.connections").tag("state", state).gauge().value();
    }

    /** What a scripted partner does with a connection once it has read the request's head. */
    @FunctionalInterface
    private interface Script {
        void run(Socket connection) throws IOException;
    }

    /**
     * A partner that misbehaves as scripted on every connection, on a port it binds itself, and notices when Renkei
     * closes a connection (its next read ends, or its next write fails).
     */
    private final class RawPartner {

        final CountDownLatch closedByRenkei = new CountDownLatch(1);
        final AtomicInteger open = new AtomicInteger();
        private final ServerSocket listener;

        RawPartner(Script script) throws IOException {
            listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            opened.add(listener);
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket connection = listener.accept();
                        open.incrementAndGet();
                        Thread serving = new Thread(() -> serve(connection, script),
                                "raw-partner-" + connection.getPort());
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException stopped) {
                        return;
                    }
                }
            }, "raw-partner-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket connection, Script script) {
            try (connection) {
                InputStream in = connection.getInputStream();
                readHead(in);
                script.run(connection);
                while (in.read() >= 0) {
                    // the body, then nothing until the sender gives up
                }
            } catch (IOException closed) {
                // closed by the sender while the script wrote or read
            } finally {
                open.decrementAndGet();
                closedByRenkei.countDown();
            }
        }

        String url() {
            return "http://127.0.0.1:" + listener.getLocalPort() + "/hook";
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("closed before the request's head ended");
                }
                matched = next == end[matched] ? matched + 1 : next == end[0] ? 1 : 0;
            }
        }
    }
}
