package jp.renkei.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway keeps public answers for anonymous readers, and only those: the stand-in service numbers its answers
 * and says what may be kept, so each test sees whether a read reached it.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class PublicReadCacheTest {

    private static final String PUBLIC = "/cache-control/public,+max-age=10,+must-revalidate";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        // kept far longer than any test runs, so no test depends on how fast it runs
        gateway = new RunningGateway("--renkei.gateway.public-read-cache.max-age=1h");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static int calls(String apiPath) {
        return gateway.service().calls("GET " + apiPath.substring("/api".length()));
    }

    @Test
    void aSecondAnonymousReadIsAnsweredByTheGatewayWithItsOwnRequestIdAndTheSameHeaders() {
        String path = "/api/plans/first" + PUBLIC;

        HttpResponse<String> first = gateway.get(path);
        HttpResponse<String> second = gateway.get(path);

        assertThat(calls(path)).isEqualTo(1);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body()).contains("広域連携");
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(second.headers().firstValue("Cache-Control")).contains("public, max-age=10, must-revalidate");
        assertThat(second.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(second.headers().firstValue("Age")).isPresent();
        assertThat(second.headers().allValues("X-Request-Id")).hasSize(1)
                .doesNotContain(first.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aCallerWithAKeyAlwaysReachesTheService() {
        String path = "/api/plans/keyed" + PUBLIC;
        gateway.get(path);

        gateway.get(path, gateway.editorKey);
        gateway.get(path, gateway.ozoraKey);

        assertThat(calls(path)).isEqualTo(3);
    }

    @Test
    void aCookieOrAnAuthorizationTheGatewayDoesNotKnowIsNeverAnsweredFromMemory() {
        String path = "/api/plans/cookie" + PUBLIC;
        gateway.get(path);

        HttpResponse<String> withCookie = gateway.send(gateway.request(path).header("Cookie", "SESSION=abc").GET());

        assertThat(withCookie.body()).contains("\"answer\":2");
        assertThat(calls(path)).isEqualTo(2);
    }

    @Test
    void aMatchingIfNoneMatchIsA304FromMemory() {
        String path = "/api/plans/conditional" + PUBLIC;
        String etag = gateway.get(path).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated = gateway.send(gateway.request(path).header("If-None-Match", "W/" + etag).GET());

        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).contains(etag);
        assertThat(calls(path)).isEqualTo(1);
    }

    @Test
    void noCacheGoesToTheServiceAndRefreshesWhatIsKept() {
        String path = "/api/plans/refresh" + PUBLIC;
        gateway.get(path);

        HttpResponse<String> fromOrigin = gateway.send(gateway.request(path).header("Cache-Control", "no-cache").GET());
        HttpResponse<String> after = gateway.get(path);

        assertThat(fromOrigin.body()).contains("\"answer\":2");
        assertThat(after.body()).contains("\"answer\":2");
        assertThat(calls(path)).isEqualTo(2);
    }

    @Test
    void aWriteThroughTheGatewayDropsWhatWasKept() {
        String path = "/api/plans/written" + PUBLIC;
        gateway.get(path);

        gateway.send("PUT", "/api/plans/written/measures/x", gateway.editorKey, "{}");
        HttpResponse<String> after = gateway.get(path);

        assertThat(after.body()).contains("\"answer\":2");
    }

    @Test
    void answersThatAreNotPublicAreNeverKept() {
        // each is refused by one directive among others: a whole-value comparison would keep them
        for (String cacheControl : new String[] {"no-cache,+no-store,+max-age=0,+must-revalidate",
                "public,+private,+max-age=10", "max-age=10", "public,+no-store,+max-age=10", "public,+max-age=0",
                "public"}) {
            String path = "/api/plans/kept-not/cache-control/" + cacheControl;

            gateway.get(path);
            gateway.get(path);

            assertThat(calls(path)).as(cacheControl).isEqualTo(2);
        }
    }

    @Test
    void theQueryIsPartOfWhatIsKept() {
        String path = "/api/plans/queried" + PUBLIC;

        gateway.get(path + "?q=a");
        HttpResponse<String> other = gateway.get(path + "?q=b");
        gateway.get(path + "?q=a");

        assertThat(other.body()).contains("\"answer\":2");
        assertThat(calls(path)).isEqualTo(2);
    }
}
