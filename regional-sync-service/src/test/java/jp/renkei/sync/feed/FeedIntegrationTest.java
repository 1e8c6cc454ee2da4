package jp.renkei.sync.feed;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pull feed against a real broker and store, beside push delivery of the same events. */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.webhook-allow-list=127.0.0.1:*"})
class FeedIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    /** Verifies every signature; keeps every request, repeats included. */
    private static final StandInPartner OZORA = new StandInPartner("ozora", SECRET);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        OZORA.registerAsBootstrapEndpoint(registry);
    }

    @AfterAll
    static void stop() {
        OZORA.close();
    }

    @Test
    void theFeedHasTheSameEventsInTheSameOrderAsPushAndResumesFromACursor() throws Exception {
        String measure = "f-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = 2; version <= 7; version++) {
            revisions.add(revision(measure, version, List.of("広域連携")));
        }
        publish(revisions);
        List<String> ids = revisions.stream().map(CloudEvent::id).toList();

        List<JsonNode> firstPage = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(feed("0", 4, 0)), page -> page.size() == 4);
        String cursor = JSON.readTree(feed("0", 4, 0).body()).path("cursor").asString();
        List<JsonNode> rest = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(feed(cursor, 100, 0)), page -> page.size() >= 2);

        List<String> fed = new ArrayList<>();
        firstPage.forEach(event -> fed.add(event.path("id").asString()));
        rest.forEach(event -> fed.add(event.path("id").asString()));
        assertThat(fed).containsExactlyElementsOf(ids);
        assertThat(firstPage.get(0).path("data").path("note").asString()).isEqualTo("第2版：全角１２３①");
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() >= ids.size());
        assertThat(OZORA.received(measure)).extracting(Received::webhookId).isEqualTo(fed);
    }

    @Test
    void aLongPollAnswersAsSoonAsAnEventArrives() throws Exception {
        String head = JSON.readTree(feed("0", 500, 0).body()).path("cursor").asString();
        while (true) {
            String next = JSON.readTree(feed(head, 500, 0).body()).path("cursor").asString();
            if (next.equals(head)) {
                break;
            }
            head = next;
        }
        String cursor = head;
        // the poll may wait 30 s; it must answer well before that, when the event arrives
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> feed(cursor, 10, 30));
        CloudEvent event = revision("w-" + UUID.randomUUID().toString().substring(0, 6), 2, List.of("広域連携"));
        publish(List.of(event));

        await().atMost(Duration.ofSeconds(20)).until(waiting::isDone);
        HttpResponse<String> answer = waiting.get();
        assertThat(events(answer)).extracting(json -> json.path("id").asString()).containsExactly(event.id());
    }

    @Test
    void badParametersAreProblemsAndUnknownPartnersAreNotFound() {
        HttpResponse<String> badLimit = feed("0", 501, 0);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(get("/partners/ozora/feed?after=abc").statusCode()).isEqualTo(400);
        assertThat(new SyncApi(port).get("/partners/nowhere/feed").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> feed(String after, int limit, int wait) {
        return get("/partners/ozora/feed?after=" + after + "&limit=" + limit + "&wait=" + wait);
    }

    /** As ozora itself: a partner reads its own feed. */
    private HttpResponse<String> get(String path) {
        return new SyncApi(port).as(TestTokens.shared().partner("ozora")).get(path);
    }

    private static List<JsonNode> events(HttpResponse<String> response) {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).path("events").forEach(events::add);
        return events;
    }


}
