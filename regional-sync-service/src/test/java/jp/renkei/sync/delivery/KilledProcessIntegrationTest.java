package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * regional-sync-service as its own process, killed with SIGKILL in the middle of a backlog (no shutdown hook, no
 * graceful close, requests in flight) and started again on the same store: every event arrives, each measure's
 * revisions first arrive in order, and a receiver that de-duplicates on webhook-id keeps each once.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class KilledProcessIntegrationTest {

    private static final int MEASURES = 8;
    private static final int VERSIONS = 5;

    @Test
    void aKilledProcessLosesNothingAndItsSuccessorDeliversTheRestInOrder() throws Exception {
        String secret = WebhookSignature.newSecret(new SecureRandom(), 32);
        try (StandInPartner ozora = new StandInPartner("ozora", secret)) {
            // ten requests are answered at once; every later one waits until the first process has been killed, so
            // the kill comes in the middle of the backlog whatever the machine's speed
            AtomicInteger asked = new AtomicInteger();
            CountDownLatch killed = new CountDownLatch(1);
            ozora.status = () -> {
                if (asked.incrementAndGet() > 10) {
                    try {
                        killed.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 204;
            };
            List<String> arguments = arguments(ozora, secret, "sync-killed-" + UUID.randomUUID());
            List<CloudEvent> revisions = new ArrayList<>();
            for (int measure = 0; measure < MEASURES; measure++) {
                String measureId = "k" + measure + "-" + UUID.randomUUID().toString().substring(0, 6);
                for (int version = 2; version < 2 + VERSIONS; version++) {
                    revisions.add(revision(measureId, version, List.of("広域連携")));
                }
            }

            Process first = start(arguments, "first");
            try {
                publish(revisions);
                await().atMost(Duration.ofSeconds(90)).until(() -> ozora.accepted.size() >= 10);
            } finally {
                first.destroyForcibly().waitFor();
            }
            assertThat(distinctIds(ozora)).as("the kill came in the middle of the backlog").hasSize(10);
            killed.countDown();

            Process second = start(arguments, "second");
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> distinctIds(ozora).size() == revisions.size());
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(distinctIds(ozora)).containsExactlyInAnyOrderElementsOf(revisions.stream().map(CloudEvent::id)
                    .toList());
            Map<String, List<Long>> firstArrivals = new LinkedHashMap<>();
            List<String> seen = new ArrayList<>();
            for (Received received : ozora.accepted) {
                if (!seen.contains(received.webhookId())) {
                    seen.add(received.webhookId());
                    firstArrivals.computeIfAbsent(received.subject(), subject -> new ArrayList<>()).add(received.sequence());
                }
            }
            assertThat(firstArrivals).hasSize(MEASURES)
                    .allSatisfy((subject, sequences) -> assertThat(sequences).as(subject).containsExactly(2L, 3L, 4L, 5L, 6L));
        }
    }

    private static List<String> arguments(StandInPartner ozora, String secret, String database) throws IOException {
        Path keyFile = Files.createTempDirectory("sync-key").resolve("sync-secret.key");
        List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(database), "--server.port=0",
                // a killed member is dropped from the consumer group after this, instead of the default 45 s
                "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
                "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000",
                TestSettings.jwksArgument(),
                "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                "--renkei.sync.delivery.retry-schedule=0s,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms",
                "--renkei.sync.secret-key-file=" + keyFile,
                "--renkei.sync.bootstrap-endpoints.ozora.url=" + ozora.url(),
                "--renkei.sync.bootstrap-endpoints.ozora.secret=" + secret));
        arguments.addAll(TestSettings.deliveryTopicArguments(database));
        return arguments;
    }

    private static Process start(List<String> arguments, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RegionalSyncApplication.class.getName()));
        command.addAll(arguments);
        Path log = Path.of("target", "killed-process-" + name + ".log");
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> distinctIds(StandInPartner partner) {
        return partner.accepted.stream().map(Received::webhookId).distinct().toList();
    }
}
