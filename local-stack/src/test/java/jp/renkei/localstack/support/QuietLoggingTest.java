package jp.renkei.localstack.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLoggingTest {

    @Test
    void setsUnconfiguredLoggersToWarnKeepsConfiguredOnesAndSurvivesAReset() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("renkei.test.configured").setLevel(Level.DEBUG);

        QuietLogging.warnOnly(List.of("renkei.test.quiet", "renkei.test.configured"));

        assertThat(context.getLogger("renkei.test.quiet").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("renkei.test.quiet.child").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("renkei.test.configured").getLevel()).isEqualTo(Level.DEBUG);
        try {
            // what Spring Boot does when an application context starts
            context.reset();
            assertThat(context.getLogger("renkei.test.quiet").getLevel()).isEqualTo(Level.WARN);
        } finally {
            new ContextInitializer(context).autoConfig();
        }
    }
}
