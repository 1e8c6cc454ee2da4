package jp.renkei.gateway;

import static jp.renkei.gateway.GatewayEdgeTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rate limits, behind a trusted proxy (the test's own address), so that each test is a client of its own through
 * {@code X-Forwarded-For}: three requests per client, two opinions.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class GatewayRateLimitTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new RunningGateway("--renkei.gateway.trusted-proxies=127.0.0.1",
                "--renkei.gateway.per-client.capacity=3", "--renkei.gateway.per-client.refill=1",
                "--renkei.gateway.per-client.period=1h",
                "--renkei.gateway.opinion-posts.capacity=2", "--renkei.gateway.opinion-posts.refill=2",
                "--renkei.gateway.opinion-posts.period=1h");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aFloodOfBadKeysIsLimitedBeforeAnyKeyIsLookedUp() {
        int[] statuses = new int[5];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = from("198.51.100.1", "/api/plans/abashiri-comprehensive-plan",
                    "rk_" + "x".repeat(12) + "_bad" + i).statusCode();
        }

        assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
    }

    @Test
    void anOpinionSpelledWithEscapesCountsLikeAnyOther() {
        HttpResponse<String> first = post("198.51.100.2", "/api/consultations/c-2/%6Fpinions");
        HttpResponse<String> second = post("198.51.100.2", "/api/consultations/c-2/%6fpinions");
        HttpResponse<String> third = post("198.51.100.2", "/api/consultations/c-2/opinions");

        assertThat(first.statusCode()).isNotEqualTo(429);
        assertThat(second.statusCode()).isNotEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(429);
        assertProblem(third, "rate-limited");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        for (int i = 0; i < 3; i++) {
            assertThat(from("2001:db8:1:2::" + (i + 1), "/api/plans/x", null).statusCode()).isNotEqualTo(429);
        }

        assertThat(from("2001:db8:1:2:ffff:ffff:ffff:ffff", "/api/plans/x", null).statusCode()).isEqualTo(429);
        assertThat(from("2001:db8:1:3::1", "/api/plans/x", null).statusCode()).isNotEqualTo(429);
    }

    private static HttpResponse<String> from(String client, String path, String key) {
        var request = gateway.request(path).header("X-Forwarded-For", "203.0.113.250, " + client).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return gateway.send(request);
    }

    private static HttpResponse<String> post(String client, String path) {
        return gateway.send(gateway.request(path).header("X-Forwarded-For", client)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    }
}
