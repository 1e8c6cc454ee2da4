package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static jp.renkei.sync.support.SyncApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.support.AcceptedConnections;
import jp.renkei.sync.partner.WebhookUrlGuard;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What the dispatcher makes of a partner's answer, each checked where deleting the behaviour would show: a redirect
 * is a failed attempt whose {@code Location} is never called; {@code Retry-After} on 429 and 503 (and only there)
 * moves the next attempt; an operator's retry of a failed delivery delivers it; during a secret rotation every
 * request carries both signatures; an endpoint's requests in flight stop at its bulkhead; a name that resolved to a
 * public address when the endpoint was registered and to a loopback one later is refused before the attempt and never
 * connected to. Each test subscribes its partner to a tag of its own, so no other test's events reach it.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.delivery.retry-schedule=0s,300ms,300ms,300ms",
                "renkei.sync.delivery.max-retry-after=2h",
                "renkei.sync.delivery.max-in-flight-per-endpoint=2",
                "renkei.sync.delivery.circuit-breaker.open-for=200ms",
                "renkei.sync.delivery.circuit-breaker.first-open-for=100ms",
                "renkei.sync.webhook-allow-list=127.0.0.1:*"})
class DeliveryAnswersIntegrationTest {

    private static final String PARTNER_HOST = "partner.example";
    private static final Map<String, String> SECRETS = Map.of(
            "ozora", WebhookSignature.newSecret(new SecureRandom(), 32),
            "okhotsk-council", WebhookSignature.newSecret(new SecureRandom(), 32),
            "abashiri-fire-union", WebhookSignature.newSecret(new SecureRandom(), 32),
            "abashiri-education-center", WebhookSignature.newSecret(new SecureRandom(), 32));
    private static final Map<String, StandInPartner> PARTNERS = new ConcurrentHashMap<>();
    /** What {@value #PARTNER_HOST} resolves to, as the test sets it (a rebinding attacker's DNS). */
    private static final Map<String, InetAddress> DNS = new ConcurrentHashMap<>();

    static {
        SECRETS.forEach((id, secret) -> PARTNERS.put(id, new StandInPartner(id, secret)));
    }

    @LocalServerPort
    int port;
    private SyncApi api;

    /** The service's own guard, its allow-list as configured above, with names resolved by {@link #DNS}. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StandInDns {
        @Bean
        @Primary
        WebhookUrlGuard resolvingThroughTheTestsDns() {
            return new WebhookUrlGuard(List.of("127.0.0.1:*"), host -> {
                InetAddress answer = DNS.get(host);
                if (answer != null) {
                    return new InetAddress[] {answer};
                }
                if (host.endsWith(".example")) {
                    throw new UnknownHostException(host);
                }
                return InetAddress.getAllByName(host);
            });
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        PARTNERS.values().forEach(partner -> partner.registerAsBootstrapEndpoint(registry));
    }

    @AfterAll
    static void stop() {
        PARTNERS.values().forEach(StandInPartner::close);
    }

    @BeforeEach
    void client() {
        api = new SyncApi(port);
    }

    @Test
    void aRedirectIsAFailedAttemptAndItsLocationIsNeverCalled() {
        StandInPartner ozora = PARTNERS.get("ozora");
        // the council's stand-in would answer a followed redirect: 401 for ozora's signature, but it would see it
        StandInPartner elsewhere = PARTNERS.get("okhotsk-council");
        ozora.status = () -> 307;
        ozora.answerHeaders = Map.of("Location", elsewhere.url());
        String tag = subscribe("ozora");
        String measure = measure("redirect");
        publish(List.of(revision(measure, 2, List.of(tag))));

        // every attempt is over (and recorded) only once a followed redirect would have been answered too
        JsonNode log = await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog("ozora", measure),
                found -> found != null && found.path("attempts").size() >= 2);
        for (JsonNode attempt : log.path("attempts")) {
            assertThat(attempt.path("statusCode").asInt()).isEqualTo(307);
            assertThat(attempt.path("error").asString()).isEqualTo("HTTP 307");
        }
        assertThat(log.path("delivery").path("status").asString()).isIn("PENDING", "FAILED");
        assertThat(ozora.received(measure)).isEmpty();
        assertThat(ozora.refused(measure)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(elsewhere.received(measure)).isEmpty();
        assertThat(elsewhere.refused(measure)).isEmpty();
    }

    @Test
    void retryAfterOn429And503MovesTheNextAttemptButNotOnOtherFailures() {
        StandInPartner council = PARTNERS.get("okhotsk-council");
        String tag = subscribe("okhotsk-council");
        AtomicInteger answer = new AtomicInteger();
        council.status = answer::get;
        council.answerHeaders = Map.of("Retry-After", "3600");
        // one measure at a time: the partner's answer is for whichever request comes, and those asked to wait an
        // hour do not come again meanwhile
        for (int status : List.of(429, 503, 500)) {
            answer.set(status);
            String measure = measure("wait");
            publish(List.of(revision(measure, 2, List.of(tag))));
            if (status == 500) {
                // the schedule's 300 ms, whatever the header says
                JsonNode again = await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog("okhotsk-council",
                        measure), found -> found != null && found.path("attempts").size() >= 2);
                assertThat(again.path("attempts")).allMatch(attempt -> attempt.path("statusCode").asInt() == 500);
                continue;
            }
            // the delivery's own record: its attempt count and next attempt are written together (the attempt log
            // is written apart, and may be ahead of it)
            JsonNode delivery = await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog("okhotsk-council",
                    measure), found -> found != null && found.path("delivery").path("attempts").asInt() >= 1)
                    .path("delivery");
            assertThat(delivery.path("attempts").asInt()).as("the partner asked for an hour").isEqualTo(1);
            assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(status);
            Instant created = Instant.parse(delivery.path("createdAt").asString());
            assertThat(Instant.parse(delivery.path("nextAttemptAt").asString()))
                    .as(status + " with Retry-After: 3600").isAfterOrEqualTo(created.plus(Duration.ofMinutes(59)));
        }
    }

    @Test
    void anOperatorsRetryOfAFailedDeliveryDeliversIt() {
        StandInPartner center = PARTNERS.get("abashiri-education-center");
        String tag = subscribe("abashiri-education-center");
        center.status = () -> 500;
        String measure = measure("retry");
        CloudEvent event = revision(measure, 2, List.of(tag));
        publish(List.of(event));
        JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog("abashiri-education-center",
                measure), found -> found != null && found.path("delivery").path("status").asString().equals("FAILED"));
        assertThat(center.received(measure)).isEmpty();

        center.status = () -> 200;
        String id = failed.path("delivery").path("id").asString();
        assertThat(api.post("/partners/abashiri-education-center/deliveries/" + id + "/retry", "").statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> center.received(measure).size() == 1);
        assertThat(center.received(measure)).extracting(Received::webhookId).containsExactly(event.id());
        JsonNode delivered = await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog(
                "abashiri-education-center", measure), found -> found.path("delivery").path("status").asString()
                .equals("DELIVERED") && found.path("attempts").size() >= 5);
        List<Integer> statuses = new ArrayList<>();
        delivered.path("attempts").forEach(attempt -> statuses.add(attempt.path("statusCode").asInt()));
        assertThat(statuses).containsExactly(500, 500, 500, 500, 200);
    }

    @Test
    void duringARotationEveryRequestCarriesASignatureByTheOldSecretAndOneByTheNew() {
        StandInPartner fireUnion = PARTNERS.get("abashiri-fire-union");
        fireUnion.status = () -> 200;
        String tag = subscribe("abashiri-fire-union");
        String oldSecret = SECRETS.get("abashiri-fire-union");
        JsonNode rotated = json(api.post("/partners/abashiri-fire-union/endpoints/abashiri-fire-union-bootstrap/"
                + "rotate-secret", ""));
        String newSecret = rotated.path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        String measure = measure("rotation");
        publish(List.of(revision(measure, 2, List.of(tag))));

        Received received = await().atMost(Duration.ofSeconds(60)).until(() -> fireUnion.received(measure),
                list -> !list.isEmpty()).get(0);
        String[] signatures = received.signatures().split(" ");
        assertThat(signatures).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
        byte[] body = received.body().getBytes(StandardCharsets.UTF_8);
        // each secret verifies exactly one of the two: a receiver on either side of the rotation accepts the request
        for (String secret : List.of(oldSecret, newSecret)) {
            long valid = Arrays.stream(signatures).filter(signature -> WebhookSignature.forSecret(secret)
                    .verify(received.webhookId(), received.timestamp(), signature, body, Instant.now(),
                            WebhookSignature.DEFAULT_TOLERANCE) == WebhookSignature.Verification.VALID).count();
            assertThat(valid).as(secret.equals(oldSecret) ? "signed by the old secret" : "signed by the new one")
                    .isEqualTo(1);
        }
    }

    @Test
    void noMoreRequestsAreInFlightToAnEndpointThanItsBulkheadAllows() throws Exception {
        // the fire union's endpoint: its only other test's delivery is over when that test ends
        StandInPartner partner = PARTNERS.get("abashiri-fire-union");
        String tag = subscribe("abashiri-fire-union");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<CountDownLatch> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
        partner.status = () -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CountDownLatch answer = new CountDownLatch(1);
            waiting.add(answer);
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return 200;
        };
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(revision(measure("bulkhead"), 2, List.of(tag)));
        }
        publish(events);
        try {
            // all six are queued for the endpoint before any request is let go
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().allMatch(event ->
                    deliveryLog("abashiri-fire-union", event.subject().substring("measures/".length())) != null));
            for (int answered = 0; answered < events.size(); answered++) {
                int next = answered;
                await().atMost(Duration.ofSeconds(60)).until(() -> waiting.size() > next);
                waiting.get(next).countDown();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().allMatch(event ->
                    !partner.received(event.subject().substring("measures/".length())).isEmpty()));
        } finally {
            waiting.forEach(CountDownLatch::countDown);
            partner.status = () -> 200;
        }
        assertThat(mostInFlight).as("requests in flight to the endpoint at once").hasValue(2);
    }

    @Test
    void aNameThatResolvedToAPublicAddressAtRegistrationAndToALoopbackOneLaterIsNeverConnectedTo() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = AcceptedConnections.count(listener);
            DNS.put(PARTNER_HOST, InetAddress.getByName("93.184.216.34"));
            var created = api.post("/partners/ozora/endpoints", "{\"url\":\"https://" + PARTNER_HOST + ":"
                    + listener.getLocalPort() + "/hook\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String endpointId = json(created).path("endpoint").path("id").asString();
            String tag = "t-" + UUID.randomUUID().toString().substring(0, 8);
            var subscribed = api.post("/partners/ozora/subscriptions", "{\"tags\":[\"" + tag
                    + "\"],\"delivery\":\"WEBHOOK\",\"endpointId\":\"" + endpointId + "\"}");
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

            // the partner's DNS now points the name into the city's own network
            DNS.put(PARTNER_HOST, InetAddress.getLoopbackAddress());
            String measure = measure("rebind");
            publish(List.of(revision(measure, 2, List.of(tag))));

            JsonNode log = await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog("ozora", measure),
                    found -> found != null && found.path("attempts").size() >= 2);
            for (JsonNode attempt : log.path("attempts")) {
                assertThat(attempt.path("statusCode").isNull() || attempt.path("statusCode").isMissingNode()).isTrue();
                assertThat(attempt.path("error").asString()).startsWith("refused: ").contains("a loopback address");
            }
            assertThat(connections).as("connections to the loopback listener").hasValue(0);
        } finally {
            DNS.remove(PARTNER_HOST);
        }
    }

    /** The one delivery of the partner about the measure, with its attempts, or null while there is none. */
    private JsonNode deliveryLog(String partnerId, String measure) {
        JsonNode list = json(api.get("/partners/" + partnerId + "/deliveries?subject=measures/" + measure));
        if (list.size() != 1) {
            return null;
        }
        return json(api.get("/partners/" + partnerId + "/deliveries/" + list.get(0).path("id").asString()));
    }

    /** Subscribes the partner's bootstrap endpoint to a tag of the test's own; returns the tag. */
    private String subscribe(String partnerId) {
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 8);
        var created = api.post("/partners/" + partnerId + "/subscriptions", "{\"tags\":[\"" + tag
                + "\"],\"delivery\":\"WEBHOOK\",\"endpointId\":\"" + partnerId + "-bootstrap\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tag;
    }

    private static String measure(String what) {
        return what.charAt(0) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
