package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.support.DispatcherGroup;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two regional-sync-service processes, as two replicas, against one broker and one store; one of them is killed with
 * SIGKILL in the middle of a 2,000-delivery burst to four partners whose receivers verify every signature. Every
 * (event, partner) arrives, each measure's revisions first arrive in version order, repeats carry the same
 * webhook-id, and the survivor takes the dead one's endpoints over once the group notices (its session timeout).
 * Then both are killed while retries wait, and started again: the retries go out.
 *
 * <p>Slow (three JVMs on a shared machine): Maven profile {@code faults}.
 */
@Tag("faults")
@ExtendWith(RenkeiInfrastructureExtension.class)
class TwoInstancesKilledIntegrationTest {

    private static final List<String> PARTNERS = List.of("ozora", "okhotsk-council", "abashiri-fire-union",
            "abashiri-education-center");
    /** Each revision reaches all four partners: 125 measures × 4 versions × 4 partners = 2,000 deliveries. */
    private static final List<String> TAGS = List.of("広域連携", "教育", "情報セキュリティ");
    private static final int MEASURES = 125;
    private static final int VERSIONS = 4;
    /** How many deliveries arrive before the partners hold their answers and one instance is killed. */
    private static final int BEFORE_THE_KILL = 200;

    private final String database = "sync-" + UUID.randomUUID();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, StandInPartner> partners = new LinkedHashMap<>();
    private final AtomicBoolean ozoraUp = new AtomicBoolean(true);
    private final CountDownLatch victimKilled = new CountDownLatch(1);

    @Test
    void theSurvivorOfAKilledInstanceDeliversEverythingInOrderAndARestartResumesRetries() throws Exception {
        for (String partner : PARTNERS) {
            secrets.put(partner, WebhookSignature.newSecret(new SecureRandom(), 32));
            StandInPartner standIn = new StandInPartner(partner, secrets.get(partner));
            // once the first deliveries arrived, the partners hold every answer until one instance is killed: the
            // kill comes in the middle of the burst however fast or slow the machine is
            standIn.status = partner.equals("ozora") ? () -> ozoraUp.get() ? afterTheKill(204) : 503
                    : () -> afterTheKill(204);
            partners.put(partner, standIn);
        }
        Path keyFile = Files.createTempDirectory("sync-key").resolve("sync-secret.key");
        try (DispatcherGroup group = new DispatcherGroup(database)) {
            Map<String, Process> instances = new LinkedHashMap<>();
            try {
                for (String name : List.of("instance-a", "instance-b")) {
                    instances.put(name, start(name, keyFile));
                }
                // three JVMs starting on a shared machine take their time
                await().atMost(Duration.ofSeconds(300)).until(() -> group.settled(2));

                List<CloudEvent> revisions = new ArrayList<>();
                for (int measure = 0; measure < MEASURES; measure++) {
                    String measureId = "two-" + measure + "-" + UUID.randomUUID().toString().substring(0, 6);
                    revisions.addAll(revisions(measureId, 2, 1 + VERSIONS, TAGS));
                }
                String victim = instances.keySet().stream().filter(group.ownerOf("ozora-bootstrap")::startsWith)
                        .findFirst().orElseThrow();
                publish(revisions);
                await().atMost(Duration.ofSeconds(120)).until(() -> arrived() >= BEFORE_THE_KILL);
                instances.remove(victim).destroyForcibly().waitFor();
                assertThat(arrived()).as("the kill came in the middle of the burst").isLessThan(revisions.size() * 4);
                victimKilled.countDown();

                // the group drops the dead member after its session timeout (6 s here); the survivor holds everything
                await().atMost(Duration.ofSeconds(60)).until(() -> group.settled(1));
                Set<String> expected = revisions.stream().map(CloudEvent::id).collect(Collectors.toSet());
                await().atMost(Duration.ofSeconds(240)).until(() -> partners.values().stream()
                        .allMatch(partner -> distinctIds(partner).containsAll(expected)));
                partners.values().forEach(partner -> {
                    assertThat(partner.accepted).as(partner.id + ": every request carries the event as its webhook-id")
                            .extracting(Received::webhookId).containsAll(expected);
                    assertThat(firstArrivals(partner)).as(partner.id).hasSize(MEASURES).allSatisfy((subject, versions) ->
                            assertThat(versions).as(partner.id + " " + subject).containsExactly(2L, 3L, 4L, 5L));
                });

                // retries waiting in the store when every instance dies go out after both start again
                ozoraUp.set(false);
                StandInPartner ozora = partners.get("ozora");
                int refusedBefore = ozora.refused.get();
                String measure = "two-retry-" + UUID.randomUUID().toString().substring(0, 6);
                List<CloudEvent> waiting = revisions(measure, 2, 4, List.of("広域連携"));
                publish(waiting);
                await().atMost(Duration.ofSeconds(60)).until(() -> ozora.refused.get() > refusedBefore);
                for (Process instance : instances.values()) {
                    instance.destroyForcibly().waitFor();
                }
                instances.clear();
                ozoraUp.set(true);
                for (String name : List.of("instance-c", "instance-d")) {
                    instances.put(name, start(name, keyFile));
                }
                await().atMost(Duration.ofSeconds(300)).until(() -> ozora.received(measure).stream()
                        .map(Received::webhookId).distinct().count() >= 3);
                assertThat(ozora.received(measure).stream().map(Received::webhookId).distinct().toList())
                        .containsExactlyElementsOf(waiting.stream().map(CloudEvent::id).toList());
            } finally {
                victimKilled.countDown();
                for (Process instance : instances.values()) {
                    instance.destroyForcibly().waitFor();
                }
                partners.values().forEach(StandInPartner::close);
            }
        }
    }

    private Process start(String name, Path keyFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RegionalSyncApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(database), "--server.port=0",
                // a killed member is dropped from the consumer group after this, instead of the default 45 s
                "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
                "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000",
                TestSettings.jwksArgument(), "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                "--renkei.sync.delivery.retry-schedule=0s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s",
                "--renkei.sync.secret-key-file=" + keyFile, DispatcherGroup.clientIdArgument(name)));
        command.addAll(TestSettings.deliveryTopicArguments(database));
        partners.forEach((id, partner) -> {
            command.add("--renkei.sync.bootstrap-endpoints." + id + ".url=" + partner.url());
            command.add("--renkei.sync.bootstrap-endpoints." + id + ".secret=" + secrets.get(id));
        });
        Path log = Path.of("target", "two-instances-" + name + ".log");
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private int arrived() {
        return partners.values().stream().mapToInt(partner -> partner.accepted.size()).sum();
    }

    private static Set<String> distinctIds(StandInPartner partner) {
        return partner.accepted.stream().map(Received::webhookId).collect(Collectors.toSet());
    }

    /** Per subject, the versions in the order their first copies arrived. */
    private static Map<String, List<Long>> firstArrivals(StandInPartner partner) {
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Received received : partner.accepted) {
            if (seen.add(received.webhookId())) {
                firsts.computeIfAbsent(received.subject(), subject -> new ArrayList<>()).add(received.sequence());
            }
        }
        firsts.keySet().removeIf(subject -> !subject.startsWith("measures/two-") || subject.startsWith("measures/two-retry"));
        return firsts;
    }

    /** The status, answered at once before {@link #BEFORE_THE_KILL} arrived, after that once the victim is dead. */
    private int afterTheKill(int status) {
        if (arrived() >= BEFORE_THE_KILL) {
            try {
                victimKilled.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return status;
    }
}
