package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import jp.renkei.contracts.webhooks.WebhookSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the city's staff, its partners and its citizens do, end to end: through the gateway with real API keys,
 * across plan-service, Kafka, regional-sync-service and the partners' webhook receivers.
 */
@ExtendWith(RenkeiSystemExtension.class)
class UserJourneysTest {

    private static final String PLAN = "/api/plans/abashiri-comprehensive-plan";
    private static final String WIDE_AREA = PLAN + "/measures/5-2-2";
    private static final String CITIZEN_ACTIVITIES = PLAN + "/measures/5-1-2";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void aRevisionOfWideAreaCollaborationReachesTheSubscribedPartnersOnceAndTheFeed() {
        GatewayClient editor = client(system.editorKey());
        long version = revise(editor, WIDE_AREA, "大空町との定住自立圏（第２期）①を推進します。").version;

        JsonNode ozora = await().atMost(Duration.ofSeconds(60)).until(() -> revision("ozora", version),
                event -> event != null);
        JsonNode council = await().atMost(Duration.ofSeconds(60)).until(() -> revision("okhotsk-council", version),
                event -> event != null);
        String eventId = ozora.path("id").asString();
        assertThat(council.path("id").asString()).isEqualTo(eventId);
        for (String partner : List.of("ozora", "okhotsk-council")) {
            GatewayClient partnerClient = client(system.partnerKey(partner));
            JsonNode deliveries = await().atMost(Duration.ofSeconds(30)).until(() -> json(partnerClient.get(
                    "/api/partners/" + partner + "/deliveries?status=DELIVERED&subject=measures/5-2-2&limit=1000")),
                    list -> ids(list, "eventId").contains(eventId));
            // one delivery per partner endpoint, accepted on its first attempt
            assertThat(ids(deliveries, "eventId").stream().filter(eventId::equals)).as(partner).hasSize(1);
        }
        // the fire union, named in 5-2-2 among the city's wide-area administration, subscribes to 広域連携 too
        JsonNode fireUnion = await().atMost(Duration.ofSeconds(60)).until(() -> revision("abashiri-fire-union", version),
                event -> event != null);
        assertThat(fireUnion.path("id").asString()).isEqualTo(eventId);

        // 大空町 pulling its feed sees the very event that was pushed
        assertThat(feed("ozora")).extracting(event -> event.path("id").asString()).contains(eventId);
    }

    @Test
    void aPartnerWhoseEndpointWasDownGetsThreeRevisionsInOrderAndNobodyElseWaits() throws IOException {
        GatewayClient educationCenter = client(system.partnerKey("abashiri-education-center"));
        FlakyReceiver receiver = new FlakyReceiver();
        try {
            HttpResponse<String> registered = educationCenter.post("/api/partners/abashiri-education-center/endpoints",
                    "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            receiver.secret = json(registered).path("secret").asString();

            GatewayClient editor = client(system.editorKey());
            List<Long> versions = new ArrayList<>();
            for (String step : List.of("①", "②", "③")) {
                Edit edit = revise(editor, WIDE_AREA, "広域連携の見直し" + step);
                versions.add(edit.version);
            }
            for (long version : versions) {
                await().atMost(Duration.ofSeconds(60)).until(() -> revision("ozora", version) != null);
            }
            // ozora had all three while the partner that is down had accepted none: its retries (the next one
            // minutes away) held nobody up
            assertThat(receiver.accepted).as("ozora waited for the partner that was down").isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.refused.get() >= 2);
            assertThat(receiver.accepted).isEmpty();

            receiver.up.set(true);
            await().atMost(Duration.ofSeconds(90)).until(() -> receiver.sequences().containsAll(versions));
            List<Long> ours = receiver.sequences().stream().filter(versions::contains).distinct().toList();
            assertThat(ours).containsExactlyElementsOf(versions);
        } finally {
            receiver.close();
        }
    }

    @Test
    void aConsultationOnInformationIsOpenedAnsweredAndPublishedWithoutPersonalDataAndPartnersHearOfIt() {
        GatewayClient editor = client(system.editorKey());
        GatewayClient moderator = client(system.moderatorKey());
        GatewayClient citizen = client(null);
        // the fire union follows public comment on information security: it subscribes itself, with its own key
        HttpResponse<String> subscribed = client(system.partnerKey("abashiri-fire-union")).post(
                "/api/partners/abashiri-fire-union/subscriptions", """
                {"description":"情報に関する意見募集","eventTypes":["jp.renkei.consultation.*"],"measures":["5-1-3"],
                 "delivery":"WEBHOOK"}""");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

        long version = json(editor.get(PLAN + "/measures/5-1-3")).path("version").asLong();
        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), TOKYO);
        HttpResponse<String> created = editor.post("/api/consultations", """
                {"title":"情報施策の見直し（案）①","planId":"abashiri-comprehensive-plan",
                 "targets":[{"measureId":"5-1-3","measureVersion":%d,"sectionIds":["basicPolicy"]}],
                 "legalBasis":"網走市市民意見公募手続要綱","department":"総務部 広報広聴課","contact":"0152-44-6111",
                 "publicationDate":"%s","deadline":"%s"}""".formatted(version, today, today.plusDays(29)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        String consultation = "/api/consultations/" + id;
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(json(citizen.get(consultation))
                .path("status").asString()));

        String first = """
                {"sectionId":"basicPolicy","text":"防災情報をメールでも配信してください。<script>alert(1)</script>",
                 "submitter":{"name":"網走 太郎","address":"網走市南６条東１丁目","ageGroup":"40代"}}""";
        HttpResponse<String> submitted = citizen.post(consultation + "/opinions", first,
                Map.of("Idempotency-Key", "journey-opinion-1"));
        HttpResponse<String> retried = citizen.post(consultation + "/opinions", first,
                Map.of("Idempotency-Key", "journey-opinion-1"));
        assertThat(submitted.statusCode()).isEqualTo(201);
        assertThat(json(retried).path("receiptNumber").asString()).isEqualTo(json(submitted).path("receiptNumber")
                .asString());
        assertThat(citizen.post(consultation + "/opinions", """
                {"text":"広聴の機会を増やしてください。","submitter":{"name":"大空 花子","address":"網走市駒場"}}""")
                .statusCode()).isEqualTo(201);

        JsonNode opinions = json(moderator.get(consultation + "/opinions"));
        assertThat(opinions).hasSize(2);
        system.consultationClock().advance(Duration.ofDays(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(json(citizen.get(consultation))
                .path("status").asString()));
        for (JsonNode opinion : opinions) {
            HttpResponse<String> answered = moderator.post(consultation + "/opinions/" + opinion.path("id").asString()
                    + "/response", "{\"outcome\":\"PARTIALLY_REFLECTED\",\"text\":\"ご意見を踏まえ、配信手段を検討します。\"}");
            assertThat(answered.statusCode()).as(answered.body()).isLessThan(300);
        }
        HttpResponse<String> published = moderator.post(consultation + "/results", "{}");
        assertThat(published.statusCode()).as(published.body()).isLessThan(300);

        HttpResponse<String> result = citizen.get(consultation + "/results");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(json(result).path("opinionCount").asLong()).isEqualTo(2);
        assertThat(json(result).path("opinions")).hasSize(2).allSatisfy(opinion -> {
            assertThat(opinion.path("outcome").asString()).isEqualTo("PARTIALLY_REFLECTED");
            assertThat(opinion.path("response").asString()).isEqualTo("ご意見を踏まえ、配信手段を検討します。");
        });
        assertThat(result.body()).contains("<script>alert(1)</script>")
                .doesNotContain("網走 太郎", "南６条", "大空 花子", "駒場", "40代");
        assertThat(citizen.get(consultation + "/results.csv").body()).doesNotContain("網走 太郎", "大空 花子");

        JsonNode notice = await().atMost(Duration.ofSeconds(60)).until(() -> inboxEvent("abashiri-fire-union",
                "jp.renkei.consultation.results-published.v1", "consultations/" + id), event -> event != null);
        assertThat(notice.toString()).doesNotContain("網走 太郎", "大空 花子");
    }

    @Test
    void twoStaffEditingTheSameVersionOneWinsTheOtherIsToldAndSucceedsAfterRereading() {
        GatewayClient staffA = client(system.editorKey());
        GatewayClient staffB = client(system.editorKey());
        HttpResponse<String> readByA = staffA.get(CITIZEN_ACTIVITIES);
        HttpResponse<String> readByB = staffB.get(CITIZEN_ACTIVITIES);
        String etag = readByA.headers().firstValue("ETag").orElseThrow();
        assertThat(readByB.headers().firstValue("ETag")).contains(etag);

        HttpResponse<String> first = staffA.put(CITIZEN_ACTIVITIES, body(readByA, "市民活動の支援（Ａ案）"),
                Map.of("If-Match", etag));
        HttpResponse<String> second = staffB.put(CITIZEN_ACTIVITIES, body(readByB, "市民活動の支援（Ｂ案）"),
                Map.of("If-Match", etag));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<String> reread = staffB.get(CITIZEN_ACTIVITIES);
        assertThat(json(reread).path("basicPolicy").asString()).isEqualTo("市民活動の支援（Ａ案）");
        HttpResponse<String> retried = staffB.put(CITIZEN_ACTIVITIES, body(reread, "市民活動の支援（Ａ案とＢ案）"),
                Map.of("If-Match", reread.headers().firstValue("ETag").orElseThrow()));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(json(staffA.get(CITIZEN_ACTIVITIES)).path("basicPolicy").asString()).isEqualTo("市民活動の支援（Ａ案とＢ案）");
    }

    @Test
    void rolesAndOwnershipHoldEndToEnd() {
        GatewayClient citizen = client(null);
        HttpResponse<String> read = citizen.get(CITIZEN_ACTIVITIES);
        assertThat(read.statusCode()).isEqualTo(200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        String change = body(read, "市民が書き換えた方針");
        assertThat(citizen.put(CITIZEN_ACTIVITIES, change, Map.of("If-Match", etag)).statusCode()).isEqualTo(401);
        for (String key : List.of(system.moderatorKey(), system.operatorKey(), system.partnerKey("ozora"))) {
            HttpResponse<String> refused = client(key).put(CITIZEN_ACTIVITIES, change, Map.of("If-Match", etag));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(json(citizen.get(CITIZEN_ACTIVITIES)).path("basicPolicy").asString())
                .isNotEqualTo("市民が書き換えた方針");

        GatewayClient ozora = client(system.partnerKey("ozora"));
        assertThat(ozora.get("/api/partners/ozora/deliveries").statusCode()).isEqualTo(200);
        for (String path : List.of("/api/partners/okhotsk-council/deliveries", "/api/partners/okhotsk-council/feed",
                "/api/partners/okhotsk-council/subscriptions", "/api/partners")) {
            assertThat(ozora.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(citizen.get("/api/partners/ozora/deliveries").statusCode()).isEqualTo(401);
        assertThat(client(system.operatorKey()).get("/api/partners/okhotsk-council/deliveries").statusCode())
                .isEqualTo(200);
        assertThat(client("rk_not-a-key-anyone-was-given").get(PLAN).statusCode()).isEqualTo(401);
    }

    private static GatewayClient client(String key) {
        return new GatewayClient(system.gatewayUrl(), key);
    }

    private record Edit(long version) {
    }

    /** Reads the measure and replaces its basic policy, as an editor in the city's office would. */
    private static Edit revise(GatewayClient editor, String measure, String basicPolicy) {
        HttpResponse<String> current = editor.get(measure);
        HttpResponse<String> revised = editor.put(measure, body(current, basicPolicy),
                Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
        return new Edit(json(revised).path("version").asLong());
    }

    private static String body(HttpResponse<String> current, String basicPolicy) {
        JsonNode measure = json(current);
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary", "tags")
                .forEach(field -> body.set(field, measure.get(field)));
        body.put("basicPolicy", basicPolicy);
        body.put("reason", "総合計画の見直し");
        return body.toString();
    }

    /** What the partner's inbox holds: the revision of 5-2-2 at that version, or null. */
    private static JsonNode revision(String partnerId, long version) {
        return received(partnerId, version).map(received -> received.path("event")).orElse(null);
    }

    private static java.util.Optional<JsonNode> received(String partnerId, long version) {
        JsonNode inbox = json(new GatewayClient(system.inboxUrl(), null).get("/inbox?partnerId=" + partnerId));
        return StreamSupport.stream(inbox.spliterator(), false)
                .filter(received -> "measures/5-2-2".equals(received.path("event").path("subject").asString()))
                .filter(received -> Long.toString(version).equals(received.path("event").path("sequence").asString()))
                .findFirst();
    }

    /** The partner's whole pull feed, page by page, through the gateway with its own key. */
    private static List<JsonNode> feed(String partnerId) {
        GatewayClient partner = client(system.partnerKey(partnerId));
        List<JsonNode> events = new ArrayList<>();
        String cursor = "0";
        while (true) {
            JsonNode page = json(partner.get("/api/partners/" + partnerId + "/feed?after=" + cursor + "&limit=500"));
            page.path("events").forEach(events::add);
            if (page.path("events").isEmpty()) {
                return events;
            }
            cursor = page.path("cursor").asString();
        }
    }

    private static JsonNode inboxEvent(String partnerId, String type, String subject) {
        JsonNode inbox = json(new GatewayClient(system.inboxUrl(), null).get("/inbox?partnerId=" + partnerId));
        return StreamSupport.stream(inbox.spliterator(), false).map(received -> received.path("event"))
                .filter(event -> type.equals(event.path("type").asString()))
                .filter(event -> subject.equals(event.path("subject").asString()))
                .findFirst().orElse(null);
    }

    private static List<String> ids(JsonNode list, String field) {
        return StreamSupport.stream(list.spliterator(), false).map(item -> item.path(field).asString()).toList();
    }

    /** A partner's webhook server that answers 503 until {@link #up}, verifying every signature. */
    private static final class FlakyReceiver implements AutoCloseable {

        final AtomicBoolean up = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();
        final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        volatile String secret;
        private final HttpServer server;

        FlakyReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/webhook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                boolean valid = secret != null && WebhookSignature.forSecret(secret).verify(
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                        WebhookSignature.DEFAULT_TOLERANCE) == WebhookSignature.Verification.VALID;
                int status = !valid ? 401 : up.get() ? 204 : 503;
                if (status == 204) {
                    accepted.add(GatewayClient.JSON.readTree(new String(body, StandardCharsets.UTF_8)));
                } else {
                    refused.incrementAndGet();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
        }

        List<Long> sequences() {
            return accepted.stream().filter(event -> "measures/5-2-2".equals(event.path("subject").asString()))
                    .map(event -> Long.parseLong(event.path("sequence").asString())).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
