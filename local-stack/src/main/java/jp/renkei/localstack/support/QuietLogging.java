package jp.renkei.localstack.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the chatty INFO logging of the embedded servers (Kafka's broker and controller, mongo-java-server)
 * down to WARN, without overriding a level that the application configured itself.
 *
 * <p>Only acts when Logback is the SLF4J backend. The levels are applied again after every reset of the
 * Logback context (Spring Boot resets it when an application context starts), before the reset's new
 * configuration is read, so an explicit {@code logging.level.kafka=INFO} still wins.
 */
public final class QuietLogging {

    /** The loggers of the embedded Kafka broker (Scala {@code kafka.*}, Java {@code org.apache.kafka.*}). */
    public static final List<String> KAFKA = List.of("kafka", "org.apache.kafka", "state.change.logger");

    /** The loggers of the embedded MongoDB-wire server. */
    public static final List<String> MONGO = List.of("de.bwaldvogel.mongo", "io.netty");

    private static final Set<String> QUIETED = new LinkedHashSet<>();

    private QuietLogging() {
    }

    /** Sets each named logger to WARN unless a level was configured for it. */
    public static synchronized void warnOnly(List<String> loggerNames) {
        if (!isLogback()) {
            return;
        }
        QUIETED.addAll(loggerNames);
        LogbackLevels.apply(loggerNames, true);
    }

    private static boolean isLogback() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, QuietLogging.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return LogbackLevels.isLogbackFactory(LoggerFactory.getILoggerFactory());
    }

    private static synchronized List<String> quieted() {
        return List.copyOf(QUIETED);
    }

    /** Touches Logback's classes; loaded only once {@link #isLogback()} found them. */
    private static final class LogbackLevels {

        private static boolean listenerInstalled;

        static boolean isLogbackFactory(ILoggerFactory factory) {
            return factory instanceof LoggerContext;
        }

        static void apply(List<String> loggerNames, boolean onlyIfUnset) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            for (String name : loggerNames) {
                Logger logger = context.getLogger(name);
                if (!onlyIfUnset || logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
            if (!listenerInstalled) {
                context.addListener(new ReapplyOnReset());
                listenerInstalled = true;
            }
        }
    }

    private static final class ReapplyOnReset implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onReset(LoggerContext context) {
            // after a reset every level is unset; the configuration read next may set its own
            for (String name : quieted()) {
                context.getLogger(name).setLevel(Level.WARN);
            }
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }
}
