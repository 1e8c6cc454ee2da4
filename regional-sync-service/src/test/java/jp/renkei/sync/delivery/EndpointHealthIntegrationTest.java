package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static jp.renkei.sync.support.SyncApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.support.ControlledClock;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.SyncEventSchemas;
import jp.renkei.sync.support.SyncEventsTopic;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint that accepts nothing for longer than {@code disable-after-failing-for} (five days in production, an hour
 * here, which the test's clock passes when the test has seen the endpoint fail) is disabled with a notice; resuming it
 * sends what waited.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@Import(ControlledClock.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.delivery.retry-schedule=0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,"
                + "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "renkei.sync.delivery.disable-after-failing-for=1h",
                "renkei.sync.delivery.circuit-breaker.open-for=200ms", "renkei.sync.webhook-allow-list=127.0.0.1:*"})
class EndpointHealthIntegrationTest {

    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final StandInPartner COUNCIL = new StandInPartner("okhotsk-council", SECRET);

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        registry.add("renkei.sync.bootstrap-endpoints.okhotsk-council.url", COUNCIL::url);
        registry.add("renkei.sync.bootstrap-endpoints.okhotsk-council.secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        COUNCIL.close();
    }

    @Test
    void anEndpointFailingForTooLongIsDisabledWithANoticeAndResumingDeliversWhatWaited() {
        SyncApi api = new SyncApi(port);
        AtomicBoolean down = new AtomicBoolean(true);
        COUNCIL.status = () -> down.get() ? 503 : 200;
        String measure = "h-" + UUID.randomUUID().toString().substring(0, 6);
        publish(List.of(revision(measure, 2, List.of("広域連携"))));

        // whichever instance answers, the API shows the breaker as the instance sending to the endpoint saw it
        JsonNode tripped = await().atMost(Duration.ofSeconds(30)).until(() -> json(api.get(
                "/partners/okhotsk-council/endpoints")).get(0),
                view -> List.of("OPEN", "HALF_OPEN").contains(view.path("breaker").path("state").asString()));
        assertThat(tripped.path("breaker").path("since").asString()).isNotBlank();
        await().atMost(Duration.ofSeconds(30)).until(() -> COUNCIL.refused(measure).size() >= 2);
        assertThat(json(api.get("/partners/okhotsk-council/endpoints")).get(0).path("enabled").asBoolean())
                .as("failing, but for less than an hour").isTrue();

        // two hours pass for the partner too: its check of the signatures' timestamps runs on the same clock
        COUNCIL.clock = clock;
        clock.advance(Duration.ofHours(2));
        JsonNode endpoint = await().atMost(Duration.ofSeconds(30)).until(() -> json(api.get(
                "/partners/okhotsk-council/endpoints")).get(0), view -> !view.path("enabled").asBoolean());
        assertThat(endpoint.path("disabledReason").asString()).contains("accepted nothing since");
        List<CloudEvent> notices;
        try (SyncEventsTopic topic = new SyncEventsTopic()) {
            notices = await().atMost(Duration.ofSeconds(30)).until(topic::read,
                    events -> events.stream().anyMatch(event -> event.type().equals(SyncEventTypes.ENDPOINT_DISABLED)
                            && event.partitionKey().equals("okhotsk-council-bootstrap")));
        }
        CloudEvent disabled = notices.stream().filter(event -> event.type().equals(SyncEventTypes.ENDPOINT_DISABLED)
                && event.partitionKey().equals("okhotsk-council-bootstrap")).findFirst().orElseThrow();
        assertThat(new String(disabled.data(), StandardCharsets.UTF_8)).contains("\"reason\":\"FAILING\"");
        assertThat(SyncEventSchemas.errors(disabled)).isEmpty();

        down.set(false);
        JsonNode resumed = json(api.post("/partners/okhotsk-council/endpoints/okhotsk-council-bootstrap/resume", ""));
        assertThat(resumed.path("enabled").asBoolean()).isTrue();
        assertThat(resumed.path("disabledReason").isMissingNode() || resumed.path("disabledReason").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> COUNCIL.received(measure).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> json(api.get("/partners/okhotsk-council/endpoints")).get(0)
                .path("breaker").path("state").asString(), "CLOSED"::equals);
    }
}
