package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Object-level access between partners, through the gateway with real keys: 大空町's key, on 大空町's own path, naming
 * an endpoint, a delivery or a subscription that belongs to the Okhotsk council. The gateway lets the call through (the
 * path is ozora's), so only regional-sync's own check stands between ozora and the council's data: every such call is
 * 404, as for an id that does not exist, and the council's objects are unchanged afterwards.
 */
@ExtendWith(RenkeiSystemExtension.class)
class PartnerObjectAccessTest {

    private static final String COUNCIL = "/api/partners/okhotsk-council";
    private static final String OZORA = "/api/partners/ozora";
    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void ozorasKeyOnItsOwnPathCannotReachTheCouncilsEndpointsDeliveriesOrSubscriptions() {
        GatewayClient council = new GatewayClient(system.gatewayUrl(), system.partnerKey("okhotsk-council"));
        GatewayClient ozora = new GatewayClient(system.gatewayUrl(), system.partnerKey("ozora"));
        JsonNode endpoint = first(json(council.get(COUNCIL + "/endpoints")));
        String endpointId = endpoint.path("id").asString();
        String subscriptionId = first(json(council.get(COUNCIL + "/subscriptions"))).path("id").asString();
        // a delivery of the council's: a revision of a measure it subscribes to (広域連携)
        GatewayClient editor = new GatewayClient(system.gatewayUrl(), system.editorKey());
        HttpResponse<String> current = editor.get(MEASURE);
        JsonNode measure = json(current);
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary", "tags")
                .forEach(field -> body.set(field, measure.get(field)));
        body.put("basicPolicy", "広域連携の推進（権限の確認）").put("reason", "権限の確認");
        HttpResponse<String> revised = editor.put(MEASURE, body.toString(),
                Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
        String deliveryId = await().atMost(Duration.ofSeconds(60)).until(
                () -> first(json(council.get(COUNCIL + "/deliveries?limit=1"))), delivery -> delivery != null)
                .path("id").asString();
        String subscriptionBefore = council.get(COUNCIL + "/subscriptions/" + subscriptionId).body();

        List<String> reached = new ArrayList<>();
        record Call(String method, String path, String body) {
        }
        List<Call> calls = List.of(
                new Call("POST", OZORA + "/endpoints/" + endpointId + "/pause", "{}"),
                new Call("POST", OZORA + "/endpoints/" + endpointId + "/resume", "{}"),
                new Call("POST", OZORA + "/endpoints/" + endpointId + "/rotate-secret", "{}"),
                new Call("PUT", OZORA + "/endpoints/" + endpointId + "/throttle", "{\"deliveriesPerSecond\":1}"),
                new Call("GET", OZORA + "/deliveries/" + deliveryId, null),
                new Call("POST", OZORA + "/deliveries/" + deliveryId + "/retry", "{}"),
                new Call("GET", OZORA + "/subscriptions/" + subscriptionId, null),
                new Call("PUT", OZORA + "/subscriptions/" + subscriptionId, """
                        {"description":"乗っ取り","eventTypes":["jp.renkei.plan.*"],"delivery":"WEBHOOK"}"""),
                new Call("DELETE", OZORA + "/subscriptions/" + subscriptionId, null));
        for (Call call : calls) {
            HttpResponse<String> answer = ozora.send(call.method(), call.path(), call.body());
            if (answer.statusCode() != 404 || !answer.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json")) {
                reached.add(call.method() + " " + call.path() + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        assertThat(reached).isEmpty();

        // and nothing of the council's changed
        JsonNode after = json(council.get(COUNCIL + "/endpoints"));
        JsonNode same = null;
        for (JsonNode candidate : after) {
            if (candidate.path("id").asString().equals(endpointId)) {
                same = candidate;
            }
        }
        assertThat(same).isNotNull();
        for (String field : List.of("enabled", "disabledReason", "previousSecretValidUntil", "maxDeliveriesPerSecond")) {
            assertThat(same.path(field)).as(field).isEqualTo(endpoint.path(field));
        }
        assertThat(council.get(COUNCIL + "/subscriptions/" + subscriptionId).body()).isEqualTo(subscriptionBefore);
        // the council's own path stays closed to ozora's key at the gateway
        assertThat(ozora.get(COUNCIL + "/endpoints").statusCode()).isEqualTo(403);
    }

    private static JsonNode first(JsonNode list) {
        JsonNode items = list.isArray() ? list : list.path("items");
        return items.isArray() && !items.isEmpty() ? items.get(0) : null;
    }
}
