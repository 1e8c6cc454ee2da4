package jp.renkei.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.gateway.keys.ApiKeySecrets;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway on a free port in front of a {@link StandInService} for plan-service and regional-sync-service (and
 * nothing for consultation-service, which is "down"), with a fresh key database on the embedded store and one
 * bootstrap key per role.
 */
public final class RunningGateway implements AutoCloseable {

    public final String editorKey = ApiKeySecrets.newKey();
    public final String moderatorKey = ApiKeySecrets.newKey();
    public final String operatorKey = ApiKeySecrets.newKey();
    /** A PARTNER key bound to {@code ozora}. */
    public final String ozoraKey = ApiKeySecrets.newKey();

    private final StandInService service = new StandInService();
    /** consultation-service's port: held by this socket, which never listens, so a connection there is refused. */
    private final Socket downService = portNobodyListensOn();
    private final ConfigurableApplicationContext context;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RunningGateway(String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri("gateway-" + UUID.randomUUID()),
                "--renkei.gateway.plan-service-uri=" + service.url(),
                "--renkei.gateway.consultation-service-uri=http://127.0.0.1:" + downService.getLocalPort(),
                "--renkei.gateway.regional-sync-service-uri=" + service.url(),
                "--renkei.gateway.web-uri=" + service.url()));
        bootstrap(arguments, 0, editorKey, "demo-editor", "PLAN_EDITOR", null);
        bootstrap(arguments, 1, moderatorKey, "demo-moderator", "MODERATOR", null);
        bootstrap(arguments, 2, operatorKey, "demo-operator", "OPERATOR", null);
        bootstrap(arguments, 3, ozoraKey, "ozora-staff", "PARTNER", "ozora");
        arguments.addAll(List.of(extraArguments));
        arguments.addAll(limitsLiftedUnlessGiven(List.of(extraArguments)));
        context = GatewayApplication.application().run(arguments.toArray(String[]::new));
        url = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /**
     * Every test here calls from one loopback address, which the gateway's per-address limits count as one citizen: a
     * class of tests sending more than 100 requests in a second or two was answered 429 on a fast enough machine
     * (GatewayAuthenticationTest, CI of 2026-12-06). The limits are lifted unless a test sets them itself, as the
     * tests of the limits do (GatewayRateLimitTest, GatewayEdgeTest).
     */
    private static List<String> limitsLiftedUnlessGiven(List<String> extraArguments) {
        List<String> lifted = new ArrayList<>();
        for (String limit : List.of("per-client", "opinion-posts")) {
            String prefix = "--renkei.gateway." + limit + ".";
            if (extraArguments.stream().noneMatch(argument -> argument.startsWith(prefix))) {
                lifted.addAll(List.of(prefix + "capacity=1000000", prefix + "refill=1000000", prefix + "period=1s"));
            }
        }
        return lifted;
    }

    private static void bootstrap(List<String> arguments, int index, String key, String owner, String role,
                                  String partnerId) {
        String prefix = "--renkei.gateway.bootstrap-keys[" + index + "].";
        arguments.add(prefix + "key=" + key);
        arguments.add(prefix + "owner=" + owner);
        arguments.add(prefix + "roles=" + role);
        if (partnerId != null) {
            arguments.add(prefix + "partner-id=" + partnerId);
        }
    }

    public String url() {
        return url;
    }

    public StandInService service() {
        return service;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> get(String path, String key) {
        return send(request(path).header("Authorization", "Bearer " + key).GET());
    }

    /** A call with a JSON body and, when {@code key} is not null, that API key. */
    public HttpResponse<String> send(String method, String path, String key, String json) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A port bound, not listening, for as long as the gateway runs: connections to it are refused, and no other server
     * can take it meanwhile (as one could a port picked and released).
     */
    private static Socket portNobodyListensOn() {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
        service.close();
        try {
            downService.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
