package jp.renkei.system.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.system.load.PartnerReceivers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The process stack on ports its pieces bind themselves: every piece up, the services checking the gateway's tokens
 * against the key set file, and a piece started again back on the port it had. Like the fault suite, it runs with the
 * exec jars in the {@code faults} profile.
 */
@EnabledIfSystemProperty(named = "renkei.faults", matches = "true")
class ProcessStackTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyPieceBindsItsOwnPortAndComesBackOnItWhenStartedAgain() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "processes").toAbsolutePath());
        try (PartnerReceivers partners = new PartnerReceivers(ChildServices.SEEDED_PARTNERS, 4);
             ProcessStack stack = ProcessStack.start(ProcessStack.projectRoot(), Files.createTempDirectory(work, "stack-"),
                     partners.port(), null, Map.of(), Duration.ofMinutes(5))) {
            List<String> pieces = List.of(ProcessStack.KAFKA, ProcessStack.STORE, ProcessStack.PLAN_SERVICE,
                    ProcessStack.CONSULTATION_SERVICE, ProcessStack.REGIONAL_SYNC_SERVICE, ProcessStack.GATEWAY);
            Map<String, Integer> first = pieces.stream().collect(java.util.stream.Collectors.toMap(name -> name,
                    stack::port));
            assertThat(first.values()).doesNotContain(0).doesNotHaveDuplicates();
            assertThat(stack.gatewayUrl()).isEqualTo("http://127.0.0.1:" + first.get(ProcessStack.GATEWAY));
            // through the gateway, which found the services where they bound, to plan-service, which checks the
            // gateway's token against the key set file
            awaitPlanRead(stack);

            stack.kill(ProcessStack.PLAN_SERVICE);
            stack.start(ProcessStack.PLAN_SERVICE);
            stack.kill(ProcessStack.KAFKA);
            stack.start(ProcessStack.KAFKA);

            for (String piece : pieces) {
                assertThat(stack.port(piece)).as(piece).isEqualTo(first.get(piece));
            }
            awaitPlanRead(stack);
        }
    }

    private void awaitPlanRead(ProcessStack stack) {
        HttpRequest read = HttpRequest.newBuilder(URI.create(stack.gatewayUrl()
                        + "/api/plans/abashiri-comprehensive-plan/measures/5-2-2"))
                .header("Authorization", "Bearer " + stack.key("RENKEI_EDITOR_KEY")).timeout(Duration.ofSeconds(20))
                .build();
        // a service just started on a busy machine may answer the gateway's first calls too slowly (503)
        await("plan-service through the gateway").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode(), status -> status == 200);
    }
}
