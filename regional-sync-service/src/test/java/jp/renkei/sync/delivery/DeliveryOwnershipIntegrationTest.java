package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static jp.renkei.sync.support.PlanEvents.revisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.support.DispatcherGroup;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of regional-sync-service in one consumer group on one delivery topic and one store, as two replicas
 * run: an operation sent to the instance that does not own the endpoint reaches the one that does, and when the
 * owner leaves, the other takes its endpoints over and sends what waited, on schedule.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryOwnershipIntegrationTest {

    private static final String ENDPOINT = "ozora-bootstrap";
    private static final String DATABASE = "sync-" + UUID.randomUUID();
    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final StandInPartner OZORA = new StandInPartner("ozora", SECRET);
    private static final AtomicBoolean OZORA_UP = new AtomicBoolean(true);
    private static final Map<String, ConfigurableApplicationContext> INSTANCES = new HashMap<>();
    private static DispatcherGroup group;

    @BeforeAll
    static void twoInstances() throws IOException {
        OZORA.status = () -> OZORA_UP.get() ? 204 : 503;
        group = new DispatcherGroup(DATABASE);
        String keyFile = Files.createTempDirectory("sync-key").resolve("sync-secret.key").toString();
        for (String name : List.of("dispatcher-a", "dispatcher-b")) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                    "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(DATABASE), "--server.port=0",
                    TestSettings.jwksArgument(), "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                    // four quick attempts, then an hour: only an operation, or the next owner, sends it sooner
                    "--renkei.sync.delivery.retry-schedule=0s,3s,3s,3s,1h",
                    // four failures and a success open the breaker: a second's wait, not the default 30 s that equal
                    // the test's own waits (the next step's first attempt then raced its 30-second deadline)
                    "--renkei.sync.delivery.circuit-breaker.open-for=1s",
                    "--renkei.sync.secret-key-file=" + keyFile,
                    "--renkei.sync.bootstrap-endpoints.ozora.url=" + OZORA.url(),
                    "--renkei.sync.bootstrap-endpoints.ozora.secret=" + SECRET,
                    DispatcherGroup.clientIdArgument(name)));
            arguments.addAll(TestSettings.deliveryTopicArguments(DATABASE));
            INSTANCES.put(name, RegionalSyncApplication.application().run(arguments.toArray(String[]::new)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> group.settled(2));
    }

    @AfterAll
    static void stop() {
        INSTANCES.values().forEach(ConfigurableApplicationContext::close);
        group.close();
        OZORA.close();
    }

    @Test
    @Order(1)
    void aRetryAndAResumeSentToTheOtherInstanceReachTheOwner() {
        SyncApi other = api(otherThan(owner()));

        // a delivery that failed every quick attempt waits an hour for the next; a retry sends it now
        OZORA_UP.set(false);
        String measure = "own-" + UUID.randomUUID().toString().substring(0, 6);
        CloudEvent failing = revision(measure, 2, List.of("広域連携"));
        publish(List.of(failing));
        JsonNode waiting = await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(other, measure),
                list -> list.size() == 1 && list.get(0).path("attempts").asInt() == 4).get(0);
        assertThat(waiting.path("status").asString()).isEqualTo("PENDING");
        OZORA_UP.set(true);
        assertThat(other.post("/partners/ozora/deliveries/" + waiting.path("id").asString() + "/retry", "")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookIds(measure).contains(failing.id()));

        // paused through the other instance while deliveries wait, the owner holds them back past their next attempt;
        // resumed through it (nothing else wakes the owner's queue), they all go, in order
        OZORA_UP.set(false);
        int refusedBefore = OZORA.refused.get();
        String paused = "own-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = revisions(paused, 2, 4, List.of("広域連携"));
        publish(revisions);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(other, paused).size() == 3
                && OZORA.refused.get() > refusedBefore);
        assertThat(other.post("/partners/ozora/endpoints/" + ENDPOINT + "/pause", "").statusCode()).isEqualTo(200);
        OZORA_UP.set(true);
        Instant due = deliveries(other, paused).stream().map(delivery -> Instant.parse(delivery.path("nextAttemptAt")
                .asString())).max(Comparator.naturalOrder()).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(due.plusSeconds(1)));
        assertThat(OZORA.received(paused)).as("nothing goes to a paused endpoint").isEmpty();
        assertThat(other.post("/partners/ozora/endpoints/" + ENDPOINT + "/resume", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(paused).size() >= 3);
        assertThat(OZORA.received(paused)).extracting(Received::sequence).containsExactly(2L, 3L, 4L);
    }

    @Test
    @Order(2)
    void whenTheOwnerLeavesTheOtherInstanceSendsWhatWaitedOnSchedule() {
        String owner = owner();
        String survivor = otherThan(owner);
        OZORA_UP.set(false);
        String measure = "own-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = revisions(measure, 2, 4, List.of("広域連携"));
        int refusedBefore = OZORA.refused.get();
        publish(revisions);
        // the owner tried the first and scheduled its next attempt; its records are consumed and committed
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.refused.get() > refusedBefore);

        INSTANCES.remove(owner).close();
        await().atMost(Duration.ofSeconds(60)).until(() -> group.settled(1));
        assertThat(group.ownerOf(ENDPOINT)).startsWith(survivor);
        OZORA_UP.set(true);

        // only the durable state can tell the survivor: the records were consumed by the instance that left
        // a request in flight when the owner left may arrive twice, with the same webhook-id
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookIds(measure).stream().distinct().count() >= 3);
        assertThat(OZORA.received(measure).stream().map(Received::webhookId).distinct().toList())
                .containsExactlyElementsOf(revisions.stream().map(CloudEvent::id).toList());
    }

    private static String owner() {
        String owner = await().atMost(Duration.ofSeconds(30)).until(() -> group.ownerOf(ENDPOINT),
                member -> member != null);
        return INSTANCES.keySet().stream().filter(owner::startsWith).findFirst().orElseThrow();
    }

    private static String otherThan(String instance) {
        return INSTANCES.keySet().stream().filter(name -> !name.equals(instance)).findFirst().orElseThrow();
    }

    private static SyncApi api(String instance) {
        return new SyncApi(Integer.parseInt(INSTANCES.get(instance).getEnvironment()
                .getRequiredProperty("local.server.port")));
    }

    private static List<JsonNode> deliveries(SyncApi api, String measure) {
        List<JsonNode> list = new ArrayList<>();
        SyncApi.json(api.get("/partners/ozora/deliveries?subject=measures/" + measure)).forEach(list::add);
        return list;
    }

    private static List<String> webhookIds(String measure) {
        return OZORA.received(measure).stream().map(Received::webhookId).toList();
    }
}
