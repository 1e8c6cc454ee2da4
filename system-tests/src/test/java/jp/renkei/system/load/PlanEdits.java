package jp.renkei.system.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An editor revising measures, through the gateway with an API key or directly with an internal token. At a fixed
 * rate, open loop: edit n is due at
 * {@code start + n / rate} and goes to measure {@code n mod measures}; each measure's edits go one after another
 * (each PUT carries the ETag of the previous one), so a measure whose edits take longer than their share of the
 * rate falls behind and the rate achieved drops below the rate asked for. Notes when each edit was accepted, by
 * {@code measureId#version} — the partition key and sequence of the event it becomes. Or closed loop: each measure
 * revised again as soon as the last edit was accepted.
 */
public final class PlanEdits {

    public static final String PLAN = "/plans/abashiri-comprehensive-plan";
    /** Tags each of the four seeded partners' default subscriptions select (seeds/partners/partners.yml). */
    public static final List<String> EVERY_PARTNER = List.of("広域連携", "教育", "情報セキュリティ");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CONTENT = List.of("title", "currentSituation", "basicPolicy", "initiatives",
            "relatedPlans", "glossary", "tags");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;
    private final String bearer;
    private final List<Measure> measures = new ArrayList<>();
    private final Map<String, Long> acceptedNanos = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile Consumer<String> onAccepted = key -> { };

    /**
     * Creates the measures, tagged so that all four partners subscribe.
     *
     * @param apiUrl the gateway's URL with {@code /api}, or a plan-service's URL
     * @param bearer an API key for the gateway, or an internal token for plan-service
     */
    public PlanEdits(String apiUrl, String bearer, String prefix, int count) throws Exception {
        this.apiUrl = apiUrl;
        this.bearer = bearer;
        JsonNode template = JSON.readTree(send(HttpRequest.newBuilder(URI.create(apiUrl + PLAN + "/measures/5-2-2"))
                .GET()).body());
        for (int i = 0; i < count; i++) {
            ObjectNode body = JSON.createObjectNode();
            CONTENT.forEach(field -> body.set(field, template.get(field)));
            body.set("tags", JSON.valueToTree(EVERY_PARTNER));
            String measureId = prefix + "-" + i;
            body.put("measureId", measureId).put("goalNumber", 5).put("areaId", "5-2");
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(apiUrl + PLAN + "/measures"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("could not create " + measureId + ": " + created.statusCode() + " "
                        + created.body());
            }
            body.remove(List.of("measureId", "goalNumber", "areaId"));
            measures.add(new Measure(measureId, body, versionOf(created)));
        }
    }

    /** Each created measure's first event, by {@code measureId#version}. */
    public List<String> created() {
        return measures.stream().map(measure -> measure.id + "#" + measure.version).toList();
    }

    /**
     * Edits at the rate for the duration and waits until every edit was answered; the keys of the edits accepted, in
     * the order they were due.
     */
    public List<String> run(double perSecond, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        return runUntil(perSecond, () -> System.nanoTime() - end >= 0);
    }

    /**
     * Edits at the rate until the condition holds (asked before each edit is due) and waits until every edit was
     * answered; the keys of the edits accepted, in the order they were due.
     */
    public List<String> runUntil(double perSecond, BooleanSupplier done) throws InterruptedException {
        long period = Math.round(TimeUnit.SECONDS.toNanos(1) / perSecond);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<String>> edits = new ArrayList<>();
        List<ExecutorService> lanes = measures.stream().map(measure -> Executors.newSingleThreadExecutor()).toList();
        try {
            for (long n = 0; !done.getAsBoolean(); n++) {
                long due = start + n * period;
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                Measure measure = measures.get((int) (n % measures.size()));
                edits.add(lanes.get((int) (n % measures.size())).submit(() -> edit(measure)));
            }
            List<String> accepted = new ArrayList<>();
            for (var edit : edits) {
                try {
                    String key = edit.get();
                    if (key != null) {
                        accepted.add(key);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.incrementAndGet();
                }
            }
            return accepted;
        } finally {
            lanes.forEach(ExecutorService::shutdown);
        }
    }

    /** Each measure revised again as soon as its last edit was accepted, for the duration; the edits accepted. */
    public long runClosedLoop(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong accepted = new AtomicLong();
        List<Thread> editors = new ArrayList<>();
        for (Measure measure : measures) {
            Thread editor = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (edit(measure) != null) {
                            accepted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
            }, "bench-editor-" + measure.id);
            editor.start();
            editors.add(editor);
        }
        for (Thread editor : editors) {
            editor.join();
        }
        return accepted.get();
    }

    /**
     * Called with each accepted edit's key, on the editing thread, right after the answer and before the next edit of
     * that measure: a fault injected here follows a 2xx at once.
     */
    public void onAccepted(Consumer<String> listener) {
        this.onAccepted = listener;
    }

    /** The measures being edited. */
    public List<String> measureIds() {
        return measures.stream().map(measure -> measure.id).toList();
    }

    /** When the edit with this key was accepted ({@link System#nanoTime()}). */
    public long acceptedNanos(String key) {
        return acceptedNanos.get(key);
    }

    /** Edits the gateway or the service did not accept (any answer but 200), all runs together. */
    public long refused() {
        return refused.get();
    }

    private String edit(Measure measure) throws Exception {
        measure.body.put("basicPolicy", "改訂 " + (measure.version + 1) + "：多様な連携による課題解決（第２期）①");
        HttpResponse<String> revised = send(HttpRequest.newBuilder(URI.create(apiUrl + PLAN + "/measures/"
                        + measure.id)).header("Content-Type", "application/json")
                .header("If-Match", "\"" + measure.version + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(measure.body.toString(), StandardCharsets.UTF_8)));
        long accepted = System.nanoTime();
        if (revised.statusCode() != 200) {
            refused.incrementAndGet();
            if (revised.statusCode() == 412) {
                // someone else's version: re-read, as an editor would
                measure.version = versionOf(send(HttpRequest.newBuilder(URI.create(apiUrl + PLAN + "/measures/"
                        + measure.id)).GET()));
            }
            return null;
        }
        measure.version = versionOf(revised);
        String key = measure.id + "#" + measure.version;
        acceptedNanos.put(key, accepted);
        onAccepted.accept(key);
        return key;
    }

    private static long versionOf(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replaceAll("[^0-9]", ""));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A measure's content and version, touched by one lane at a time. */
    private static final class Measure {
        private final String id;
        private final ObjectNode body;
        private volatile long version;

        private Measure(String id, ObjectNode body, long version) {
            this.id = id;
            this.body = body;
            this.version = version;
        }
    }
}
