package jp.renkei.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Bodies whose framing is broken after the request's head was read and routing began — a chunk size that is not hex,
 * a chunk longer than announced, a body cut short — are refused as problem+json where an answer can still be given,
 * and never log an ERROR: they are the client's fault, not the gateway's.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class MalformedFramingTest {

    private static RunningGateway gateway;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() {
        gateway = new RunningGateway();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void listen() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        root().detachAppender(logged);
    }

    static Stream<String> brokenBodies() {
        String head = "PUT /api/plans/abashiri-comprehensive-plan/measures/m-1 HTTP/1.1\r\nHost: renkei.test\r\n"
                + "Content-Type: application/json\r\n";
        return Stream.of(
                head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"a\":1}\r\n0\r\n\r\n",
                head + "Transfer-Encoding: chunked\r\n\r\n-1\r\n{}\r\n0\r\n\r\n",
                head + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
                head + "Transfer-Encoding: chunked\r\n\r\n2;x=\u0000\r\n{}\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("brokenBodies")
    void aBodyWhoseFramingBreaksIsRefusedWithoutAnError(String request) throws IOException {
        String answer = send(request);

        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 4");
            assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        }
        List<ILoggingEvent> errors = logged.list.stream().filter(event -> event.getLevel() == Level.ERROR).toList();
        assertThat(errors).as("ERRORs logged").extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /** Sends the request as is and reads until the gateway closes the connection or stops answering. */
    private static String send(String request) throws IOException {
        URI uri = URI.create(gateway.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException quietOrReset) {
                // a reset or a pause after the answer: what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
