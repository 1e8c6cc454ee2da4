package jp.renkei.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service behind the gateway, played by the JDK's HTTP server on a free port: answers 200 with the path it saw,
 * 503 for {@code …/flaky}, with the {@code Cache-Control} a path ending in {@code /cache-control/<value>} names (spaces
 * as {@code +}, with an {@code ETag} and the answer's number), not at all for a path the test {@link #hold(String)}s
 * until it lets the answers go, and remembers every request with its headers.
 */
public final class StandInService implements AutoCloseable {

    /** One request as the service received it. */
    public record Received(String method, String path, Map<String, List<String>> headers) {

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    public StandInService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Holds the answers to requests for {@code path} (as this service sees it, without the gateway's {@code /api})
     * until the returned handle is closed: a service slower than the gateway or the test's client, for exactly as long
     * as the test needs it.
     */
    public Held hold(String path) {
        CountDownLatch answers = new CountDownLatch(1);
        held.put(path, answers);
        return () -> {
            held.remove(path, answers);
            answers.countDown();
        };
    }

    /** Answers held by {@link #hold(String)}; closing it lets them go. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {

        @Override
        void close();
    }

    /** How often {@code METHOD /path} arrived. */
    public int calls(String methodAndPath) {
        AtomicInteger count = calls.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The last request that carried this request id. */
    public Received withRequestId(String requestId) {
        return received.stream().filter(request -> requestId.equals(request.header("X-Request-Id")))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no request with id " + requestId + " reached the service"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.computeIfAbsent(exchange.getRequestMethod() + " " + path, key -> new AtomicInteger()).incrementAndGet();
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders())));
        exchange.getRequestBody().readAllBytes();
        CountDownLatch answers = held.get(path);
        if (answers != null) {
            awaitRelease(answers);
        }
        if (path.endsWith("/flaky")) {
            respond(exchange, 503, "{}");
        } else if (path.contains("/cache-control/")) {
            int number = calls(exchange.getRequestMethod() + " " + path);
            String cacheControl = path.substring(path.indexOf("/cache-control/") + "/cache-control/".length())
                    .replace('+', ' ');
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            exchange.getResponseHeaders().set("ETag", "\"" + number + "\"");
            exchange.getResponseHeaders().set("Vary", "Authorization");
            respond(exchange, 200, "{\"answer\":" + number + ",\"title\":\"広域連携\"}");
        } else {
            respond(exchange, 200, "{\"path\":\"" + path + "\",\"title\":\"広域連携\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // as every Renkei service does (web-support's RequestIdLogging): the request id it was given, back
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            exchange.getResponseHeaders().set("X-Request-Id", requestId);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void awaitRelease(CountDownLatch answers) {
        try {
            // bounded, so that a test that forgot to let go does not leave the server's threads behind for good
            answers.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
