package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.support.NoDeliveryWarnings;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** regional-sync-service stopped in the middle of a backlog and started again on the same store and group. */
@ExtendWith({RenkeiInfrastructureExtension.class, NoDeliveryWarnings.class})
class RestartIntegrationTest {

    @Test
    void aRestartMidBacklogLosesNothingAndDeliversEachEventOnce() throws Exception {
        String secret = WebhookSignature.newSecret(new SecureRandom(), 32);
        AtomicBoolean partnerUp = new AtomicBoolean(false);
        // keeps every request as it came, repeats included: a repeat is what this test is about
        StandInPartner ozora = new StandInPartner("ozora", secret);
        ozora.status = () -> partnerUp.get() ? 204 : 503;
        String database = "sync-" + UUID.randomUUID();
        List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(database), "--server.port=0",
                TestSettings.jwksArgument(),
                "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                "--renkei.sync.delivery.retry-schedule=0s,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms",
                "--renkei.sync.bootstrap-endpoints.ozora.url=" + ozora.url(),
                "--renkei.sync.bootstrap-endpoints.ozora.secret=" + secret));
        arguments.addAll(TestSettings.deliveryTopicArguments(database));
        String measure = "r-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = 2; version <= 6; version++) {
            revisions.add(revision(measure, version, List.of("広域連携")));
        }
        try {
            try (ConfigurableApplicationContext first = RegionalSyncApplication.application().run(arguments.toArray(String[]::new))) {
                publish(revisions);
                await().atMost(Duration.ofSeconds(30)).until(() -> ozora.refused(measure).size() >= 2);
            }
            partnerUp.set(true);
            try (ConfigurableApplicationContext second = RegionalSyncApplication.application().run(arguments.toArray(String[]::new))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ozora.received(measure).size() >= 5);
                // a sixth revision, published after and awaited: had any of the five gone out twice, the repeat
                // would have come before it (one measure's deliveries go one after another, in order)
                CloudEvent marker = revision(measure, 7, List.of("広域連携"));
                publish(List.of(marker));
                await().atMost(Duration.ofSeconds(60)).until(() -> ozora.received(measure).stream()
                        .anyMatch(received -> received.webhookId().equals(marker.id())));
                List<String> expected = new ArrayList<>(revisions.stream().map(CloudEvent::id).toList());
                expected.add(marker.id());
                assertThat(ozora.received(measure)).extracting(Received::webhookId).containsExactlyElementsOf(expected);
            }
        } finally {
            ozora.close();
        }
    }
}
