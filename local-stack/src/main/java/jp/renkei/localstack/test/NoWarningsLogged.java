package jp.renkei.localstack.test;

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
 * Fails a test in which the loggers it watches (by name prefix) logged a warning or an error while it ran: for runs
 * where a warning is a fault nothing else shows — a routine outage and recovery, a client's misbehaviour that is
 * answered, not logged as the server's own failure. Register it as a field ({@code @RegisterExtension}) to look at
 * what was logged so far during the test.
 */
public class NoWarningsLogged implements BeforeEachCallback, AfterEachCallback {

    private final List<String> watched;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    public NoWarningsLogged(String... loggerPrefixes) {
        this.watched = List.of(loggerPrefixes);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (logged) {
            logged.list.clear();
        }
        logged.start();
        root().addAppender(logged);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(logged);
        List<String> warnings = warnings();
        if (!warnings.isEmpty()) {
            throw new AssertionError("warnings and errors logged by " + watched + ": " + warnings);
        }
    }

    /** What the watched loggers logged at WARN or above so far. */
    public List<String> warnings() {
        synchronized (logged) {
            return logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(event -> watched.stream().anyMatch(event.getLoggerName()::startsWith))
                    .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
                    .toList();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
