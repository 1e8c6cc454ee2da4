package jp.renkei.system.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml cannot be run where the build runs (no Docker engine), so its promises are checked here:
 * the services are all there, healthy before their dependants start, pinned, limited, and only the gateway is
 * reachable from outside.
 */
class ComposeFileTest {

    private static final List<String> APPLICATIONS =
            List.of("plan-service", "consultation-service", "regional-sync-service", "gateway", "web");
    private static Path root;
    private static Map<String, Map<String, Object>> services;
    private static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        root = Files.exists(Path.of("../docker-compose.yml")) ? Path.of("..") : Path.of(".");
        compose = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(root.resolve("docker-compose.yml"), StandardCharsets.UTF_8));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** The image build runs the Maven reactor, which needs every module the root pom lists. */
    @Test
    void theImageBuildCopiesEveryModuleOfTheReactor() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        List<String> modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom).results()
                .map(match -> match.group(1)).toList();
        String dockerfile = Files.readString(root.resolve("docker/service.Dockerfile"), StandardCharsets.UTF_8);
        assertThat(modules).isNotEmpty().allSatisfy(module -> assertThat(dockerfile).as(module)
                .containsAnyOf("COPY " + module + " " + module + "\n", "COPY " + module + "/pom.xml " + module + "/pom.xml\n"));
    }

    @Test
    void runsTheInfrastructureTheFourServicesAndTheWebPages() {
        assertThat(services).containsOnlyKeys("mongo", "kafka", "plan-service", "consultation-service",
                "regional-sync-service", "gateway", "web");
        assertThat(image("kafka")).isEqualTo("apache/kafka:4.1.2");
        assertThat(List.of((List<?>) services.get("mongo").get("command"))).asString().contains("--replSet");
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheGatewayPublishesAPort() {
        services.forEach((name, service) -> {
            if (name.equals("gateway")) {
                assertThat((List<Object>) service.get("ports")).as(name).containsExactly("8080:8080");
            } else {
                assertThat(service).as(name + " must not publish ports").doesNotContainKey("ports");
            }
        });
    }

    @Test
    void everyServiceHasAHealthcheckAndAMemoryLimitAndAPinnedImage() {
        services.forEach((name, service) -> {
            assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            assertThat(nested(service, "deploy", "resources", "limits", "memory")).as(name + " memory limit").isNotNull();
            assertThat(image(name)).as(name + " image").contains(":").doesNotEndWith(":latest");
        });
    }

    @Test
    void applicationsStartOnlyAfterWhatTheyNeedIsHealthy() {
        for (String application : List.of("plan-service", "consultation-service", "regional-sync-service")) {
            assertThat(dependsOn(application)).as(application).containsEntry("mongo", "service_healthy")
                    .containsEntry("kafka", "service_healthy");
        }
        assertThat(dependsOn("gateway")).containsEntry("plan-service", "service_healthy")
                .containsEntry("consultation-service", "service_healthy")
                .containsEntry("regional-sync-service", "service_healthy");
        for (String application : APPLICATIONS) {
            assertThat(nested(services.get(application), "environment", "SPRING_PROFILES_ACTIVE")).as(application)
                    .isEqualTo("docker");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImagesAreBuiltAsANonRootUserAndTheDataLivesInNamedVolumes() throws IOException {
        for (String application : APPLICATIONS) {
            Path dockerfile = root.resolve((String) nested(services.get(application), "build", "dockerfile"));
            String text = Files.readString(dockerfile, StandardCharsets.UTF_8);
            String runtime = text.substring(text.lastIndexOf("FROM "));
            assertThat(runtime).as(application + " runtime stage").containsPattern("(?m)^USER (?!root|0\\b)\\S+");
            assertThat(nested(services.get(application), "build", "args", "MODULE")).isEqualTo(application);
        }
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("mongo-data", "kafka-data");
        assertThat((List<?>) services.get("mongo").get("volumes")).asString().contains("mongo-data:/data/db");
    }

    private static String image(String service) {
        return (String) services.get(service).get("image");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) {
        Map<String, Map<String, String>> dependencies =
                (Map<String, Map<String, String>>) services.get(service).get("depends_on");
        return dependencies.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().get("condition")));
    }

    @SuppressWarnings("unchecked")
    private static Object nested(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
