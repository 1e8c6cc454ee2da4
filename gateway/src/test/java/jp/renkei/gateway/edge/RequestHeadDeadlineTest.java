package jp.renkei.gateway.edge;

import static jp.renkei.gateway.support.RawHttp.answer;
import static jp.renkei.gateway.support.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.gateway.support.StandInService;
import jp.renkei.localstack.test.NoWarningsLogged;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection that does not deliver a whole request head within {@code renkei.gateway.request-head-timeout} (1 s
 * here) is closed — silent from the start, kept alive and left idle, or fed its header a little at a time — while a
 * request whose head has arrived may take as long as its service needs; a body that does not arrive whole within
 * {@code renkei.gateway.request-body-timeout} (3 s here) is a 408 problem. Each socket waits 10 s for the gateway, so
 * without the deadlines those tests fail.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class RequestHeadDeadlineTest {

    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;
    private static RunningGateway gateway;

    @RegisterExtension
    final NoWarningsLogged noWarnings = new NoWarningsLogged("reactor", "org.springframework", "jp.renkei");

    @BeforeAll
    static void start() {
        gateway = new RunningGateway("--renkei.gateway.request-head-timeout=1s",
                "--renkei.gateway.request-body-timeout=3s");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).as("closed by the gateway, nothing sent").isEqualTo(-1);
        }
    }

    @Test
    void aKeptAliveConnectionLeftIdleIsClosedAfterItsAnswer() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(get("/api/plans/kept-alive", null).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(answer(in)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(in.read()).as("closed once idle").isEqualTo(-1);
        }
    }

    @Test
    void aHeaderSentALittleAtATimeIsCutOffAtTheDeadlineNotKeptAliveByEachByte() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/plans/slowly HTTP/1.1\r\nHost: renkei.test\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> read(socket));
            // a header line whenever the connection is still open 100 ms after the last, for up to the socket's 10 s:
            // far more often than any idle timeout would notice
            for (int line = 0; line < 100 && !closed.isDone(); line++) {
                try {
                    out.write(("X-Slowly-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    closed.get(100, TimeUnit.MILLISECONDS);
                } catch (IOException closedUnderUs) {
                    break;
                } catch (TimeoutException stillOpen) {
                    // the next line
                }
            }
            assertThat(closed.get(SOCKET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(-1);
            assertThat(gateway.service().calls("GET /plans/slowly")).isZero();
            // the half-sent head the codec gives up on as the connection closes is not worth a warning
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> noWarnings.warnings().isEmpty());
        }
    }

    @Test
    void aRequestWhoseServiceTakesLongerThanTheDeadlineIsAnswered() throws Exception {
        try (Socket socket = connect()) {
            CompletableFuture<String> answered;
            try (StandInService.Held held = gateway.service().hold("/plans/long-poll")) {
                socket.getOutputStream().write(get("/api/plans/long-poll", null).getBytes(StandardCharsets.US_ASCII));
                answered = CompletableFuture.supplyAsync(() -> statusLine(socket));
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.service().calls("GET /plans/long-poll") == 1);
                // held at the service for twice the deadline: the connection stays open, the answer still to come
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !answered.isDone());
            }
            assertThat(answered.get(SOCKET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aBodySentAfterA100ContinueIsTakenThoughTheHeadDeadlinePassedMeanwhile() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/plans/after-continue HTTP/1.1\r\nHost: renkei.test\r\nAuthorization: Bearer "
                    + gateway.editorKey + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(interimStatusLine(in)).isEqualTo("HTTP/1.1 100 Continue");
            CompletableFuture<String> answered = CompletableFuture.supplyAsync(() -> statusLine(socket));
            // the client takes longer than the head deadline to send its body: the connection stays open
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> !answered.isDone());
            out.write("{}".getBytes(StandardCharsets.US_ASCII));
            assertThat(answered.get(SOCKET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    /** Reads an interim answer (no body) and gives its status line. */
    private static String interimStatusLine(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("closed after " + head);
            }
            head.append((char) next);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void aBodySentALittleAtATimeIsCutOffThoughEachByteArrivesInTime() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(slowBodyHead().getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answered = CompletableFuture.supplyAsync(() -> everything(socket));
            for (int part = 0; part < 100 && !answered.isDone(); part++) {
                try {
                    out.write(' ');
                    answered.get(100, TimeUnit.MILLISECONDS);
                } catch (IOException closedUnderUs) {
                    break;
                } catch (TimeoutException stillOpen) {
                    // the next byte
                }
            }
            // the 408, unless the byte this client was still sending made the closing side reset the connection
            // before the answer was read (the gateway does not linger): either way cut off, long before the socket's
            // 10 s, and never a 500
            assertThat(answered.get(SOCKET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).satisfiesAnyOf(
                    answer -> assertThat(answer).startsWith("HTTP/1.1 408 "),
                    answer -> assertThat(answer).isEqualTo("java.net.SocketException: Connection reset"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> noWarnings.warnings().isEmpty());
        }
    }

    @Test
    void aBodyThatStopsComingIsA408Problem() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(slowBodyHead().getBytes(StandardCharsets.US_ASCII));
            assertThat(everything(socket)).startsWith("HTTP/1.1 408 ").contains("application/problem+json")
                    .contains("request-timeout");
            // the call to the service ends after the answer, with the same timeout: reported, but not as an error
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> noWarnings.warnings().isEmpty());
        }
    }

    /** A staff write whose head promises 200 bytes of body and whose body has only begun. */
    private static String slowBodyHead() {
        return "POST /api/plans/slow-body HTTP/1.1\r\nHost: renkei.test\r\nAuthorization: Bearer " + gateway.editorKey
                + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{";
    }

    private static String everything(Socket socket) {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Socket connect() throws IOException {
        URI uri = URI.create(gateway.url());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        return socket;
    }

    private static int read(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int next;
            do {
                next = in.read();
            } while (next >= 0);
            return next;
        } catch (IOException e) {
            // a reset is a close too; a timeout is not
            return e instanceof java.net.SocketTimeoutException ? -2 : -1;
        }
    }

    private static String statusLine(Socket socket) {
        try {
            return answer(socket.getInputStream());
        } catch (IOException e) {
            return e.toString();
        }
    }
}
