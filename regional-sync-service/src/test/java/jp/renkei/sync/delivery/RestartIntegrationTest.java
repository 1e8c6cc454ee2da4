package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** regional-sync-service stopped in the middle of a backlog and started again on the same store and group. */
@ExtendWith(RenkeiInfrastructureExtension.class)
class RestartIntegrationTest {

    @Test
    void aRestartMidBacklogLosesNothingAndDeliversEachEventOnce() throws Exception {
        String secret = WebhookSignature.newSecret(new SecureRandom(), 32);
        AtomicBoolean partnerUp = new AtomicBoolean(false);
        AtomicInteger refused = new AtomicInteger();
        List<String> accepted = new CopyOnWriteArrayList<>();
        HttpServer ozora = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ozora.createContext("/webhooks/ozora", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (partnerUp.get()) {
                // a receiver de-duplicates on webhook-id; what it keeps is what counts
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (!accepted.contains(id)) {
                    accepted.add(id);
                }
                exchange.sendResponseHeaders(204, -1);
            } else {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        ozora.start();
        String database = "sync-" + UUID.randomUUID();
        List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + RenkeiInfrastructure.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri(database), "--server.port=0",
                TestSettings.jwksArgument(),
                "--renkei.sync.webhook-allow-list=127.0.0.1:*",
                "--renkei.sync.delivery.retry-schedule=0s,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms",
                "--renkei.sync.bootstrap-endpoints.ozora.url=http://127.0.0.1:" + ozora.getAddress().getPort()
                        + "/webhooks/ozora",
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
                await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 2);
            }
            partnerUp.set(true);
            try (ConfigurableApplicationContext second = RegionalSyncApplication.application().run(arguments.toArray(String[]::new))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 5);
                assertThat(accepted).containsExactlyElementsOf(revisions.stream().map(CloudEvent::id).toList());
            }
        } finally {
            ozora.stop(0);
        }
    }
}
