package jp.renkei.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.system.load.DeliveryLedger;
import jp.renkei.system.load.PartnerReceivers;
import jp.renkei.system.load.PlanEdits;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.processes.ProcessStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault-injection suite (Maven profile {@code faults}; issue #16): Kafka, the store and each service in an OS
 * process of its own ({@link ProcessStack}), a steady stream of edits through the gateway with an editor's key and of
 * opinions, four partner receivers that verify every signature, and one fault at a time. After each: every accepted
 * edit and opinion is stored, every revision accepted reached every partner under one webhook-id, and each measure's
 * revisions first arrived at each partner in version order; raw repeats of a webhook-id (at-least-once) are counted.
 * The figures go to {@code target/faults/reliability.md} (docs/reliability.md keeps a run's).
 */
@EnabledIfSystemProperty(named = "renkei.faults", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final double EDITS_PER_SECOND = Double.parseDouble(System.getProperty("faults.edits-per-second", "10"));
    private static final double OPINIONS_PER_SECOND =
            Double.parseDouble(System.getProperty("faults.opinions-per-second", "2"));
    /** Accepted edits before a fault, and after it before the stream stops: the steady stream around it. */
    private static final int STEADY_EDITS = Integer.getInteger("faults.steady-edits", 30);
    /**
     * regional-sync's default retry schedule (0s,5s,5m,30m,2h,5h,10h,10h) at 1/60 scale, so that a partner down for
     * 10 s here stands for one down 10 minutes under the default schedule.
     */
    private static final String SCALED_RETRY_SCHEDULE = "0s,83ms,5s,30s,2m,5m,10m,10m";
    /** Accepted edits while a partner is down or holds its answers: 10 s at the default rate, "10 minutes" at the scale above. */
    private static final int PARTNER_FAULT_EDITS = Integer.getInteger("faults.partner-fault-edits", 100);
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);
    private static final String DOWN_PARTNER = "abashiri-fire-union";
    private static final String SLOW_PARTNER = "okhotsk-council";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Map<String, Object>> figures = new ArrayList<>();
    private final AtomicLong editsAccepted = new AtomicLong();
    private final AtomicReference<Runnable> afterNextEdit = new AtomicReference<>();
    private final AtomicReference<Runnable> afterNextOpinion = new AtomicReference<>();
    private final Set<String> allAcceptedEdits = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Path work;
    private PartnerReceivers partners;
    private ProcessStack stack;
    private PlanEdits editor;
    private OpinionStream opinions;

    @BeforeAll
    void startTheStack() throws Exception {
        work = Path.of("target", "faults").toAbsolutePath();
        Files.createDirectories(work);
        Path root = Files.createTempDirectory(work, "stack-");
        partners = new PartnerReceivers(ChildServices.SEEDED_PARTNERS, 64);
        // a killed member leaves its consumer group after 6 s instead of the default 45 s
        List<String> quickGroups = List.of(
                "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
                "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000");
        List<String> sync = new ArrayList<>(quickGroups);
        sync.add("--renkei.sync.delivery.retry-schedule=" + SCALED_RETRY_SCHEDULE);
        sync.addAll(partners.endpointArguments());
        // one editor key and many citizens on one address: the gateway's buckets would answer 429 long before
        List<String> gateway = List.of("--renkei.gateway.per-client.capacity=1000000",
                "--renkei.gateway.per-client.refill=1000000", "--renkei.gateway.per-client.period=1s",
                "--renkei.gateway.opinion-posts.capacity=1000000", "--renkei.gateway.opinion-posts.refill=1000000",
                "--renkei.gateway.opinion-posts.period=1s");
        stack = ProcessStack.start(ProcessStack.projectRoot(), root, partners.port(), null, Map.of(
                ProcessStack.PLAN_SERVICE, quickGroups, ProcessStack.CONSULTATION_SERVICE, quickGroups,
                ProcessStack.REGIONAL_SYNC_SERVICE, sync, ProcessStack.GATEWAY, gateway), Duration.ofMinutes(5));
        String api = stack.gatewayUrl() + "/api";
        // a service just started on a busy machine may be slower than the gateway's timeout at first (503): again,
        // with measures of new names
        AtomicLong attempt = new AtomicLong();
        editor = await("measures created").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> new PlanEdits(api, stack.key("RENKEI_EDITOR_KEY"),
                        "fault" + attempt.incrementAndGet(), 8), Objects::nonNull);
        editor.onAccepted(key -> {
            allAcceptedEdits.add(key);
            editsAccepted.incrementAndGet();
            runOnce(afterNextEdit);
        });
        opinions = await("a consultation opened").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> new OpinionStream(api, stack.key("RENKEI_EDITOR_KEY"),
                        stack.key("RENKEI_MODERATOR_KEY"), "5-2-2"), Objects::nonNull);
        opinions.onAccepted(receipt -> runOnce(afterNextOpinion));
        List<String> created = editor.created();
        allAcceptedEdits.addAll(created);
        await("the created measures at every partner").atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> partners.all().stream().allMatch(p -> p.ledger().missing(created).isEmpty()));
    }

    @AfterAll
    void stopTheStackAndWriteTheFigures() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (partners != null) {
            partners.close();
        }
        Files.writeString(work.resolve("reliability.md"), table(), StandardCharsets.UTF_8);
        log.info("fault suite figures:\n{}", table());
    }

    @Test
    @Order(1)
    void theKafkaBrokerKilledAndRestarted() throws Exception {
        survives("Kafka broker killed -9, restarted", () -> {
            stack.kill(ProcessStack.KAFKA);
            stack.start(ProcessStack.KAFKA);
        });
    }

    @Test
    @Order(2)
    void regionalSyncKilledAndRestarted() throws Exception {
        survives("regional-sync killed -9, restarted", () -> {
            stack.kill(ProcessStack.REGIONAL_SYNC_SERVICE);
            stack.start(ProcessStack.REGIONAL_SYNC_SERVICE);
        });
    }

    @Test
    @Order(3)
    void planServiceKilledRightAfterAnswering() throws Exception {
        survives("plan-service killed -9 right after a 2xx, restarted", () -> {
            killAfter(afterNextEdit, ProcessStack.PLAN_SERVICE);
            stack.start(ProcessStack.PLAN_SERVICE);
        });
    }

    @Test
    @Order(4)
    void consultationServiceKilledAfterAcceptingAnOpinion() throws Exception {
        survives("consultation-service killed -9 after a 201, restarted", () -> {
            killAfter(afterNextOpinion, ProcessStack.CONSULTATION_SERVICE);
            stack.start(ProcessStack.CONSULTATION_SERVICE);
        });
    }

    @Test
    @Order(5)
    void theStoreStoppedAndRestarted() throws Exception {
        survives("store stopped, restarted", () -> {
            stack.stop(ProcessStack.STORE);
            stack.start(ProcessStack.STORE);
        });
    }

    @Test
    @Order(6)
    void aPartnerDownForTenMinutes() throws Exception {
        SignedWebhookReceiver down = partners.get(DOWN_PARTNER);
        survives(DOWN_PARTNER + " down (503) for " + PARTNER_FAULT_EDITS + " edits, ~10 min at 1/60 scale", () -> {
            down.answer(503);
            try {
                awaitMoreEdits(PARTNER_FAULT_EDITS);
            } finally {
                down.answer(200);
            }
        });
    }

    @Test
    @Order(7)
    void aPartnerHoldingEveryAnswer() throws Exception {
        SignedWebhookReceiver slow = partners.get(SLOW_PARTNER);
        // it keeps what arrives but answers nothing until the fault ends: what was sent meanwhile waits for its answer
        // or for the request timeout (15 s), whichever comes first, and is retried after a timeout
        survives(SLOW_PARTNER + " holding every answer for " + PARTNER_FAULT_EDITS + " edits", () -> {
            slow.holdAnswers();
            try {
                awaitMoreEdits(PARTNER_FAULT_EDITS);
            } finally {
                slow.releaseAnswers();
            }
        });
    }

    /** A fault that returns when it is over (the process back up, the partner answering again). */
    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Runs the steady stream of edits and opinions, injects the fault once {@link #STEADY_EDITS} edits were accepted,
     * goes on until as many more were accepted after it, then checks that nothing was lost, doubled or reordered.
     */
    private void survives(String name, Fault fault) throws Exception {
        Map<String, DeliveryLedger.Mark> marks = new LinkedHashMap<>();
        partners.all().forEach(partner -> marks.put(partner.partnerId(), partner.ledger().mark()));
        long editsRefusedBefore = editor.refused();
        long opinionsRefusedBefore = opinions.refused();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<List<String>> edits = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.runUntil(EDITS_PER_SECOND, done::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<List<String>> submitted =
                CompletableFuture.supplyAsync(() -> opinions.runUntil(OPINIONS_PER_SECOND, done::get));
        long injected;
        long recovered;
        try {
            awaitMoreEdits(STEADY_EDITS);
            injected = System.nanoTime();
            fault.inject();
            recovered = System.nanoTime();
            awaitMoreEdits(STEADY_EDITS);
        } finally {
            done.set(true);
        }
        List<String> accepted = edits.get(DRAIN_LIMIT.toMinutes(), TimeUnit.MINUTES);
        List<String> acceptedOpinions = submitted.get(DRAIN_LIMIT.toMinutes(), TimeUnit.MINUTES);
        boolean drained = true;
        try {
            await(name + ": every accepted edit at every partner").atMost(DRAIN_LIMIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> partners.all().stream().allMatch(p -> p.ledger().missing(accepted).isEmpty()));
        } catch (org.awaitility.core.ConditionTimeoutException notAll) {
            // the figures of a fault that lost something are the finding: kept, then the checks below say what
            drained = false;
        }
        Object drainedSeconds = drained ? seconds(System.nanoTime() - injected) : "not within " + DRAIN_LIMIT;

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fault", name);
        row.put("editsAccepted", accepted.size());
        row.put("editsRefused", editor.refused() - editsRefusedBefore);
        row.put("opinionsAccepted", acceptedOpinions.size());
        row.put("opinionsRefused", opinions.refused() - opinionsRefusedBefore);
        row.put("faultSeconds", seconds(recovered - injected));
        row.put("longestGapBetweenAcceptedEditsSeconds", longestGap(accepted));
        row.put("injectionToAllDeliveredSeconds", drainedSeconds);
        long deliveries = 0;
        long rawDuplicates = 0;
        for (SignedWebhookReceiver partner : partners.all()) {
            deliveries += partner.ledger().countArrived(accepted);
            rawDuplicates += partner.ledger().rawDuplicatesSince(marks.get(partner.partnerId()));
        }
        row.put("revisionDeliveries", deliveries);
        row.put("rawDuplicateArrivals", rawDuplicates);
        figures.add(row);
        log.info("{}: {}", name, row);

        // the gateway's breaker for a service that was just restarted may still answer 503 for a few seconds
        Set<String> stored = await().atMost(Duration.ofMinutes(2)).ignoreException(IllegalStateException.class)
                .until(opinions::stored, Objects::nonNull);
        assertThat(acceptedOpinions).as("every accepted opinion is stored").allMatch(stored::contains);
        assertThat(missingRevisions(accepted)).as("every accepted edit is a stored revision").isEmpty();
        for (SignedWebhookReceiver partner : partners.all()) {
            assertThat(partner.ledger().missing(accepted)).as("revisions %s never received", partner.partnerId())
                    .isEmpty();
            assertThat(partner.ledger().keysUnderSeveralIds(allAcceptedEdits))
                    .as("revisions %s received under more than one webhook-id", partner.partnerId()).isEmpty();
            assertThat(partner.ledger().outOfOrder()).as("measures whose revisions reached %s out of order",
                    partner.partnerId()).isEmpty();
            assertThat(partner.badSignatures()).as("deliveries to %s with a bad signature", partner.partnerId())
                    .isZero();
        }
    }

    /** Kills the service right after the next accepted request, on the thread that got the answer. */
    private void killAfter(AtomicReference<Runnable> hook, String service) throws InterruptedException {
        CountDownLatch killed = new CountDownLatch(1);
        hook.set(() -> {
            try {
                stack.kill(service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                killed.countDown();
            }
        });
        if (!killed.await(DRAIN_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            throw new IllegalStateException("no request was accepted to kill " + service + " after");
        }
    }

    private void awaitMoreEdits(int count) {
        long target = editsAccepted.get() + count;
        await(count + " more edits accepted").atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(50))
                .until(() -> editsAccepted.get() >= target);
    }

    private static void runOnce(AtomicReference<Runnable> hook) {
        Runnable action = hook.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    /** The accepted edits whose version is not among the revisions plan-service lists for the measure. */
    private List<String> missingRevisions(List<String> accepted) throws Exception {
        Map<String, Set<Long>> versions = new LinkedHashMap<>();
        for (String measure : editor.measureIds()) {
            HttpResponse<String> revisions = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api"
                    + PlanEdits.PLAN + "/measures/" + measure + "/revisions")).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Set<Long> stored = new HashSet<>();
            JSON.readTree(revisions.body()).forEach(revision -> stored.add(revision.path("version").asLong()));
            versions.put(measure, stored);
        }
        return accepted.stream().filter(key -> {
            int hash = key.lastIndexOf('#');
            return !versions.getOrDefault(key.substring(0, hash), Set.of())
                    .contains(Long.parseLong(key.substring(hash + 1)));
        }).toList();
    }

    private double longestGap(List<String> accepted) {
        long[] times = accepted.stream().mapToLong(editor::acceptedNanos).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < times.length; i++) {
            longest = Math.max(longest, times[i] - times[i - 1]);
        }
        return seconds(longest);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }

    private String table() {
        StringBuilder text = new StringBuilder("Run ended " + Instant.now() + "; edits at " + EDITS_PER_SECOND
                + "/s over 8 measures, opinions at " + OPINIONS_PER_SECOND + "/s, four partners.\n\n"
                + "| fault | edits accepted | edits refused | opinions accepted | opinions refused | fault lasted (s) "
                + "| longest gap between accepted edits (s) | injection → all delivered (s) | revision deliveries "
                + "| raw duplicate arrivals |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : figures) {
            text.append("| ").append(String.join(" | ", row.values().stream().map(value -> value instanceof Double d
                    ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(value)).toList())).append(" |\n");
        }
        return text.toString();
    }
}
