package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortsTest {

    private static final List<PortSpec> SPECS = ChildServices.portSpecs(ChildServices.ALL);

    @Test
    void defaultsAreTheDocumentedPorts() throws Exception {
        Ports ports = Ports.resolve(SPECS, Map.of());
        assertThat(ports.asMap()).containsExactly(
                Map.entry("kafka", 9092), Map.entry("kafka-controller", 9093), Map.entry("mongo", 27017),
                Map.entry("plan-service", 8081), Map.entry("consultation-service", 8082),
                Map.entry("regional-sync-service", 8083), Map.entry("gateway", 8080), Map.entry("partner-inbox", 8090),
                Map.entry("web", 8084));
        assertThat(SPECS).extracting(PortSpec::envVar).contains("RENKEI_PORT_PLAN_SERVICE", "RENKEI_PORT_KAFKA_CONTROLLER",
                "RENKEI_PORT_GATEWAY", "RENKEI_PORT_PARTNER_INBOX", "RENKEI_PORT_MONGO", "RENKEI_PORT_WEB");
    }

    @Test
    void aTakenPortIsReportedInOneLineNamingTheServiceAndItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = anyFreePortForAll();
            env.put("RENKEI_PORT_PLAN_SERVICE", String.valueOf(taken.getLocalPort()));

            Ports ports = Ports.resolve(SPECS, env);

            assertThat(ports.firstConflict()).contains("renkei: port " + taken.getLocalPort()
                    + " (plan-service) is already in use; stop what holds it or set RENKEI_PORT_PLAN_SERVICE");
        }
    }

    @Test
    void portZeroIsForEveryoneAndNeverInUseUntilTheServerSaysWhichPortItBound() throws Exception {
        Ports ports = Ports.resolve(SPECS, anyFreePortForAll());

        assertThat(ports.asMap().values()).containsOnly(0);
        assertThat(ports.firstConflict()).isEmpty();
        assertThat(ports.isKnown("gateway")).isFalse();

        Ports bound = ports.bound("gateway", 41080);

        assertThat(bound.port("gateway")).isEqualTo(41080);
        assertThat(bound.isKnown("gateway")).isTrue();
        assertThat(ports.isKnown("gateway")).as("unchanged").isFalse();
        assertThatThrownBy(() -> bound.bound("gateway", 41081)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LaunchContext(new StackPaths(java.nio.file.Path.of("/srv/renkei")), ports)
                .port("gateway")).isInstanceOf(LaunchContext.PortNotYetKnown.class).hasMessage("gateway has not bound its port yet");
    }

    @Test
    void aBadOverrideOrTheSamePortTwiceIsRefusedInOneLine() {
        assertThatThrownBy(() -> Ports.resolve(SPECS, Map.of("RENKEI_PORT_GATEWAY", "http")))
                .isInstanceOf(LaunchException.class)
                .hasMessage("renkei: RENKEI_PORT_GATEWAY=http is not a port (1-65535, or 0 for any free one)");
        assertThatThrownBy(() -> Ports.resolve(SPECS, Map.of("RENKEI_PORT_GATEWAY", "8081")))
                .isInstanceOf(LaunchException.class)
                .hasMessage("renkei: port 8081 is set for both plan-service and gateway; give one of them another port with "
                        + "RENKEI_PORT_PLAN_SERVICE or RENKEI_PORT_GATEWAY");
    }

    /**
     * Every port 0, so that what runs on this machine does not matter: each server binds a free one itself, and what
     * needs its port learns it afterwards.
     */
    static Map<String, String> anyFreePortForAll() {
        Map<String, String> env = new HashMap<>();
        for (PortSpec spec : SPECS) {
            env.put(spec.envVar(), "0");
        }
        return env;
    }
}
