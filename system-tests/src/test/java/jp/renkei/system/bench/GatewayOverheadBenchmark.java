package jp.renkei.system.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.system.RenkeiSystem;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same public GET of measure 5-2-2, in one run and with the same client and concurrency: directly against
 * plan-service (with the internal token the gateway would forward), through the gateway (anonymous, and with an API
 * key), through a bare Reactor Netty proxy in this JVM (the gateway's transport alone, {@link BareReactorNettyProxy}),
 * and through Debian's nginx as a plain reverse proxy in front of plan-service, when it is installed. Each leg
 * runs closed-loop workers for a warm-up and then a measured period; requests per second and the latency of each
 * request, and the ratios to the direct leg.
 */
final class GatewayOverheadBenchmark {

    static final String NAME = "gateway-overhead";

    private static final Logger log = LoggerFactory.getLogger(GatewayOverheadBenchmark.class);
    private static final String MEASURE = "/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static final String DIRECT = "direct";
    private static final int ROUNDS = 2;
    private static final Path NGINX = Path.of(System.getProperty("bench.gateway.nginx", "/usr/sbin/nginx"));

    private final int workers = Integer.getInteger("bench.gateway.workers", 8);
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.gateway.warmup-seconds", 3));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.gateway.seconds", 8));
    /** The warm-up ends when the compiler used at most this share of one core's time over a slice. */
    private final double compilerQuietShare = Double.parseDouble(System.getProperty("bench.gateway.compiler-quiet-share",
            "0.05"));
    private final Duration maxWarmup = Duration.ofSeconds(Long.getLong("bench.gateway.max-warmup-seconds", 300));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Histogram> latencies = new LinkedHashMap<>();
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Map<String, Long> errors = new LinkedHashMap<>();
    /** What the failed requests of each leg were: a status other than 200, or the exception's class. */
    private final Map<String, Map<String, AtomicLong>> errorKinds = new ConcurrentHashMap<>();
    private final Map<String, Double> cpuMillis = new LinkedHashMap<>();
    private final Map<String, Long> compilerMillis = new LinkedHashMap<>();
    private String nginxUrl;
    private Process nginx;
    /** nginx's own CPU (its master and workers, another process than this JVM) while its leg was measured. */
    private double nginxCpuMillis;

    private GatewayOverheadBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new GatewayOverheadBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        TestTokens tokens = TestTokens.shared();
        // the gateway signs as TestTokens does, so plan-service accepts the direct leg's token as the gateway's own
        Map<String, Object> gateway = new LinkedHashMap<>(Map.of(
                "renkei.gateway.internal-token.signing-key", tokens.signingKeyJwk(),
                "renkei.gateway.per-client.capacity", 1_000_000, "renkei.gateway.per-client.refill", 1_000_000,
                "renkei.gateway.per-client.period", "1s", "logging.level.jp.renkei", "WARN"));
        // e.g. -Dbench.gateway.gateway-args="management.observations.enable.http=false" to measure a setting's cost
        for (String setting : System.getProperty("bench.gateway.gateway-args", "").split(" ")) {
            if (setting.contains("=")) {
                gateway.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        // and plan-service reads the public half from TestTokens, not from the system's own gateway key: the system
        // gave the gateway a key of its own (2026-12-06), and from then on every leg of this run was a 401
        Map<String, Object> planService = new LinkedHashMap<>(tokens.springProperties());
        planService.put("logging.level.jp.renkei", "WARN");
        try (RenkeiSystem system = new RenkeiSystem(Map.of(GatewayApplication.class, gateway,
                jp.renkei.plan.PlanServiceApplication.class, planService))) {
            String plan = system.urls().get("plan-service");
            Map<String, HttpRequest> legs = new LinkedHashMap<>();
            legs.put(DIRECT, request(plan + MEASURE, tokens.anonymous()));
            legs.put("gateway", request(system.gatewayUrl() + "/api" + MEASURE, null));
            // the same anonymous read asking for the origin: every request routed to plan-service, as a read the
            // gateway's public-read cache cannot answer (a changed page, a query never asked before) is
            legs.put("gatewayFromOrigin", HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/api" + MEASURE))
                    .timeout(Duration.ofSeconds(30)).header("Cache-Control", "no-cache").GET().build());
            legs.put("gatewayWithKey", request(system.gatewayUrl() + "/api" + MEASURE, system.editorKey()));
            nginx = startNginx(plan, tokens.anonymous());
            try (BareReactorNettyProxy bare = new BareReactorNettyProxy(plan)) {
                legs.put("reactorNetty", request(bare.url() + MEASURE, tokens.anonymous()));
                if (nginx != null) {
                    legs.put("nginx", request(nginxUrl, tokens.anonymous()));
                }
                // every leg warms up first, then the legs take turns, so a service still warming up, or another
                // build on the machine, does not favour whichever leg ran last
                for (var leg : legs.entrySet()) {
                    load(leg.getKey(), leg.getValue(), warmup, false);
                }
                // then all legs in turn until the JIT compiler has caught up with them (see JitWarmup)
                JitWarmup.Outcome warmed = JitWarmup.untilCompilerQuiet(slice -> {
                    for (var leg : legs.entrySet()) {
                        load(leg.getKey(), leg.getValue(), slice.dividedBy(legs.size()), false);
                    }
                }, Duration.ofSeconds(4), compilerQuietShare, maxWarmup);
                figures.put("jitWarmupSeconds", Math.round(warmed.took().toMillis() / 100.0) / 10.0);
                figures.put("jitWarmupSettled", warmed.settled());
                figures.put("compilerShareAtMeasurementStart", Math.round(warmed.lastCompilerShare() * 100) / 100.0);
                for (int round = 0; round < ROUNDS; round++) {
                    for (var leg : legs.entrySet()) {
                        load(leg.getKey(), leg.getValue(), measured.dividedBy(ROUNDS), true);
                    }
                }
            } finally {
                stop(nginx);
            }
            for (String leg : legs.keySet()) {
                figures(leg);
            }
            for (String leg : legs.keySet()) {
                if (!leg.equals(DIRECT)) {
                    ratio(leg);
                }
            }
            figures.put("workers", workers);
            figures.put("warmupSecondsPerLeg", warmup.toSeconds());
            figures.put("measuredSecondsPerLeg", measured.toSeconds());
            figures.put("rounds", ROUNDS);
        }
        return new BenchmarkResult(NAME, "The same GET " + MEASURE + " (public plan content) with " + workers
                + " closed-loop workers of one HTTP/1.1 client: direct to plan-service with an internal token as the "
                + "gateway forwards it; through the gateway anonymous (answered from its public-read cache), anonymous with "
                + "Cache-Control: no-cache (routed to plan-service every time) and with an API key; through a bare Reactor "
                + "Netty proxy in this JVM (the gateway's transport and nothing else: the floor under it); through nginx as a "
                + "plain reverse proxy (keep-alive upstream). Each leg " + warmup.toSeconds() + " s warm-up, then "
                + measured.toSeconds() + " s measured per leg in " + ROUNDS + " alternating rounds. All on "
                + "127.0.0.1, the whole system in one JVM, nginx a child process.", figures, latencies);
    }

    /**
     * nginx in front of plan-service on a free port, answering; null (and a note) when it is not installed. nginx cannot
     * bind port 0 itself, so the port is picked ({@link PickedPort}); if another process took it first, nginx says so in
     * its error log and is started again on another.
     */
    private Process startNginx(String planUrl, String token) throws Exception {
        if (!Files.isExecutable(NGINX)) {
            figures.put("nginx", "skipped: " + NGINX + " is not installed (apt-get install nginx to measure it)");
            log.warn("nginx leg skipped: {} is not installed", NGINX);
            return null;
        }
        Path dir = Files.createDirectories(Benchmarks.workDirectory().resolve("nginx"));
        for (int attempt = 1; ; attempt++) {
            int port = PickedPort.pick();
            Files.deleteIfExists(dir.resolve("error.log"));
            Process started = startNginx(dir, port, planUrl);
            nginxUrl = "http://127.0.0.1:" + port + MEASURE;
            try {
                awaitAnswering(nginxUrl, token, started);
                figures.put("nginxVersion", version());
                return started;
            } catch (Exception e) {
                stop(started);
                Path errors = dir.resolve("error.log");
                boolean portTaken = Files.exists(errors) && Files.readString(errors).contains("Address already in use");
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static Process startNginx(Path dir, int port, String planUrl) throws IOException {
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream plan {
                        server %2$s;
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://plan;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                        }
                    }
                }
                """.formatted(dir, URI.create(planUrl).getAuthority(), port), StandardCharsets.UTF_8);
        return new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log")
                .toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitAnswering(String url, String token, Process nginx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = 0;
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited with " + nginx.exitValue() + "; see "
                        + Benchmarks.workDirectory().resolve("nginx"));
            }
            try {
                status = http.send(request(url, token), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("nginx did not answer 200 within 20 s (last status " + status + ")");
    }

    private static String version() throws Exception {
        Process version = new ProcessBuilder(NGINX.toString(), "-v").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        version.waitFor();
        return text.replace("nginx version: ", "");
    }

    /** Closed-loop workers on one leg for the duration; when {@code recorded}, adds to that leg's figures. */
    private void load(String leg, HttpRequest request, Duration duration, boolean recorded) throws Exception {
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong errors = new AtomicLong();
        ProcessCpu cpu = new ProcessCpu();
        cpu.start();
        double nginxCpuBefore = leg.equals("nginx") ? nginxCpuSoFarMillis() : 0;
        long compiledBefore = JitWarmup.compilerMillis();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status;
                    String failure = null;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        failure = "status " + status;
                    } catch (IOException e) {
                        status = -1;
                        failure = e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (status == 200) {
                        recorder.recordValue((System.nanoTime() - sent) / 1_000);
                    } else {
                        errors.incrementAndGet();
                        if (recorded) {
                            errorKinds.computeIfAbsent(leg, ignored -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(failure, ignored -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
            }, "bench-" + leg + "-" + i);
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (recorded) {
            latencies.computeIfAbsent(leg, ignored -> new Histogram(TimeUnit.MINUTES.toMicros(1), 3))
                    .add(recorder.getIntervalHistogram());
            nanos.merge(leg, System.nanoTime() - start, Long::sum);
            cpuMillis.merge(leg, cpu.millisSinceStart(), Double::sum);
            compilerMillis.merge(leg, JitWarmup.compilerMillis() - compiledBefore, Long::sum);
            this.errors.merge(leg, errors.get(), Long::sum);
            if (leg.equals("nginx")) {
                nginxCpuMillis += nginxCpuSoFarMillis() - nginxCpuBefore;
            }
        }
    }

    /** The CPU time nginx's processes have used so far, as the kernel counts it. */
    private double nginxCpuSoFarMillis() {
        return Stream.concat(Stream.of(nginx.toHandle()), nginx.descendants())
                .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                .mapToLong(Duration::toNanos).sum() / 1_000_000.0;
    }

    private void figures(String leg) {
        Histogram latency = latencies.get(leg);
        if (latency.getTotalCount() == 0) {
            // a leg that answered nothing but errors measured nothing: no figure, and the run fails
            throw new IllegalStateException(leg + ": no request succeeded, " + errors.get(leg) + " errors: "
                    + errorKinds.getOrDefault(leg, Map.of()));
        }
        figures.put(leg + "RequestsPerSecond",
                Math.round(latency.getTotalCount() * 10.0 * TimeUnit.SECONDS.toNanos(1) / nanos.get(leg)) / 10.0);
        figures.put(leg + "P50Ms", latency.getValueAtPercentile(50) / 1000.0);
        figures.put(leg + "P99Ms", latency.getValueAtPercentile(99) / 1000.0);
        figures.put(leg + "Errors", errors.get(leg));
        if (errorKinds.containsKey(leg)) {
            figures.put(leg + "ErrorKinds", errorKinds.get(leg).toString());
        }
        // this JVM's CPU (client, gateway, plan-service, store) per request; nginx's own CPU is not in it
        figures.put(leg + "CpuMsPerRequest", Math.round(cpuMillis.get(leg) * 1000.0 / latency.getTotalCount()) / 1000.0);
        if (leg.equals("nginx")) {
            // nginx's own, in its processes: beside this JVM's share above, what the proxy itself cost per request
            figures.put("nginxOwnCpuMsPerRequest", Math.round(nginxCpuMillis * 1000.0 / latency.getTotalCount()) / 1000.0);
        }
        // the compiler threads' time over the leg's wall time: near 0 once the warm-up did its job
        figures.put(leg + "CompilerShare", rounded(compilerMillis.get(leg) * 1_000_000.0 / nanos.get(leg)));
        log.info("{}: {} requests/s, p50 {} ms, p99 {} ms, {} errors", leg, figures.get(leg + "RequestsPerSecond"),
                figures.get(leg + "P50Ms"), figures.get(leg + "P99Ms"), errors.get(leg));
    }

    /** This leg against the direct one: throughput (below 1 is slower) and latency (above 1 is slower). */
    private void ratio(String leg) {
        String direct = DIRECT;
        figures.put(leg + "ToDirectThroughput", rounded((double) figures.get(leg + "RequestsPerSecond")
                / (double) figures.get(direct + "RequestsPerSecond")));
        figures.put(leg + "ToDirectP50", rounded((double) figures.get(leg + "P50Ms")
                / (double) figures.get(direct + "P50Ms")));
        figures.put(leg + "ToDirectP99", rounded((double) figures.get(leg + "P99Ms")
                / (double) figures.get(direct + "P99Ms")));
        figures.put(leg + "AddedP50Ms", rounded((double) figures.get(leg + "P50Ms")
                - (double) figures.get(direct + "P50Ms")));
        if (figures.containsKey("nginxRequestsPerSecond") && !leg.equals("nginx")) {
            figures.put(leg + "ToNginxThroughput", rounded((double) figures.get(leg + "RequestsPerSecond")
                    / (double) figures.get("nginxRequestsPerSecond")));
        }
    }

    private static double rounded(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static HttpRequest request(String url, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request.build();
    }
}
