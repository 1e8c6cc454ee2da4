package jp.renkei.plan.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Plain HTTP calls to a running plan-service, as a client outside it makes them. */
public final class PlanApi {

    public static final String PLAN = "/plans/abashiri-comprehensive-plan";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    /** A client that sends {@code token} (an internal token, as the gateway would; none when null) with every request. */
    public PlanApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A conditional GET: {@code If-None-Match} with the ETag the caller holds. */
    public HttpResponse<String> get(String path, String ifNoneMatch) {
        return send(request(path).header("If-None-Match", ifNoneMatch).GET());
    }

    public HttpResponse<String> send(String method, String path, String ifMatch, String contentType, String body) {
        HttpRequest.Builder request = request(path)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", contentType);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    public HttpResponse<String> put(String path, String ifMatch, JsonNode body) {
        return send("PUT", path, ifMatch, "application/json", body.toString());
    }

    public HttpResponse<String> post(String path, String ifMatch, JsonNode body) {
        return send("POST", path, ifMatch, "application/json", body.toString());
    }

    /** Creates a measure of its own for a test in goal 5, area 5-2, and returns its path. */
    public String createMeasure(String measureId, String title) {
        ObjectNode body = editable(get(PLAN + "/measures/5-2-2").body());
        body.put("measureId", measureId).put("goalNumber", 5).put("areaId", "5-2").put("title", title);
        HttpResponse<String> created = post(PLAN + "/measures", null, body);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create " + measureId + ": " + created.body());
        }
        return PLAN + "/measures/" + measureId;
    }

    /** The editable fields of a measure as GET shows it: a body PUT accepts. */
    public static ObjectNode editable(String measureJson) {
        JsonNode measure = JSON.readTree(measureJson);
        ObjectNode body = JSON.createObjectNode();
        for (String field : List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans",
                "glossary", "tags")) {
            body.set(field, measure.get(field));
        }
        return body;
    }

    public static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + response));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
