package jp.renkei.sync.feed;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Long polls of the pull feed hold no servlet thread: with Tomcat cut to four threads, more polls than that wait at
 * once and other requests are still answered; an event wakes the polls waiting for it; polls beyond a partner's
 * limit are refused at once.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"server.tomcat.threads.max=4", "server.tomcat.threads.min-spare=1",
                "renkei.sync.limits.long-polls-per-partner=3"})
class FeedLongPollIntegrationTest {

    private static final List<String> PARTNERS = List.of("ozora", "okhotsk-council", "abashiri-fire-union");
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

    @LocalServerPort
    int port;
    @Autowired
    FeedLongPolls longPolls;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
    }

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
    }

    @Test
    void morePollsThanServletThreadsWaitWhileOtherRequestsAreAnsweredAndAnEventWakesItsPolls() {
        List<CompletableFuture<HttpResponse<String>>> ozoraPolls = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (String partner : PARTNERS) {
            String cursor = head(partner);
            for (int i = 0; i < 3; i++) {
                CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(
                        () -> feed(partner, cursor, 30), CLIENTS);
                polls.add(poll);
                if (partner.equals("ozora")) {
                    ozoraPolls.add(poll);
                }
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> longPolls.waiting() == 9);

        // nine polls wait, Tomcat has four threads: other requests still get one
        CompletableFuture<HttpResponse<String>> other = CompletableFuture.supplyAsync(
                () -> feed("abashiri-education-center", "0", 0), CLIENTS);
        await().atMost(Duration.ofSeconds(20)).until(other::isDone);
        assertThat(other.join().statusCode()).isEqualTo(200);
        assertThat(polls).noneMatch(CompletableFuture::isDone);

        // a fourth poll of one partner is refused at once, naming the limit
        HttpResponse<String> fourth = feed("ozora", head("ozora"), 30);
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = SyncApi.json(fourth);
        assertThat(problem.path("limit").asString()).isEqualTo("long-polls-per-partner");
        assertThat(problem.path("max").asInt()).isEqualTo(3);

        CloudEvent event = revision("lp-" + UUID.randomUUID().toString().substring(0, 6), 2, List.of("広域連携"));
        publish(List.of(event));

        // answered when the event arrives, long before their 30 seconds are over
        await().atMost(Duration.ofSeconds(20)).until(() -> ozoraPolls.stream().allMatch(CompletableFuture::isDone));
        for (CompletableFuture<HttpResponse<String>> poll : ozoraPolls) {
            HttpResponse<String> answer = poll.join();
            assertThat(answer.statusCode()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            SyncApi.json(answer).path("events").forEach(json -> ids.add(json.path("id").asString()));
            assertThat(ids).containsExactly(event.id());
            assertThat(SyncApi.json(answer).path("events").get(0).path("data").path("note").asString())
                    .isEqualTo("第2版：全角１２３①");
        }
    }

    /** The partner's cursor at the end of its feed as it is now. */
    private String head(String partner) {
        String cursor = "0";
        while (true) {
            String next = SyncApi.json(feed(partner, cursor, 0)).path("cursor").asString();
            if (next.equals(cursor)) {
                return cursor;
            }
            cursor = next;
        }
    }

    private HttpResponse<String> feed(String partner, String after, int wait) {
        return new SyncApi(port).as(TestTokens.shared().partner(partner))
                .get("/partners/" + partner + "/feed?after=" + after + "&limit=500&wait=" + wait);
    }
}
