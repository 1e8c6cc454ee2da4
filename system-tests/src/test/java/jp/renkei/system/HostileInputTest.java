package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input, sent through the gateway as an attacker would send it — byte for byte over a socket where an HTTP
 * client would refuse to — to every family of endpoints that takes a body or a query: each answer is a 4xx
 * problem+json (never a 5xx, an HTML page or a stack trace), and nothing of it is stored.
 */
@ExtendWith(RenkeiSystemExtension.class)
class HostileInputTest {

    private static final String PLAN = "/api/plans/abashiri-comprehensive-plan";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    /** Bodies no endpoint may accept, whatever it expects. */
    private static List<byte[]> hostileBodies() {
        List<String> texts = new ArrayList<>(List.of("", "{", "}", "[]", "\"text\"", "null", "42", "{\"a\":}",
                "{\"title\":\"x\",}", "{'title':'x'}", "{\"title\":\"x\"}{\"title\":\"y\"}",
                "[".repeat(5_000) + "]".repeat(5_000),
                "{\"title\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000) + "}",
                "{\"$where\":\"sleep(1000)\",\"title\":\"x\"}", "{\"title.$\":1}", "{\"__proto__\":{\"admin\":true}}",
                "{\"title\":{\"$gt\":\"\"}}", "{\"title\":1e999999}", "{\"title\":123456789012345678901234567890}",
                "{\"title\":\"\\ud800\"}", "{\"title\":\"\\u0000\"}", "{\"title\":\"\\uDC00\\uD800\"}",
                "{\"title\":NaN}", "{\"title\":Infinity}", "{\"title\":true,\"title\":false}",
                "{\"goalNumber\":5.5}", "{\"publicationDate\":\"+999999999-12-31\",\"deadline\":\"-999999999-01-01\"}",
                "{\"since\":\"+999999999-12-31T23:59:59Z\"}", "{\"url\":\"https://0177.0.0.1/hook\"}",
                "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "[".repeat(10_000) + "]".repeat(10_000),
                "{\"title\":1e400}", "{\"title\":-0}", "{\"title\":1e-400}", "{\"goalNumber\":9223372036854775808}",
                "{\"goalNumber\":-0}", "{\"goalNumber\":1e400}", "{\"version\":1e-400}",
                "{\"title\":\"\u202e\u200b\u200d\ufeffe\u0301\"}", "{\"deadline\":\"0000-00-00\"}",
                "{\"deadline\":\"2026-02-30\"}", "{\"status\":\"UNKNOWN_ENUM\"}", "{\"title\":[{\"a\":[]}]}",
                "[{\"title\":\"x\"}]", "{\"title\":\"a\r\nX-Injected: 1\"}"));
        List<byte[]> bodies = new ArrayList<>();
        texts.forEach(text -> bodies.add(text.getBytes(StandardCharsets.UTF_8)));
        bodies.add(new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAE, '"', '}'});
        bodies.add(new byte[] {'{', '"', 't', (byte) 0xFF, '"', ':', '1', '}'});
        bodies.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFE, (byte) 0xFF});
        bodies.add(("{\"title\":\"" + "あ".repeat(400_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    private record Family(String method, String path, Supplier<String> key, Supplier<Map<String, String>> headers) {
    }

    @Test
    void noBodyOfAnyShapeIsAcceptedAndNothingOfItIsStored() throws IOException {
        String consultation = openConsultation();
        Map<String, Object> before = storedState(consultation);
        List<Family> families = List.of(
                new Family("PUT", PLAN + "/measures/5-1-1", system::editorKey,
                        () -> Map.of("If-Match", etagOf(PLAN + "/measures/5-1-1"))),
                new Family("POST", PLAN + "/measures", system::editorKey, Map::of),
                new Family("POST", PLAN + "/measures/5-1-2/status", system::editorKey,
                        () -> Map.of("If-Match", etagOf(PLAN + "/measures/5-1-2"))),
                new Family("POST", "/api/consultations", system::editorKey, Map::of),
                new Family("POST", "/api/consultations/" + consultation + "/opinions", () -> null, Map::of),
                new Family("POST", "/api/consultations/" + consultation + "/deadline", system::moderatorKey, Map::of),
                new Family("POST", "/api/hearings", system::moderatorKey, Map::of),
                new Family("POST", "/api/partners/ozora/endpoints", () -> system.partnerKey("ozora"), Map::of),
                new Family("POST", "/api/partners/ozora/subscriptions", () -> system.partnerKey("ozora"), Map::of),
                new Family("POST", "/api/partners/ozora/replay", () -> system.partnerKey("ozora"), Map::of),
                new Family("POST", "/api/partners/ozora/recover", () -> system.partnerKey("ozora"), Map::of),
                new Family("POST", "/api/keys", system::operatorKey, Map::of),
                new Family("PUT", "/api/partners/ozora/responses/" + UUID.randomUUID(),
                        () -> system.partnerKey("ozora"), Map::of),
                new Family("POST", "/api/collaboration/responses/ozora:" + UUID.randomUUID() + "/answer",
                        system::editorKey, Map::of),
                new Family("POST", "/api/collaboration/view-requests", system::editorKey, Map::of));
        List<String> wrong = new ArrayList<>();
        for (Family family : families) {
            for (byte[] body : hostileBodies()) {
                Map<String, String> headers = new LinkedHashMap<>(family.headers().get());
                headers.put("Content-Type", "application/json");
                Answer answer = send(family.method(), family.path(), family.key().get(), headers, body);
                String shown = family.method() + " " + family.path() + " "
                        + new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
                // a 429 would mean the gateway's limit answered, and the service behind it was never tried
                if (!answer.isProblem4xx() || answer.status() == 429) {
                    wrong.add(shown + " → " + answer.status() + " " + answer.contentType() + " "
                            + answer.body().substring(0, Math.min(200, answer.body().length())));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(storedState(consultation)).isEqualTo(before);
    }

    /** Values of the wrong kind for a field whose value in a valid body is {@code valid}, as raw JSON. */
    private static List<String> wrongKinds(JsonNode valid) {
        List<String> text = List.of("1", "-0", "1e400", "true", "{\"$gt\":\"\"}", "\"\\u0000\"", "\"a\\u0000b\"",
                "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"x\\u0007\"", "\"\\uffff\"");
        if (valid.isString()) {
            return text;
        }
        if (valid.isNumber()) {
            return List.of("\"" + valid.asString() + "\"", "true", "[1]", valid.asString() + ".5");
        }
        if (valid.isBoolean()) {
            return List.of("\"true\"", "1", "\"yes\"");
        }
        if (valid.isArray() && !valid.isEmpty() && valid.get(0).isString()) {
            List<String> elements = new ArrayList<>(List.of("\"" + valid.get(0).asString() + "\"", "[1]", "[true]"));
            text.stream().filter(value -> value.startsWith("\"")).forEach(value -> elements.add("[" + value + "]"));
            return elements;
        }
        return List.of("\"x\"", "1");
    }

    /** A valid body of one endpoint, which the test sends last to show that it is valid. */
    private record ValidBody(String method, String path, Supplier<String> key, Supplier<Map<String, String>> headers,
                             ObjectNode body, int created) {
    }

    @Test
    void noFieldOfAValidBodyTakesAValueOfTheWrongKindAndNothingOfItIsStored() throws IOException {
        String consultation = openConsultation();
        JsonNode current = json(new GatewayClient(system.gatewayUrl(), null).get(PLAN + "/measures/5-1-1"));
        ObjectNode measureBody = JSON.createObjectNode();
        for (String field : List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary",
                "tags")) {
            measureBody.set(field, current.path(field));
        }
        measureBody.put("reason", "型の誤りの検証");
        // a measure of this test's own, so that no other test's versions move
        String measureId = "5-1-kind-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = new GatewayClient(system.gatewayUrl(), system.editorKey()).post(
                PLAN + "/measures", JSON.writeValueAsString(measureBody.deepCopy().put("measureId", measureId)
                        .put("goalNumber", 5).put("areaId", "5-1")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String measure = PLAN + "/measures/" + measureId;
        String today = LocalDate.ofInstant(system.consultationClock().instant(), ZoneId.of("Asia/Tokyo")).toString();
        List<ValidBody> valid = List.of(
                new ValidBody("PUT", measure, system::editorKey, () -> Map.of("If-Match", etagOf(measure)),
                        measureBody, 200),
                new ValidBody("POST", "/api/consultations/" + consultation + "/opinions", () -> null,
                        () -> Map.of("Idempotency-Key", UUID.randomUUID().toString()), object("""
                        {"sectionId":"basicPolicy","text":"夜間の窓口を開いてください。",
                         "submitter":{"name":"網走 三郎","address":"網走市潮見"}}"""), 201),
                new ValidBody("POST", "/api/hearings", system::moderatorKey, Map::of, object("""
                        {"channel":"MAYORS_OFFICE","date":"%s","summary":"広報紙の配布方法","topics":["広報"],
                         "planId":"abashiri-comprehensive-plan","measureIds":["5-1-3"],"publishable":false}"""
                        .formatted(today)), 201),
                new ValidBody("POST", "/api/partners", system::operatorKey, Map::of, object("""
                        {"id":"kind-check-%s","name":"型検証町","nameEn":"Kind Check","kind":"町","description":"検証"}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8))), 201),
                new ValidBody("POST", "/api/partners/ozora/subscriptions", () -> system.partnerKey("ozora"), Map::of,
                        object("""
                        {"description":"型の検証","eventTypes":["jp.renkei.plan.measure.revised.v1"],"goals":[5],
                         "tags":["広域連携"],"delivery":"FEED","latestOnly":false}"""), 201));
        Map<String, Object> before = storedState(consultation);
        List<String> wrong = new ArrayList<>();
        for (ValidBody family : valid) {
            String template = JSON.writeValueAsString(family.body());
            List<String> bodies = new ArrayList<>(List.of(template + template, template + "}", template + " x",
                    template.substring(0, template.length() - 1) + ",\"" + family.body().propertyNames().iterator().next()
                            + "\":" + family.body().values().iterator().next() + "}"));
            family.body().properties().forEach(field -> wrongKinds(field.getValue()).forEach(value -> {
                ObjectNode hostile = family.body().deepCopy();
                hostile.put(field.getKey(), "__HOSTILE__");
                bodies.add(JSON.writeValueAsString(hostile).replace("\"__HOSTILE__\"", value));
            }));
            for (String body : bodies) {
                Map<String, String> headers = new LinkedHashMap<>(family.headers().get());
                headers.put("Content-Type", "application/json");
                Answer answer = send(family.method(), family.path(), family.key().get(), headers,
                        body.getBytes(StandardCharsets.UTF_8));
                if (!answer.isProblem4xx() || answer.status() == 429) {
                    wrong.add(family.method() + " " + family.path() + " " + body.substring(0, Math.min(160,
                            body.length())) + " → " + answer.status() + " " + answer.body().substring(0,
                            Math.min(160, answer.body().length())));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(storedState(consultation)).isEqualTo(before);
        for (ValidBody family : valid) {
            Map<String, String> headers = new LinkedHashMap<>(family.headers().get());
            headers.put("Content-Type", "application/json");
            Answer answer = send(family.method(), family.path(), family.key().get(), headers,
                    JSON.writeValueAsString(family.body()).getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as("the valid body of " + family.path() + ": " + answer.body())
                    .isEqualTo(family.created());
        }
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void noQueryOrPathAnAttackerCanWriteIsAServerErrorOrAnHtmlPage() throws IOException {
        String partnerKey = system.partnerKey("ozora");
        // not UTF-8, out of any date's range, or a path no service may see: a 400-family problem
        List<String> refused = new ArrayList<>();
        for (String broken : List.of("%C0%AE", "%FF", "%ED%A0%80", "%E3%81", "%", "%zz")) {
            refused.add(PLAN + "/search?q=" + broken);
            refused.add("/api/consultations?status=" + broken);
            refused.add("/api/partners/ozora/deliveries?subject=" + broken);
            refused.add("/api/partners/ozora/feed?after=" + broken);
        }
        for (String extreme : List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "99999-01-01T00:00:00Z", "not-a-date")) {
            refused.add("/api/partners/ozora/deliveries?since=" + extreme);
        }
        refused.addAll(List.of(PLAN + "/measures/..;/5-1-1", PLAN + ";jsessionid=1", PLAN + "/measures/%2e%2e/5-1-1",
                PLAN + "/measures/5-1-1%00", PLAN + "/measures/[5-1-1]", PLAN + "/measures/" + "a".repeat(10_000)));
        // odd but well-formed: any answer but a server error, and a refusal is a problem
        List<String> odd = new ArrayList<>();
        for (String text : List.of("%00", "%2e%2e%2f", "%E2%80%AE", "%F0%9F%92%A3", "' OR 1=1 --", "{\"$gt\":\"\"}")) {
            String encoded = text.contains("%") ? text : java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
            odd.add(PLAN + "/search?q=" + encoded);
            odd.add("/api/consultations?status=" + encoded);
            odd.add("/api/partners/ozora/deliveries?subject=" + encoded);
        }
        for (String number : List.of("-1", "99999999999999999999", "1e3", "0x10", "NaN")) {
            odd.add("/api/partners/ozora/feed?after=" + number);
            odd.add("/api/partners/ozora/deliveries?limit=" + number);
        }
        odd.add("/api/%6Fpinions");
        List<String> wrong = new ArrayList<>();
        for (String target : refused) {
            Answer answer = send("GET", target, partnerKey, Map.of(), null);
            if (!answer.isProblem4xx()) {
                wrong.add("GET " + target.substring(0, Math.min(120, target.length())) + " → " + answer.status() + " "
                        + answer.contentType());
            }
        }
        for (String target : odd) {
            Answer answer = send("GET", target, partnerKey, Map.of(), null);
            if (answer.status() >= 500 || answer.status() >= 400 && !answer.isProblem4xx()) {
                wrong.add("GET " + target + " → " + answer.status() + " " + answer.contentType());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * What a client sends besides a body: a method the route does not take, HEAD, OPTIONS and TRACE, an Accept of
     * HTML, a body of the wrong content type or charset, a garbage If-Match, CR LF smuggled into the target, an
     * oversized header. Never a 5xx, and every refusal a problem (a HEAD's answer has no body to be one).
     */
    @Test
    void noMethodHeaderOrContentTypeIsAServerErrorOrAnHtmlPage() throws IOException {
        String consultation = openConsultation();
        Map<String, Object> before = storedState(consultation);
        List<String> reads = List.of("/api/plans", PLAN, PLAN + "/measures/5-1-1", PLAN + "/measures/5-1-1/revisions",
                "/api/consultations", "/api/consultations/" + consultation, "/api/hearings", "/api/partners/ozora",
                "/api/partners/ozora/deliveries", "/api/partners/ozora/feed", "/api/keys", "/api/me", "/api/nowhere");
        List<String> wrong = new ArrayList<>();
        for (String target : reads) {
            for (String method : List.of("DELETE", "PATCH", "PUT", "POST", "HEAD", "OPTIONS", "TRACE", "FOO")) {
                Answer answer = send(method, target, system.editorKey(),
                        Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
                checkRefusal(wrong, method + " " + target, answer, method.equals("HEAD"));
            }
            Map<String, String> oddHeaders = new LinkedHashMap<>();
            oddHeaders.put("Accept", "text/html");
            oddHeaders.put("Accept-Charset", "Shift_JIS");
            oddHeaders.put("If-None-Match", "\"garbage");
            Answer html = send("GET", target, null, oddHeaders, null);
            checkRefusal(wrong, "GET (Accept: text/html) " + target, html, false);
            Answer big = send("GET", target, null, Map.of("X-Big", "b".repeat(20_000)), null);
            checkRefusal(wrong, "GET (a 20 KB header) " + target, big, false);
        }
        String measure = PLAN + "/measures/5-1-1";
        byte[] revision = new GatewayClient(system.gatewayUrl(), null).get(measure).body()
                .getBytes(StandardCharsets.UTF_8);
        for (String contentType : List.of("text/plain", "application/json; charset=Shift_JIS",
                "application/json; charset=nonsense", "application/xml", "multipart/form-data", "*/*", "")) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("If-Match", etagOf(measure));
            if (!contentType.isEmpty()) {
                headers.put("Content-Type", contentType);
            }
            Answer answer = send("PUT", measure, system.editorKey(), headers, revision);
            checkRefusal(wrong, "PUT (Content-Type: " + contentType + ") " + measure, answer, false);
            if (answer.status() < 400) {
                wrong.add("PUT (Content-Type: " + contentType + ") " + measure + " accepted: " + answer.status());
            }
        }
        for (String ifMatch : List.of("garbage", "\"abc\"", "\"-1\"", "\"99999999999999999999\"", "W/\"98\"",
                "\"98\", \"99\"", "\"\"", "\"" + "9".repeat(5_000) + "\"")) {
            Answer answer = send("PUT", measure, system.editorKey(),
                    Map.of("If-Match", ifMatch, "Content-Type", "application/json"), revision);
            checkRefusal(wrong, "PUT (If-Match: " + ifMatch.substring(0, Math.min(20, ifMatch.length())) + ") "
                    + measure, answer, false);
            if (answer.status() < 400) {
                wrong.add("PUT (If-Match: " + ifMatch + ") accepted: " + answer.status());
            }
        }
        for (String trick : List.of("%0d%0aX-Injected:%201", "%2e%2e/", "%2F", "/", "%5c", "%E3%80%82%E3%80%82/",
                "%EF%BC%8E%EF%BC%8E/", ";", "..;/", "%C0%AE%C0%AE/", "%FF")) {
            for (String target : List.of(PLAN + "/measures/" + trick + "5-1-1", "/api/partners/ozora/" + trick
                    + "deliveries", "/api/consultations/" + trick + consultation)) {
                Answer answer = send("GET", target, system.partnerKey("ozora"), Map.of(), null);
                checkRefusal(wrong, "GET " + target, answer, false);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(storedState(consultation)).isEqualTo(before);
    }

    /**
     * Each service reached directly, as from inside the network without the gateway's token: what Tomcat, the
     * firewall or the token check refuses is a 4xx problem too, whatever the method, path or headers.
     */
    @Test
    void eachServiceReachedDirectlyRefusesWithAProblem() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String service : List.of("plan-service", "consultation-service", "regional-sync-service")) {
            String base = system.urls().get(service);
            for (String target : List.of("/plans", "/consultations", "/partners/ozora/deliveries", "/nowhere",
                    "/plans/..;/x", "/plans/%2F", "/plans/%00", "/plans/[x]", "/plans/%C0%AE", "//plans", "/plans\\x",
                    "/plans?q=%FF", "/plans/" + "a".repeat(10_000))) {
                for (String method : List.of("GET", "POST", "DELETE", "OPTIONS", "TRACE", "FOO")) {
                    for (String key : java.util.Arrays.asList(null, "not-a-token")) {
                        Map<String, String> headers = new LinkedHashMap<>();
                        headers.put("Accept", "text/html");
                        headers.put("Content-Type", "application/json");
                        Answer answer = send(base, method, target, key, headers,
                                "{}".getBytes(StandardCharsets.UTF_8));
                        checkRefusal(wrong, service + " " + method + " " + target.substring(0,
                                Math.min(60, target.length())), answer, false);
                        if (answer.status() < 400) {
                            wrong.add(service + " " + method + " " + target + " without the gateway's token: "
                                    + answer.status());
                        }
                    }
                }
            }
            Answer big = send(base, "GET", "/plans", null, Map.of("X-Big", "b".repeat(20_000)), null);
            checkRefusal(wrong, service + " GET (a 20 KB header)", big, false);
        }
        assertThat(wrong).isEmpty();
    }

    /** Adds {@code shown} to {@code wrong} for a 5xx, no answer, or a refusal that is not a problem. */
    private static void checkRefusal(List<String> wrong, String shown, Answer answer, boolean head) {
        if (answer.status() < 100 || answer.status() >= 500
                || answer.status() >= 400 && !head && !answer.isProblem4xx()) {
            wrong.add(shown + " → " + answer.status() + " " + answer.contentType() + " "
                    + answer.body().substring(0, Math.min(120, answer.body().length())));
        }
    }

    private String openConsultation() {
        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), ZoneId.of("Asia/Tokyo"));
        String body = """
                {"title":"敵対的入力の検証","summary":"検証用の意見募集です。","planId":"abashiri-comprehensive-plan",
                 "legalBasis":"網走市市民意見公募手続要綱 第4条","department":"企画総務部","contact":"0152-44-6111",
                 "publicationDate":"%s","deadline":"%s",
                 "targets":[{"measureId":"5-1-3","measureVersion":1,"sectionIds":["basicPolicy"]}]}
                """.formatted(today, today.plusDays(40));
        HttpResponse<String> created = new GatewayClient(system.gatewayUrl(), system.editorKey())
                .post("/api/consultations", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asString();
    }

    /** What a hostile request could have changed: plan versions, the cases, the opinions, endpoints, keys. */
    private Map<String, Object> storedState(String consultation) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("plan", json(new GatewayClient(system.gatewayUrl(), null).get(PLAN)).toString());
        state.put("consultations", json(new GatewayClient(system.gatewayUrl(), system.moderatorKey())
                .get("/api/consultations")).size());
        state.put("opinions", json(new GatewayClient(system.gatewayUrl(), system.moderatorKey())
                .get("/api/consultations/" + consultation + "/opinions")).size());
        GatewayClient ozora = new GatewayClient(system.gatewayUrl(), system.partnerKey("ozora"));
        state.put("endpoints", json(ozora.get("/api/partners/ozora/endpoints")).toString());
        state.put("subscriptions", json(ozora.get("/api/partners/ozora/subscriptions")).toString());
        state.put("keys", json(new GatewayClient(system.gatewayUrl(), system.operatorKey()).get("/api/keys")).size());
        state.put("partners", json(new GatewayClient(system.gatewayUrl(), system.operatorKey()).get("/api/partners"))
                .size());
        state.put("hearings", json(new GatewayClient(system.gatewayUrl(), system.moderatorKey()).get("/api/hearings"))
                .size());
        return state;
    }

    private String etagOf(String path) {
        return new GatewayClient(system.gatewayUrl(), null).get(path).headers().firstValue("ETag").orElseThrow();
    }

    private Answer send(String method, String target, String key, Map<String, String> headers, byte[] body)
            throws IOException {
        return send(system.gatewayUrl(), method, target, key, headers, body);
    }

    /** A request written byte for byte to {@code baseUrl}'s port: what a client library would refuse to send goes. */
    private static Answer send(String baseUrl, String method, String target, String key, Map<String, String> headers,
                               byte[] body) throws IOException {
        URI gateway = URI.create(baseUrl);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(gateway.getHost()).append(':').append(gateway.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            if (key != null) {
                head.append("Authorization: Bearer ").append(key).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            byte[] request = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            // written on its own thread: a server may answer (413, say) before a large body is sent, and close
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the answer, read below, says why
                }
            }, "hostile-writer");
            writer.start();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = socket.getInputStream().read(buffer); read >= 0;
                     read = socket.getInputStream().read(buffer)) {
                    all.write(buffer, 0, read);
                }
            } catch (java.net.SocketException resetAfterTheAnswer) {
                if (all.size() == 0) {
                    throw resetAfterTheAnswer;
                }
            }
            String response = all.toString(StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String headLines = end < 0 ? response : response.substring(0, end);
            int status = headLines.length() >= 12 ? Integer.parseInt(headLines.substring(9, 12)) : 0;
            String contentType = headLines.lines().filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring(13).trim()).findFirst().orElse("");
            return new Answer(status, contentType, end < 0 ? "" : response.substring(end + 4));
        }
    }

    private record Answer(int status, String contentType, String body) {
        boolean isProblem4xx() {
            return status >= 400 && status < 500 && contentType.startsWith("application/problem+json")
                    && !body.contains("Exception") && !body.contains("\tat ");
        }
    }
}
