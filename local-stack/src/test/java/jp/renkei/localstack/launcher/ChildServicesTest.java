package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildServicesTest {

    private final StackPaths paths = new StackPaths(Path.of("/srv/renkei"));

    @Test
    void theGatewayGetsTheDemoKeysAndEveryServiceItsPublicKeys() throws Exception {
        Ports ports = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), Map.of("RENKEI_PORT_GATEWAY", "18080"));
        LaunchContext context = new LaunchContext(paths, ports);

        assertThat(ChildServices.argsFor(service(ChildServices.GATEWAY), context)).contains(
                "--spring.config.import=optional:file:/srv/renkei/data/secrets/gateway-keys.properties",
                "--spring.mongodb.uri=mongodb://127.0.0.1:27017/gateway");
        for (String name : java.util.List.of(ChildServices.PLAN_SERVICE, ChildServices.CONSULTATION_SERVICE,
                ChildServices.REGIONAL_SYNC_SERVICE)) {
            assertThat(ChildServices.argsFor(service(name), context)).as(name)
                    .contains("--renkei.security.jwks-uri=http://127.0.0.1:18080/internal/jwks.json");
        }
    }

    @Test
    void theGatewayRoutesThePagesToTheWebServiceWhichCallsTheApiThroughTheGateway() throws Exception {
        Ports ports = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), Map.of("RENKEI_PORT_GATEWAY", "18080"));
        LaunchContext context = new LaunchContext(paths, ports);

        assertThat(service(ChildServices.WEB).defaultPort()).isEqualTo(8084);
        assertThat(ChildServices.argsFor(service(ChildServices.GATEWAY), context))
                .contains("--renkei.gateway.web-uri=http://127.0.0.1:8084");
        assertThat(ChildServices.argsFor(service(ChildServices.WEB), context))
                .contains("--server.port=8084", "--renkei.web.gateway-url=http://127.0.0.1:18080");
    }

    private static ChildService service(String name) {
        return ChildServices.ALL.stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }
}
