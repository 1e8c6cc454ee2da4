package jp.renkei.gateway.edge;

import static jp.renkei.gateway.support.RawHttp.answer;
import static jp.renkei.gateway.support.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.gateway.support.StandInService;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests that arrive on one keep-alive connection while the one before is still being finished (sent the moment the
 * previous body was read, or pipelined) are all answered, whether the gateway answers them itself at once (a kept
 * public answer, a refusal) or routes them to a service. On Reactor Netty 1.3.6 and 1.3.7 the first test hangs on one
 * connection or more in most runs (reactor/reactor-netty#4361: a few requests in ten thousand, fixed in 1.3.8), unless
 * every exchange is moved off the event loop that read it, as the gateway did until it had 1.3.8.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class PipelinedRequestsTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        // kept answers expire every 50 ms, so routed reads and answers from memory alternate on every connection
        gateway = new RunningGateway("--renkei.gateway.public-read-cache.max-age=50ms",
                "--renkei.gateway.per-client.capacity=1000000", "--renkei.gateway.per-client.refill=1000000",
                "--renkei.gateway.per-client.period=1s");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void answersFromMemoryRightBehindRoutedOnesAreNotLost() throws Exception {
        String path = "/api/plans/keep-alive/cache-control/public,+max-age=10";
        List<Callable<List<String>>> connections = new ArrayList<>();
        for (int connection = 0; connection < 8; connection++) {
            connections.add(() -> oneByOne(path, 1_500));
        }
        ExecutorService clients = Executors.newFixedThreadPool(connections.size());
        try {
            for (Future<List<String>> answers : clients.invokeAll(connections)) {
                assertThat(answers.get()).hasSize(1_500).containsOnly("HTTP/1.1 200 OK");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(gateway.service().calls("GET " + path.substring("/api".length())))
                .as("some reads were routed, most answered from memory").isBetween(2, 8 * 1_500 - 1);
    }

    @Test
    void aRefusalBehindARoutedRequestIsAnsweredAndClosesTheConnection() throws IOException {
        URI uri = URI.create(gateway.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            // the routed request is still at the service, unanswered, while the refusal waits behind it
            try (StandInService.Held routed = gateway.service().hold("/plans/routed/slow")) {
                socket.getOutputStream().write((get("/api/plans/routed/slow", null)
                        + get("/api/plans/refused", "Bearer rk_not-a-key")).getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> gateway.service().calls("GET /plans/routed/slow") == 1);
            }
            InputStream in = socket.getInputStream();
            assertThat(answer(in)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer(in)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    /** Requests sent one after another on one keep-alive connection, each the moment the answer before it was read. */
    private static List<String> oneByOne(String path, int requests) throws IOException {
        URI uri = URI.create(gateway.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            List<String> statusLines = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                out.write(get(path, null).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    statusLines.add(answer(in));
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no answer to request " + (i + 1) + " on its connection", e);
                }
            }
            return statusLines;
        }
    }
}
