package jp.renkei.deployment;

import static jp.renkei.deployment.ComposeFile.nested;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.renkei.localstack.test.ClosedPort;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compose's Kafka healthcheck (a bash script that speaks Kafka's ApiVersions request, so that no second JVM starts
 * in the broker's container) run as compose runs it, against a real KRaft broker (local-stack's), and against what
 * only looks like one: a port that accepts and answers something else.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class KafkaHealthcheckTest {

    @Test
    void aRunningBrokerIsHealthy() throws Exception {
        String bootstrap = RenkeiInfrastructure.shared().bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));

        assertThat(healthcheck(port)).isZero();
    }

    @Test
    void aPortThatAnswersSomethingElseIsNotHealthy() throws Exception {
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerWithHttp(impostor), "impostor");
            answering.setDaemon(true);
            answering.start();

            assertThat(healthcheck(impostor.getLocalPort())).isNotZero();
        }
    }

    @Test
    void aClosedPortIsNotHealthy() throws Exception {
        try (ClosedPort closed = ClosedPort.open()) {
            assertThat(healthcheck(closed.port())).isNotZero();
        }
    }

    /** Runs the healthcheck (compose's {@code $$} read as {@code $}) aimed at {@code port}; its exit code. */
    @SuppressWarnings("unchecked")
    private static int healthcheck(int port) throws IOException, InterruptedException {
        List<String> test = nested(ComposeFile.read().service("kafka"), "healthcheck", "test");
        assertThat(test.get(0)).isEqualTo("CMD");
        List<String> command = test.subList(1, test.size()).stream()
                .map(part -> part.replace("$$", "$").replace("127.0.0.1/9092", "127.0.0.1/" + port)).toList();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            // compose's timeout for this check is 10 s: past it, compose counts the check as failed
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static void answerWithHttp(ServerSocket server) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closed) {
            // the test is over
        }
    }
}
