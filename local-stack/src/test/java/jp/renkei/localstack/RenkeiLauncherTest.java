package jp.renkei.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.localstack.launcher.Console;
import jp.renkei.localstack.launcher.PortSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenkeiLauncherTest {

    private static final String[] PROPERTIES = {"renkei.home", "renkei.logs", "logback.configurationFile"};

    @TempDir
    Path root;

    private final Map<String, String> savedProperties = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @BeforeEach
    void pointAtTheTemporaryRoot() {
        for (String name : PROPERTIES) {
            savedProperties.put(name, System.getProperty(name));
        }
        System.setProperty("renkei.home", root.toString());
    }

    @AfterEach
    void restoreProperties() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void upWithATakenPortPrintsOneLineAndExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = new HashMap<>();
            for (PortSpec spec : ChildServices.portSpecs(ChildServices.ALL)) {
                env.put(spec.envVar(), "0");
            }
            env.put("RENKEI_PORT_PLAN_SERVICE", String.valueOf(taken.getLocalPort()));

            int exitCode = RenkeiLauncher.run(new String[] {"up"}, env, console);

            assertThat(exitCode).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("renkei: port " + taken.getLocalPort()
                    + " (plan-service) is already in use; stop what holds it or set RENKEI_PORT_PLAN_SERVICE" + System.lineSeparator());
            assertThat(root.resolve("data")).doesNotExist();
        }
    }

    @Test
    void upWithoutTheServiceJarsSaysWhichIsMissing() {
        Map<String, String> env = new HashMap<>();
        for (PortSpec spec : ChildServices.portSpecs(ChildServices.ALL)) {
            env.put(spec.envVar(), "0");
        }

        int exitCode = RenkeiLauncher.run(new String[] {"up"}, env, console);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("renkei: plan-service/target/plan-service-exec.jar is missing; "
                + "build it with ./mvnw -DskipTests package (./renkei up does that for you)" + System.lineSeparator());
    }

    @Test
    void downWithoutAPidFileSaysNotRunningAndUnknownCommandsShowTheUsage() {
        assertThat(RenkeiLauncher.run(new String[] {"down"}, Map.of(), console)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("renkei: not running" + System.lineSeparator());

        assertThat(RenkeiLauncher.run(new String[] {"sideways"}, Map.of(), console)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("renkei: unknown command sideways").contains("usage: renkei up [--fresh]");
    }

    @Test
    void onlyTakesKafkaOrTheStore() {
        assertThat(RenkeiLauncher.run(new String[] {"up", "--only", "zookeeper"}, Map.of(), console)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("renkei: --only takes kafka or store, not 'zookeeper'")
                .contains("--only kafka, --only store");
        assertThat(root.resolve("data")).doesNotExist();
    }
}
