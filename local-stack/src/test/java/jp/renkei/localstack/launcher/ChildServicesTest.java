package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildServicesTest {

    private final StackPaths paths = new StackPaths(Path.of("/srv/renkei"));

    @Test
    void theGatewayGetsTheDemoKeysAndEveryServiceItsPublicKeys() throws Exception {
        Ports ports = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), Map.of("RENKEI_PORT_GATEWAY", "18080"));
        LaunchContext context = new LaunchContext(paths, ports);

        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.GATEWAY), context)).contains(
                "--spring.config.import=optional:file:/srv/renkei/data/secrets/gateway-keys.properties,"
                        + "optional:file:/srv/renkei/data/secrets/gateway-token-key.properties",
                "--spring.mongodb.uri=mongodb://127.0.0.1:27017/gateway");
        for (String name : java.util.List.of(ChildServices.PLAN_SERVICE, ChildServices.CONSULTATION_SERVICE,
                ChildServices.REGIONAL_SYNC_SERVICE)) {
            assertThat(ChildServices.argsFor(ChildServices.named(name), context)).as(name)
                    .contains("--renkei.security.jwks-uri=file:///srv/renkei/data/secrets/gateway-jwks.json");
        }
    }

    @Test
    void onPortZeroAServiceNeedsOnlyTheInfrastructureAndWhatItCallsWaitsForTheOnesItNames() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        ChildServices.portSpecs(ChildServices.ALL).forEach(spec -> env.put(spec.envVar(), "0"));
        Ports infrastructure = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), env)
                .bound(ChildServices.KAFKA, 41092).bound(ChildServices.MONGO, 41017);
        LaunchContext context = new LaunchContext(paths, infrastructure);

        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.PLAN_SERVICE), context)).contains("--server.port=0",
                "--spring.kafka.bootstrap-servers=127.0.0.1:41092", "--spring.mongodb.uri=mongodb://127.0.0.1:41017/plan");
        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.PARTNER_INBOX), context)).contains("--server.port=0");
        assertThatThrownBy(() -> ChildServices.argsFor(ChildServices.named(ChildServices.REGIONAL_SYNC_SERVICE), context))
                .isInstanceOfSatisfying(LaunchContext.PortNotYetKnown.class,
                        e -> assertThat(e.name()).isEqualTo(ChildServices.PARTNER_INBOX));
        assertThatThrownBy(() -> ChildServices.argsFor(ChildServices.named(ChildServices.GATEWAY), context))
                .isInstanceOf(LaunchContext.PortNotYetKnown.class);

        LaunchContext inboxBound = new LaunchContext(paths, infrastructure.bound(ChildServices.PARTNER_INBOX, 41090));
        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.REGIONAL_SYNC_SERVICE), inboxBound))
                .contains("--renkei.sync.webhook-allow-list=127.0.0.1:41090");
    }

    @Test
    void theGatewayRoutesThePagesToTheWebServiceWhichCallsTheApiThroughTheGateway() throws Exception {
        Ports ports = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), Map.of("RENKEI_PORT_GATEWAY", "18080"));
        LaunchContext context = new LaunchContext(paths, ports);

        assertThat(ChildServices.named(ChildServices.WEB).defaultPort()).isEqualTo(8084);
        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.GATEWAY), context))
                .contains("--renkei.gateway.web-uri=http://127.0.0.1:8084");
        assertThat(ChildServices.argsFor(ChildServices.named(ChildServices.WEB), context))
                .contains("--server.port=8084", "--renkei.web.gateway-url=http://127.0.0.1:18080");
    }
}
