package jp.renkei.sync.support;

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
 * Fails a test in which the delivery path ({@code jp.renkei.sync.delivery}) logged a warning or an error. For tests of
 * routine runs — an outage and its recovery, a hand-over, a restart — where a warning is a fault that nothing else
 * shows: a pump that threw on every drain after a recovery logged one each time, for a day, and every test passed.
 */
public final class NoDeliveryWarnings implements BeforeEachCallback, AfterEachCallback {

    private static final String DELIVERY_PATH = "jp.renkei.sync.delivery";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoDeliveryWarnings.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        deliveryPath().addAppender(logged);
        context.getStore(NAMESPACE).put(context.getUniqueId(), logged);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        ListAppender<ILoggingEvent> logged = context.getStore(NAMESPACE).remove(context.getUniqueId(), ListAppender.class);
        deliveryPath().detachAppender(logged);
        List<String> warnings;
        synchronized (logged) {
            warnings = logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
                    .toList();
        }
        assertThat(warnings).as("what the delivery path warned of in a routine run").isEmpty();
    }

    private static Logger deliveryPath() {
        return (Logger) LoggerFactory.getLogger(DELIVERY_PATH);
    }
}
