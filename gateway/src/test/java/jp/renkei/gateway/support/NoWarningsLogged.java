package jp.renkei.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test in which the gateway's HTTP stack (Reactor, Reactor Netty, Spring) or Renkei's code logged a warning or
 * an error: for tests of a client's misbehaviour, which is answered, not logged as the gateway's own failure. Register
 * it as a field ({@code @RegisterExtension}) to look at what was logged so far during the test.
 */
public final class NoWarningsLogged implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> WATCHED = List.of("reactor", "org.springframework", "jp.renkei");

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        logged.list.clear();
        logged.start();
        root().addAppender(logged);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(logged);
        assertThat(warnings()).as("warnings and errors logged while a client misbehaved").isEmpty();
    }

    /** What was logged at WARN or above so far, by the loggers watched. */
    public List<String> warnings() {
        synchronized (logged) {
            return logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(event -> WATCHED.stream().anyMatch(event.getLoggerName()::startsWith))
                    .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
                    .toList();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
