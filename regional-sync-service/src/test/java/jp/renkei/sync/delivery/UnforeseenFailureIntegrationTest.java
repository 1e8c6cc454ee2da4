package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.partner.FailingForTheDispatcher;
import jp.renkei.sync.support.DispatcherGroup;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A failure the dispatcher does not expect while it queues and starts deliveries (found by the fault suite: the store
 * gone just as the endpoints were read again) loses nothing: the deliveries of the records it was queueing, and of
 * the rest of their batch, are sent once the failure has passed.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class UnforeseenFailureIntegrationTest {

    private static final String DATABASE = "sync-" + UUID.randomUUID();
    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final StandInPartner OZORA = new StandInPartner("ozora", SECRET);
    private static ConfigurableApplicationContext sync;
    private static DispatcherGroup group;

    @BeforeAll
    static void start() throws IOException {
        group = new DispatcherGroup(DATABASE);
        String keyFile = Files.createTempDirectory("sync-key").resolve("sync-secret.key").toString();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(DATABASE), "--server.port=0",
                TestSettings.jwksArgument(), "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                "--renkei.sync.secret-key-file=" + keyFile,
                "--renkei.sync.bootstrap-endpoints.ozora.url=" + OZORA.url(),
                "--renkei.sync.bootstrap-endpoints.ozora.secret=" + SECRET,
                DispatcherGroup.clientIdArgument("unforeseen")));
        arguments.addAll(TestSettings.deliveryTopicArguments(DATABASE));
        sync = RegionalSyncApplication.application().sources(FailingForTheDispatcher.class)
                .run(arguments.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> group.settled(1));
    }

    @AfterAll
    static void stop() {
        if (sync != null) {
            sync.close();
        }
        group.close();
        OZORA.close();
    }

    @Test
    void deliveriesQueuedWhileTheDispatcherFailedAreAllSent() {
        // every look the dispatcher takes at the endpoint for these three fails: none may be forgotten
        FailingForTheDispatcher.FAILURES_LEFT.set(3);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = List.of(revision("unforeseen-a-" + run, 2, List.of("広域連携")),
                revision("unforeseen-b-" + run, 2, List.of("広域連携")),
                revision("unforeseen-c-" + run, 2, List.of("広域連携")));

        publish(revisions);

        await().atMost(Duration.ofSeconds(60)).until(() -> revisions.stream()
                .allMatch(event -> !OZORA.received(event.subject().substring("measures/".length())).isEmpty()));
        assertThat(FailingForTheDispatcher.FAILURES_LEFT).hasValue(0);
    }
}
