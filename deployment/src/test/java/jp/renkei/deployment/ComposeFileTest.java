package jp.renkei.deployment;

import static jp.renkei.deployment.ComposeFile.nested;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The project's own rules for docker-compose.yml, beyond what its schema says (ComposeSchemaTest): it cannot be run
 * where the build runs (no Docker engine), so what would go wrong on an operator's first start is checked here.
 */
class ComposeFileTest {

    private static final List<String> APPLICATIONS =
            List.of("plan-service", "consultation-service", "regional-sync-service", "gateway", "web");
    /** What a JVM of these services needs beside its heap and direct buffers: metaspace, code cache, stacks, GC. */
    private static final long JVM_NON_HEAP_HEADROOM = mebibytes(256);
    /** What mongod needs beside WiredTiger's cache: connections, the oplog's working set, mongosh's healthcheck. */
    private static final long MONGOD_HEADROOM = mebibytes(512);

    private static ComposeFile compose;
    private static Map<String, Map<String, Object>> services;
    private static Dockerfile dockerfile;

    @BeforeAll
    static void read() {
        compose = ComposeFile.read();
        services = compose.services();
        dockerfile = Dockerfile.parse(Repository.read("docker/service.Dockerfile"));
    }

    @Test
    void runsTheInfrastructureAndTheFourServices() {
        assertThat(services).containsOnlyKeys("mongo", "kafka", "plan-service", "consultation-service",
                "regional-sync-service", "gateway", "web");
        assertThat(image("kafka")).isEqualTo("apache/kafka:4.1.2");
        assertThat((List<?>) compose.service("mongo").get("command")).asString().contains("--replSet");
        assertThat(compose.built()).containsOnlyKeys(APPLICATIONS);
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
            assertThat((Object) nested(service, "deploy", "resources", "limits", "memory")).as(name + " memory limit")
                    .isNotNull();
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
            assertThat((Object) nested(compose.service(application), "environment", "SPRING_PROFILES_ACTIVE"))
                    .as(application).isEqualTo("docker");
        }
    }

    /** {@code image: renkei/…} is a registry namespace the project does not own: never pull from there. */
    @Test
    void theImagesBuiltHereAreNeverPulled() {
        compose.built().forEach((name, service) ->
                assertThat(service.get("pull_policy")).as(name + " pull_policy").isEqualTo("build"));
    }

    @Test
    void eachHealthcheckAsksThePortItsServiceServes() {
        compose.built().forEach((name, service) -> {
            String module = nested(service, "build", "args", "MODULE");
            assertThat(module).as(name).isEqualTo(name);
            int configured = serverPort(module);
            assertThat(Integer.parseInt(nested(service, "build", "args", "PORT"))).as(name + " PORT")
                    .isEqualTo(configured);
            assertThat(healthcheckPorts(name)).as(name + " healthcheck").containsExactly(configured);
        });
        String kafkaListeners = nested(compose.service("kafka"), "environment", "KAFKA_LISTENERS");
        Matcher plaintext = Pattern.compile("PLAINTEXT://:(\\d+)").matcher(kafkaListeners);
        assertThat(plaintext.find()).as(kafkaListeners).isTrue();
        assertThat(healthcheckPorts("kafka")).containsExactly(Integer.parseInt(plaintext.group(1)));
    }

    /** kafka-broker-api-versions.sh would start a second JVM in the broker's container at every check. */
    @Test
    void kafkasHealthcheckStartsNoJvmAndItsHeapFitsTheLimit() {
        assertThat(String.join(" ", healthcheck("kafka"))).doesNotContain("kafka-").doesNotContain("java");
        String heapOptions = nested(compose.service("kafka"), "environment", "KAFKA_HEAP_OPTS");
        assertThat(heapOptions).as("KAFKA_HEAP_OPTS (the start script's default heap is 1 GiB)").isNotNull();
        long limit = memoryLimit("kafka");
        long heap = bytes(option(heapOptions, "-Xmx").orElseThrow());
        long direct = option(heapOptions, "-XX:MaxDirectMemorySize=").map(ComposeFileTest::bytes).orElse(heap);
        assertThat(heap + direct + JVM_NON_HEAP_HEADROOM).as("kafka: heap + direct buffers + headroom")
                .isLessThanOrEqualTo(limit);
    }

    @Test
    void eachServicesJvmFitsItsMemoryLimitWithHeadroom() {
        String imageOptions = runtimeEnv("JAVA_TOOL_OPTIONS");
        assertThat(imageOptions).contains("-XX:MaxRAMPercentage=").contains("-XX:MaxDirectMemorySize=");
        for (String application : APPLICATIONS) {
            String options = Optional.ofNullable((String) nested(compose.service(application), "environment",
                    "JAVA_TOOL_OPTIONS")).orElse(imageOptions);
            long limit = memoryLimit(application);
            long heap = option(options, "-Xmx").map(ComposeFileTest::bytes).orElseGet(() ->
                    (long) (limit * Double.parseDouble(option(options, "-XX:MaxRAMPercentage=").orElseThrow()) / 100));
            long direct = option(options, "-XX:MaxDirectMemorySize=").map(ComposeFileTest::bytes).orElse(heap);
            assertThat(heap + direct + JVM_NON_HEAP_HEADROOM).as(application + ": heap " + heap + " + direct "
                    + direct + " + headroom, limit " + limit).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void mongodsCacheFitsItsMemoryLimitWithHeadroom() {
        List<String> command = (List<String>) compose.service("mongo").get("command");
        int at = command.indexOf("--wiredTigerCacheSizeGB");
        assertThat(at).as("mongo --wiredTigerCacheSizeGB").isNotNegative();
        long cache = (long) (Double.parseDouble(command.get(at + 1)) * 1024 * 1024 * 1024);
        assertThat(cache + MONGOD_HEADROOM).isLessThanOrEqualTo(memoryLimit("mongo"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNamedVolumeIsMounted() {
        Map<String, Object> volumes = (Map<String, Object>) compose.tree().get("volumes");
        List<String> mounted = new ArrayList<>();
        services.values().forEach(service -> ((List<Object>) service.getOrDefault("volumes", List.of()))
                .forEach(volume -> mounted.add(volume instanceof Map<?, ?> longForm
                        ? String.valueOf(longForm.get("source")) : String.valueOf(volume).split(":")[0])));
        assertThat(mounted).containsAll(volumes.keySet());
        assertThat((List<?>) compose.service("mongo").get("volumes")).asString().contains("mongo-data:/data/db");
        assertThat((List<?>) compose.service("kafka").get("volumes")).asString()
                .contains("kafka-data:" + nested(compose.service("kafka"), "environment", "KAFKA_LOG_DIRS"));
    }

    /** Spring's graceful shutdown waits up to 30 s for requests in progress; compose kills after 10 s by default. */
    @Test
    void applicationsGetTimeToShutDownGracefully() {
        for (String application : APPLICATIONS) {
            String grace = String.valueOf(compose.service(application).get("stop_grace_period"));
            assertThat(grace).as(application + " stop_grace_period").matches("\\d+s");
            assertThat(Integer.parseInt(grace.substring(0, grace.length() - 1))).as(application).isGreaterThan(30);
        }
    }

    /**
     * Its deliveries are shared through a consumer group on the internal delivery topic (issue #11), so compose runs
     * two replicas; they can only both run if neither claims a fixed host port or container name, and the gateway
     * reaches them by the service name, which resolves to every replica.
     */
    @Test
    void regionalSyncRunsTwoReplicasThatShareItsDeliveries() {
        Map<String, Object> sync = compose.service("regional-sync-service");
        assertThat((Object) nested(sync, "deploy", "replicas")).isEqualTo(2);
        assertThat(sync).doesNotContainKeys("container_name", "ports", "hostname");
        assertThat(Repository.read("gateway/src/main/resources/application.yml"))
                .contains("regional-sync-service-uri: http://regional-sync-service:8083");
    }

    @Test
    void theImagesRunAsANonRootUser() {
        assertThat(dockerfile.last().all("USER")).extracting(Dockerfile.Instruction::arguments)
                .singleElement().asString().doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
    }

    /** compose builds the four images at once; Maven's local repository is not safe for concurrent writers. */
    @Test
    void theBuildsShareTheirMavenCacheOnlyUnderALock() {
        Dockerfile.Instruction maven = dockerfile.stage("build").all("RUN").stream()
                .filter(run -> run.operands().contains("mvnw")).findFirst().orElseThrow();
        assertThat(maven.flags()).anySatisfy(flag -> assertThat(flag).startsWith("--mount=type=cache")
                .contains("target=/root/.m2").contains("sharing=locked"));
    }

    private static String image(String service) {
        return (String) services.get(service).get("image");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) {
        Map<String, Map<String, String>> dependencies =
                (Map<String, Map<String, String>>) services.get(service).get("depends_on");
        return dependencies.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().get("condition")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> healthcheck(String service) {
        return (List<String>) nested(services.get(service), "healthcheck", "test");
    }

    private static List<Integer> healthcheckPorts(String service) {
        Matcher port = Pattern.compile("/dev/tcp/[^/]+/(\\d+)").matcher(String.join(" ", healthcheck(service)));
        return port.results().map(match -> Integer.parseInt(match.group(1))).toList();
    }

    /** server.port in the module's own configuration file ({@code application.yml}, its first document). */
    @SuppressWarnings("unchecked")
    private static int serverPort(String module) {
        String yaml = Repository.read(module + "/src/main/resources/application.yml");
        Map<String, Object> first = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .loadAll(yaml).iterator().next();
        return nested(first, "server", "port");
    }

    private static long memoryLimit(String service) {
        return bytes(nested(services.get(service), "deploy", "resources", "limits", "memory"));
    }

    /** A value of the runtime stage's ENV lines, quoted or not. */
    private static String runtimeEnv(String name) {
        Pattern assignment = Pattern.compile("(?:^|\\s)" + name + "=(\"[^\"]*\"|\\S+)");
        return dockerfile.last().all("ENV").stream().map(env -> assignment.matcher(env.arguments()))
                .filter(Matcher::find).map(match -> match.group(1).replace("\"", "")).findFirst().orElseThrow();
    }

    private static Optional<String> option(String options, String prefix) {
        return Arrays.stream(options.split("\\s+")).filter(option -> option.startsWith(prefix))
                .map(option -> option.substring(prefix.length())).reduce((first, last) -> last);
    }

    /** 768M, 1G, 512m, 64m, 1024k, 1gb: a size as compose and the JVM write it. */
    static long bytes(String size) {
        Matcher parts = Pattern.compile("(\\d+)([kmg]?)b?").matcher(size.strip().toLowerCase(Locale.ROOT));
        if (!parts.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long number = Long.parseLong(parts.group(1));
        return switch (parts.group(2)) {
            case "k" -> number * 1024;
            case "m" -> number * 1024 * 1024;
            case "g" -> number * 1024 * 1024 * 1024;
            default -> number;
        };
    }

    private static long mebibytes(long count) {
        return count * 1024 * 1024;
    }
}
