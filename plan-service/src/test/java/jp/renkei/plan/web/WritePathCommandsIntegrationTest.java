package jp.renkei.plan.web;

import static jp.renkei.plan.support.PlanApi.JSON;
import static jp.renkei.plan.support.PlanApi.PLAN;
import static jp.renkei.plan.support.PlanApi.editable;
import static jp.renkei.plan.support.PlanApi.etag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.plan.support.PlanApi;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one edit costs the store on the request's path, counted from the commands the driver sends: one conditional
 * update that selects by the unique version key (and the version) — nothing that scans. The measure is not read: the
 * service wrote the version the editor names itself ({@code RememberedMeasures}); the first edit reads it by
 * {@code _id}. And what a measure's history costs: a read by {@code _id} per version, never a query of every
 * revision of every measure.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class WritePathCommandsIntegrationTest {

    private static final String MEASURE = PLAN + "/measures/5-2-1";
    private static final List<String> SENT = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Notes each command sent from a request thread, with what it selects by. */
    @TestConfiguration
    static class Commands {
        @Bean
        MongoClientSettingsBuilderCustomizer countCommands() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (Thread.currentThread().getName().startsWith("http-nio")) {
                        SENT.add(event.getCommandName() + " " + selector(event));
                    }
                }
            });
        }

        private static String selector(CommandStartedEvent event) {
            var command = event.getCommand();
            if (command.containsKey("filter")) {
                return command.getDocument("filter").keySet().toString();
            }
            if (command.containsKey("updates")) {
                return command.getArray("updates").get(0).asDocument().getDocument("q").keySet().toString();
            }
            return "";
        }
    }

    @Test
    void anEditUpdatesTheMeasureByItsVersionKeyAndReadsItOnlyWhenThisInstanceDidNotWriteThatVersion() {
        PlanApi editor = new PlanApi(port, TestTokens.shared().editor());
        HttpResponse<String> current = editor.get(MEASURE);
        SENT.clear();
        // the first edit also reads the plan's holders (owner and co-owners) by _id; they are kept for a minute
        current = editor.put(MEASURE, etag(current), editable(current.body()).put("basicPolicy", "第0版の基本方針"));
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(SENT).contains("find [_id]").endsWith("update [versionKey, version]");
        for (int i = 1; i <= 10; i++) {
            ObjectNode body = editable(current.body()).put("basicPolicy", "第" + i + "版の基本方針");
            SENT.clear();

            current = editor.put(MEASURE, etag(current), body);

            assertThat(current.statusCode()).isEqualTo(200);
            assertThat(SENT).containsExactly("update [versionKey, version]");
        }
    }

    @Test
    void aMeasuresHistoryIsReadVersionByVersionByIdNeverByScanningEveryRevision() {
        PlanApi editor = new PlanApi(port, TestTokens.shared().editor());
        String measure = PLAN + "/measures/5-2-2";
        HttpResponse<String> current = editor.get(measure);
        for (int i = 1; i <= 3; i++) {
            current = editor.put(measure, etag(current), editable(current.body()).put("basicPolicy", "履歴" + i));
            assertThat(current.statusCode()).isEqualTo(200);
        }
        long version = JSON.readTree(current.body()).path("version").asLong();
        // the history is written once the relay has published the edits' events
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode history = JSON.readTree(editor.get(measure + "/revisions").body());
            return !history.isEmpty() && history.get(history.size() - 1).path("version").asLong() == version;
        });
        SENT.clear();

        HttpResponse<String> history = editor.get(measure + "/revisions");

        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(SENT).isNotEmpty().allMatch("find [_id]"::equals);
        // the measure by _id, for its version, then each version's revision by _id
        assertThat(SENT).hasSize((int) version + 1);
    }
}
