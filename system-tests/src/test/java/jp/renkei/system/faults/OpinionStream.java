package jp.renkei.system.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Citizens submitting opinions through the gateway, anonymously, on a consultation that an editor opened today on a
 * measure: one after another at a fixed rate, each with an Idempotency-Key of its own. Notes the receipt number of
 * each accepted opinion, and reads back, as a moderator, which ones the consultation holds.
 */
final class OpinionStream {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;
    private final String moderatorKey;
    private final String consultationId;
    private final AtomicLong refused = new AtomicLong();
    private volatile Consumer<String> onAccepted = receipt -> { };

    OpinionStream(String apiUrl, String editorKey, String moderatorKey, String measureId) throws Exception {
        this.apiUrl = apiUrl;
        this.moderatorKey = moderatorKey;
        JsonNode measure = JSON.readTree(send(HttpRequest.newBuilder(URI.create(apiUrl
                + "/plans/abashiri-comprehensive-plan/measures/" + measureId)).GET(), null).body());
        LocalDate today = LocalDate.now(JAPAN);
        ObjectNode target = JSON.createObjectNode().put("measureId", measureId)
                .put("measureVersion", measure.path("version").asLong());
        target.set("sectionIds", JSON.valueToTree(List.of("basicPolicy")));
        ObjectNode consultation = JSON.createObjectNode()
                .put("title", "広域連携施策の見直し（案）障害試験")
                .put("planId", "abashiri-comprehensive-plan")
                .put("legalBasis", "網走市市民意見公募手続要綱")
                .put("department", "企画総務部 企画調整課")
                .put("contact", "0152-44-6111")
                .put("publicationDate", today.toString())
                .put("deadline", today.plusDays(29).toString());
        consultation.set("targets", JSON.createArrayNode().add(target));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(apiUrl + "/consultations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(consultation.toString(), StandardCharsets.UTF_8)), editorKey);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not open a consultation: " + created.statusCode() + " "
                    + created.body());
        }
        this.consultationId = JSON.readTree(created.body()).path("id").asString();
    }

    /** Called with each accepted opinion's receipt number, on the submitting thread, right after the answer. */
    void onAccepted(Consumer<String> listener) {
        this.onAccepted = listener;
    }

    /** Submits at the rate until the condition holds; the receipt numbers of the opinions accepted. */
    List<String> runUntil(double perSecond, BooleanSupplier done) {
        long period = Math.round(TimeUnit.SECONDS.toNanos(1) / perSecond);
        long start = System.nanoTime();
        List<String> accepted = new ArrayList<>();
        for (long n = 0; !done.getAsBoolean(); n++) {
            long due = start + n * period;
            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            String receipt = submit(n);
            if (receipt == null) {
                refused.incrementAndGet();
            } else {
                accepted.add(receipt);
                onAccepted.accept(receipt);
            }
        }
        return accepted;
    }

    /** Opinions not accepted (any answer but 201, or none), all runs together. */
    long refused() {
        return refused.get();
    }

    /** The receipt numbers of every opinion the consultation holds, as a moderator reads them. */
    Set<String> stored() throws Exception {
        HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(apiUrl + "/consultations/" + consultationId
                + "/opinions")).GET(), moderatorKey);
        if (list.statusCode() != 200) {
            throw new IllegalStateException("could not list the opinions: " + list.statusCode() + " " + list.body());
        }
        Set<String> receipts = new HashSet<>();
        JSON.readTree(list.body()).forEach(opinion -> receipts.add(opinion.path("receiptNumber").asString()));
        return receipts;
    }

    private String submit(long n) {
        ObjectNode opinion = JSON.createObjectNode()
                .put("sectionId", "basicPolicy")
                .put("text", "大空町との路線バスの乗り継ぎを改善してください（" + n + "）。");
        opinion.putObject("submitter").put("name", "網走 太郎").put("address", "網走市南6条").put("ageGroup", "40代");
        try {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(apiUrl + "/consultations/"
                            + consultationId + "/opinions"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "fault-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(opinion.toString(), StandardCharsets.UTF_8)), null);
            return answer.statusCode() == 201 ? JSON.readTree(answer.body()).path("receiptNumber").asString() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
