package jp.renkei.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what, written out by hand as the README promises it, not derived from {@link AccessMatrix#RULES}: a
 * wrong cell in the matrix would otherwise confirm itself. Each row is one concrete call and the answer expected for
 * each caller: {@code pass} (the call reached the service behind the route, or the gateway's own API answered it
 * without refusing the caller), or the status the gateway itself must answer. Partners are tried on their own data
 * and on another partner's, by every action a partner has. A partner's revisions, patches and approvals of measures
 * pass the gateway for any plan: which joint plans it co-owns is plan-service's to check (the system tests' joint
 * plan journey has its 403s).
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class IndependentAccessTableTest {

    /** method, path, then the expected answer for: anonymous, plan editor, moderator, operator, partner ozora. */
    private static final String TABLE = """
            GET    /api/plans                                                        pass pass pass pass pass
            GET    /api/plans/abashiri-comprehensive-plan/measures/5-2-2             pass pass pass pass pass
            GET    /api/plans/abashiri-comprehensive-plan/measures/5-2-2/revisions   pass pass pass pass pass
            GET    /api/plans/abashiri-comprehensive-plan/search?q=x                 pass pass pass pass pass
            POST   /api/plans/abashiri-comprehensive-plan/measures                   401  pass 403  403  403
            PUT    /api/plans/abashiri-comprehensive-plan/measures/5-2-2             401  pass 403  403  pass
            PATCH  /api/plans/abashiri-comprehensive-plan/measures/5-2-2             401  pass 403  403  pass
            DELETE /api/plans/abashiri-comprehensive-plan/measures/5-2-2             401  pass 403  403  403
            POST   /api/plans/abashiri-comprehensive-plan/measures/5-2-2/status      401  pass 403  403  403
            POST   /api/plans/abashiri-comprehensive-plan/measures/5-2-2/archive     401  pass 403  403  403
            PUT    /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical   401  pass 403  403  pass
            PATCH  /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical   401  pass 403  403  pass
            POST   /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical/approvals 401 403 403 403 pass
            POST   /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical/status    401 pass 403 403 403
            POST   /api/plans/abashiri-ozora-settlement-vision/measures              401  pass 403  403  403
            DELETE /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical   401  pass 403  403  403
            POST   /api/plans/abashiri-ozora-settlement-vision/measures/sv-medical/indicators 401 pass 403 403 403
            GET    /api/consultations                                                pass pass pass pass pass
            GET    /api/consultations/c-1                                            pass pass pass pass pass
            GET    /api/consultations/c-1/results                                    pass pass pass pass pass
            GET    /api/consultations/c-1/results.csv                                pass pass pass pass pass
            POST   /api/consultations/c-1/opinions                                   pass pass pass pass pass
            POST   /api/consultations                                                401  pass pass 403  403
            POST   /api/consultations/c-1/deadline                                   401  pass pass 403  403
            POST   /api/consultations/c-1/abandon                                    401  pass pass 403  403
            GET    /api/consultations/c-1/opinions                                   401  403  pass 403  403
            POST   /api/consultations/c-1/opinions/o-1/hide                          401  403  pass 403  403
            POST   /api/consultations/c-1/opinions/o-1/submitter/erasure             401  403  pass 403  403
            GET    /api/consultations/c-1/audit                                      401  403  pass 403  403
            POST   /api/consultations/c-1/results                                    401  403  pass 403  403
            GET    /api/hearings/published                                           pass pass pass pass pass
            GET    /api/hearings/report                                              pass pass pass pass pass
            GET    /api/hearings                                                     401  403  pass 403  403
            POST   /api/hearings                                                     401  403  pass 403  403
            GET    /api/partners                                                     401  403  403  pass 403
            POST   /api/partners                                                     401  403  403  pass 403
            GET    /api/partners/ozora/feed?after=0                                  401  403  403  pass pass
            GET    /api/partners/ozora/deliveries                                    401  403  403  pass pass
            POST   /api/partners/ozora/deliveries/d-1/retry                          401  403  403  pass pass
            POST   /api/partners/ozora/endpoints                                     401  403  403  pass pass
            POST   /api/partners/ozora/endpoints/e-1/pause                           401  403  403  pass pass
            POST   /api/partners/ozora/endpoints/e-1/resume                          401  403  403  pass pass
            POST   /api/partners/ozora/endpoints/e-1/rotate-secret                    401  403  403  pass pass
            PUT    /api/partners/ozora/subscriptions/s-1                             401  403  403  pass pass
            DELETE /api/partners/ozora/subscriptions/s-1                             401  403  403  pass pass
            GET    /api/partners/okhotsk-council/feed?after=0                        401  403  403  pass 403
            GET    /api/partners/okhotsk-council/deliveries                          401  403  403  pass 403
            POST   /api/partners/okhotsk-council/deliveries/d-1/retry                401  403  403  pass 403
            POST   /api/partners/okhotsk-council/endpoints                           401  403  403  pass 403
            POST   /api/partners/okhotsk-council/endpoints/e-1/pause                 401  403  403  pass 403
            POST   /api/partners/okhotsk-council/endpoints/e-1/resume                401  403  403  pass 403
            POST   /api/partners/okhotsk-council/endpoints/e-1/rotate-secret          401  403  403  pass 403
            PUT    /api/partners/okhotsk-council/subscriptions/s-1                   401  403  403  pass 403
            DELETE /api/partners/okhotsk-council/subscriptions/s-1                   401  403  403  pass 403
            PUT    /api/partners/ozora/responses/ev-1                                401  403  403  403  pass
            GET    /api/partners/ozora/responses/ev-1                                401  403  403  pass pass
            PUT    /api/partners/okhotsk-council/responses/ev-1                      401  403  403  403  403
            GET    /api/partners/okhotsk-council/responses/ev-1                      401  403  403  pass 403
            GET    /api/collaboration/plans/p-1/measures/m-1/responses?version=2     401  pass 403  403  403
            POST   /api/collaboration/responses/ozora:ev-1/answer                    401  pass 403  403  403
            POST   /api/collaboration/view-requests                                  401  pass 403  403  403
            GET    /api/collaboration/view-requests/vr-1                             401  pass 403  403  403
            GET    /api/partners/%6Fkhotsk-council/feed?after=0                      401  403  403  pass 403
            GET    /api/partners/OZORA/feed?after=0                                  401  403  403  pass 403
            GET    /api/partners/ozora/../okhotsk-council/feed                       400  400  400  400  400
            GET    /api/partners/ozora;x=1/feed                                      400  400  400  400  400
            GET    /api/me                                                           pass pass pass pass pass
            POST   /api/me                                                           404  404  404  404  404
            GET    /api/keys                                                         401  403  403  pass 403
            POST   /api/keys                                                         401  403  403  pass 403
            DELETE /api/keys/k-1                                                     401  403  403  pass 403
            GET    /actuator/health                                                  pass pass pass pass pass
            GET    /actuator/prometheus                                              401  403  403  pass 403
            GET    /internal/jwks.json                                               pass pass pass pass pass
            GET    /                                                                 pass pass pass pass pass
            GET    /measures/5-2-2                                                   pass pass pass pass pass
            POST   /consultations/c-1/opinion                                        pass pass pass pass pass
            DELETE /measures/5-2-2                                                   404  404  404  404  404
            GET    /api/no-such-thing                                                404  404  404  404  404
            """;

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        // 300 calls from one address in seconds: the table is about access, not about the per-address rate limits
        // (GatewayEdgeTest has those)
        gateway = new RunningGateway("--renkei.gateway.per-client.capacity=100000",
                "--renkei.gateway.per-client.refill=100000", "--renkei.gateway.per-client.period=1s",
                "--renkei.gateway.opinion-posts.capacity=100000", "--renkei.gateway.opinion-posts.refill=100000",
                "--renkei.gateway.opinion-posts.period=1s");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyCallerGetsWhatTheHandWrittenTableSays() {
        String[] keys = {null, gateway.editorKey, gateway.moderatorKey, gateway.operatorKey, gateway.ozoraKey};
        String[] callers = {"anonymous", "editor", "moderator", "operator", "ozora"};
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : TABLE.strip().split("\n")) {
            String[] cells = line.trim().split("\\s+");
            rows++;
            for (int caller = 0; caller < keys.length; caller++) {
                String expected = cells[2 + caller];
                String actual = answer(cells[0], cells[1], keys[caller]);
                if (!expected.equals(actual)) {
                    wrong.add(cells[0] + " " + cells[1] + " as " + callers[caller] + ": expected " + expected
                            + ", got " + actual);
                }
            }
        }
        assertThat(rows).isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    /**
     * {@code pass} when the call was not refused: it reached the service behind the route (the stand-in saw this very
     * request), or the gateway's own API or actuator answered it without a refusal; else the gateway's status.
     */
    private static String answer(String method, String path, String key) {
        HttpRequest.Builder request = gateway.request(path).header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = gateway.send(request);
        int status = response.statusCode();
        String requestId = response.headers().firstValue("X-Request-Id").orElse("");
        boolean reachedService = gateway.service().received().stream()
                .anyMatch(received -> requestId.equals(received.header("X-Request-Id")));
        // consultation-service has no stand-in here: a routed call to it ends in the route's fallback, which only a
        // call that was let through can reach
        boolean routedToAnAbsentService = status == 503 && response.body().contains("/problems/service-unavailable");
        if (reachedService || routedToAnAbsentService) {
            return "pass";
        }
        boolean gatewayOwn = path.startsWith("/api/keys") || path.startsWith("/api/me") || path.startsWith("/actuator")
                || path.startsWith("/internal/");
        if (gatewayOwn && status != 401 && status != 403 && !response.body().contains("the gateway serves no such path")) {
            return "pass";
        }
        return String.valueOf(status);
    }
}
