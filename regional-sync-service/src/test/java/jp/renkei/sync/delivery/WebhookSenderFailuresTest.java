package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
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
 * refuses, a port nobody listens on, a partner that never answers, and one whose answer does not end. Each is a
 * failed attempt saying why, never an attempt that hangs or holds its connection.
 */
class WebhookSenderFailuresTest {

    private static final SyncProperties SETTINGS = new Binder(new MapConfigurationPropertySource(Map.of(
            "renkei.sync.delivery.request-timeout", "2s", "renkei.sync.delivery.connect-timeout", "2s",
            "renkei.sync.municipality-id", "abashiri")))
            .bindOrCreate("renkei.sync", SyncProperties.class);

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final WebhookSender sender = new WebhookSender(SETTINGS, Clock.systemUTC(),
            new WebhookUrlGuard(List.of("127.0.0.1:*")));

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
        int closedPort;
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = released.getLocalPort();
        }

        WebhookSender.Outcome outcome = send("http://127.0.0.1:" + closedPort + "/hook");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).contains("Connect").doesNotContain("timed out").contains(": ");
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
            OutputStream out = connection.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
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

    private WebhookSender.Outcome send(String url) throws Exception {
        Endpoint endpoint = Endpoint.create("ozora-1", "ozora", url, WebhookSignature.newSecret(new SecureRandom(), 32),
                Instant.now());
        CloudEvent event = PlanEvents.revision("5-2-2", 1, List.of());
        return sender.send(endpoint, event).get(30, TimeUnit.SECONDS);
    }

    /** What a scripted partner does with a connection once it has read the request's head. */
    @FunctionalInterface
    private interface Script {
        void run(Socket connection) throws IOException;
    }

    /**
     * A partner that misbehaves as scripted, on a port it binds itself, and notices when Renkei closes the connection
     * (its next read ends, or its next write fails).
     */
    private final class RawPartner {

        final CountDownLatch closedByRenkei = new CountDownLatch(1);
        private final ServerSocket listener;

        RawPartner(Script script) throws IOException {
            listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            opened.add(listener);
            Thread thread = new Thread(() -> {
                try (Socket connection = listener.accept()) {
                    InputStream in = connection.getInputStream();
                    readHead(in);
                    script.run(connection);
                    while (in.read() >= 0) {
                        // the body, then nothing until the sender gives up
                    }
                    closedByRenkei.countDown();
                } catch (IOException closed) {
                    closedByRenkei.countDown();
                }
            }, "raw-partner-" + listener.getLocalPort());
            thread.setDaemon(true);
            thread.start();
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
