package jp.renkei.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherLoggingTest {

    @TempDir
    Path home;

    @Test
    void theLaunchersLoggingConfigurationLoadsWithoutAnError() throws Exception {
        URL configuration = getClass().getResource("/jp/renkei/localstack/launcher-logback.xml");
        assertThat(configuration).isNotNull();
        LoggerContext context = new LoggerContext();
        context.putProperty("renkei.logs", home.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);

        configurator.doConfigure(configuration);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() >= Status.WARN)
                .extracting(Status::getMessage)
                .isEmpty();
        context.stop();
    }
}
