package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} as far as it goes without the services' jars: the real broker and store, the secrets, the pid file, and
 * fake children in place of the services (same arguments, same health check).
 */
class LocalStackTest {

    @TempDir
    Path root;

    private final List<LocalStack> stacks = new ArrayList<>();

    @AfterEach
    void stopStacks() {
        stacks.forEach(LocalStack::stop);
    }

    /** Two of the real service definitions, run as fakes; extra fake options per service name. */
    private LocalStack stack(CapturedConsole captured, Map<String, String> env, boolean fresh, Map<String, List<String>> fakeOptions) {
        List<ChildService> services = ChildServices.ALL.stream()
                .filter(s -> s.name().equals(ChildServices.PLAN_SERVICE) || s.name().equals(ChildServices.PARTNER_INBOX))
                .toList();
        ChildCommand fakes = (service, args) -> {
            List<String> all = new ArrayList<>(args);
            all.addAll(fakeOptions.getOrDefault(service.name(), List.of()));
            return FakeService.command(all);
        };
        LocalStack.Settings settings = new LocalStack.Settings(new StackPaths(root), env, services, fakes,
                Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofMillis(100), fresh, Instant.now());
        LocalStack stack = new LocalStack(settings, captured.console);
        stacks.add(stack);
        return stack;
    }

    @Test
    void startsInfrastructureAndChildrenThenStopsEverythingAndKeepsTheDataForTheNextRun() throws Exception {
        Map<String, String> env = PortsTest.anyFreePortForAll();
        StackPaths paths = new StackPaths(root);
        CapturedConsole first = new CapturedConsole();
        LocalStack stack = stack(first, env, false, Map.of());

        stack.start();

        int kafkaPort = stack.ports().port("kafka");
        int mongoPort = stack.ports().port("mongo");
        int planPort = stack.ports().port("plan-service");
        int inboxPort = stack.ports().port("partner-inbox");
        assertThat(List.of(kafkaPort, mongoPort, planPort, inboxPort)).as("each bound by its server").doesNotContain(0);
        assertThat(first.out())
                .contains("[kafka] started on 127.0.0.1:" + kafkaPort + " (data/kafka)")
                .contains("[mongo] started on 127.0.0.1:" + mongoPort + " (data/mongo/renkei.mv)")
                .contains("[secrets] generated data/secrets/partner-webhooks.properties (4 partner webhook secrets)")
                .contains("[secrets] updated the endpoint URLs in data/secrets/partner-webhooks.properties")
                .contains("[secrets] generated data/secrets/gateway-token-key.properties (the gateway's token key; "
                        + "the services check tokens against data/secrets/gateway-jwks.json)")
                .containsPattern("\\[plan-service\\] healthy in \\d+\\.\\d s")
                .containsPattern("\\[partner-inbox\\] healthy in \\d+\\.\\d s")
                .containsPattern("renkei: all services healthy, \\d+\\.\\d s after launch")
                .contains("  partner inbox  http://localhost:" + inboxPort + "/inbox")
                .contains("[secrets] generated data/local-credentials (7 demo API keys)")
                .contains("  API keys       data/local-credentials (source it in a shell):")
                .containsPattern("    export RENKEI_EDITOR_KEY=rk_[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(paths.pidFile()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        assertThat(Files.readString(paths.secretsFile())).contains("http://127.0.0.1:" + inboxPort + "/webhooks/ozora");
        // the children got the arguments of ChildServices, and port 0 to bind a free one of their own
        assertThat(Files.readString(paths.logFile("plan-service"))).contains(
                "--server.port=0", "--spring.profiles.active=local",
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
                "--spring.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/plan",
                "--renkei.security.jwks-uri=" + paths.gatewayKeySetFile().toUri());
        assertThat(Files.readString(paths.logFile("partner-inbox"))).contains(
                "--spring.config.import=optional:file:" + paths.secretsFile(),
                "--renkei.inbox.store-dir=" + paths.partnerInboxDir());
        String secrets = Files.readString(paths.secretsFile());
        String credentials = Files.readString(paths.credentialsFile());
        List<ChildProcess> children = stack.children();

        stack.stop();

        assertThat(children).noneMatch(ChildProcess::isAlive);
        assertThat(paths.pidFile()).doesNotExist();
        assertThat(Ports.isFree(kafkaPort)).isTrue();
        assertThat(Ports.isFree(mongoPort)).isTrue();
        assertThat(first.out()).contains("[plan-service] stopped", "[mongo] stopped", "[kafka] stopped", "renkei: stopped");

        // a second run reuses the cluster and the secrets; only the endpoints follow the inbox to its new port
        CapturedConsole second = new CapturedConsole();
        LocalStack again = stack(second, env, false, Map.of());
        again.start();
        assertThat(second.out()).contains("[secrets] kept data/secrets/partner-webhooks.properties").doesNotContain("new cluster");
        assertThat(secretLines(Files.readString(paths.secretsFile()))).isEqualTo(secretLines(secrets));
        assertThat(Files.readString(paths.secretsFile()))
                .contains("http://127.0.0.1:" + again.ports().port("partner-inbox") + "/webhooks/ozora");
        assertThat(second.out()).contains("[secrets] kept data/local-credentials", "[secrets] kept data/secrets/gateway-token-key.properties");
        assertThat(Files.readString(paths.credentialsFile())).isEqualTo(credentials);
        again.stop();

        // --fresh starts from nothing but keeps this run's own logs
        CapturedConsole third = new CapturedConsole();
        LocalStack fresh = stack(third, env, true, Map.of());
        fresh.start();
        assertThat(third.out()).contains("with empty data (--fresh)", "new cluster", "[secrets] generated");
        assertThat(Files.readString(paths.secretsFile())).isNotEqualTo(secrets);
        assertThat(Files.readString(paths.credentialsFile())).isNotEqualTo(credentials);
        assertThat(Files.readString(paths.logFile("plan-service"))).containsOnlyOnce("=== renkei: starting plan-service");
        fresh.stop();
    }

    private static List<String> secretLines(String secretsFile) {
        return secretsFile.lines().filter(line -> line.contains("secret")).toList();
    }

    @Test
    void aChildThatExitsEarlyStopsTheWholeStack() throws Exception {
        Map<String, String> env = PortsTest.anyFreePortForAll();
        StackPaths paths = new StackPaths(root);
        CapturedConsole captured = new CapturedConsole();
        LocalStack stack = stack(captured, env, false, Map.of("partner-inbox", List.of("--fake.fail-on-start=1")));

        assertThatThrownBy(stack::start)
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("[partner-inbox] exited with code 1 before it was healthy; last 20 lines of "
                        + "data/logs/partner-inbox.log:")
                .hasMessageContaining("APPLICATION FAILED TO START");
        List<ChildProcess> children = stack.children();
        stack.stop();

        assertThat(children).noneMatch(ChildProcess::isAlive);
        assertThat(Ports.isFree(stack.ports().port("kafka"))).isTrue();
        assertThat(paths.pidFile()).doesNotExist();
    }

    @Test
    void aTakenPortStopsUpBeforeAnythingStarts() throws Exception {
        Map<String, String> env = PortsTest.anyFreePortForAll();
        // the one port given here is taken: the others, 0, can never be
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            env.put("RENKEI_PORT_KAFKA", String.valueOf(taken.getLocalPort()));
            CapturedConsole captured = new CapturedConsole();
            LocalStack stack = stack(captured, env, true, Map.of());

            assertThatThrownBy(stack::start).isInstanceOf(LaunchException.class)
                    .hasMessage("renkei: port " + taken.getLocalPort() + " (kafka) is already in use; stop what holds it or set RENKEI_PORT_KAFKA");
            stack.stop();

            assertThat(root.resolve("data")).doesNotExist();
            assertThat(captured.all()).isEmpty();
        }
    }

    @Test
    void kafkaAndTheStoreRunAloneSideBySideEachStoppedWithoutTheOther() throws Exception {
        Map<String, String> env = PortsTest.anyFreePortForAll();
        StackPaths paths = new StackPaths(root);
        CapturedConsole kafkaConsole = new CapturedConsole();
        LocalStack kafka = alone(StackPart.KAFKA, kafkaConsole, env);
        CapturedConsole storeConsole = new CapturedConsole();
        LocalStack store = alone(StackPart.STORE, storeConsole, env);

        kafka.start();
        store.start();

        int kafkaPort = kafka.ports().port("kafka");
        int mongoPort = store.ports().port("mongo");
        assertThat(kafkaConsole.out()).contains("[kafka] started on 127.0.0.1:" + kafkaPort, "renkei: kafka running alone")
                .doesNotContain("[mongo]", "[secrets]");
        assertThat(storeConsole.out()).contains("[mongo] started on 127.0.0.1:" + mongoPort, "renkei: store running alone")
                .doesNotContain("[kafka]", "[secrets]");
        assertThat(StackPart.KAFKA.pidFile(paths)).exists();
        assertThat(StackPart.STORE.pidFile(paths)).exists();
        assertThat(paths.pidFile()).doesNotExist();
        assertThat(paths.secretsFile()).doesNotExist();

        store.stop();

        assertThat(Ports.isFree(mongoPort)).isTrue();
        assertThat(Ports.isFree(kafkaPort)).as("Kafka keeps running").isFalse();
        assertThat(StackPart.STORE.pidFile(paths)).doesNotExist();
        kafka.stop();
        assertThat(Ports.isFree(kafkaPort)).isTrue();
        assertThat(StackPart.KAFKA.pidFile(paths)).doesNotExist();
    }

    private LocalStack alone(StackPart part, CapturedConsole captured, Map<String, String> env) {
        LocalStack.Settings settings = new LocalStack.Settings(new StackPaths(root), env, List.of(),
                (service, args) -> List.of(), Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofMillis(100),
                false, Instant.now(), part);
        LocalStack stack = new LocalStack(settings, captured.console);
        stacks.add(stack);
        return stack;
    }
}
