package jp.renkei.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import jp.renkei.web.WebProperties;
import jp.renkei.web.api.ApiModels.Consultation;
import jp.renkei.web.api.ApiModels.Measure;
import jp.renkei.web.api.ApiModels.NewOpinion;
import jp.renkei.web.api.ApiModels.PlanTree;
import jp.renkei.web.api.ApiModels.Receipt;
import jp.renkei.web.api.ApiModels.Result;
import jp.renkei.web.api.ApiModels.Revision;
import jp.renkei.web.api.ApiModels.RevisionSummary;
import jp.renkei.web.api.ApiModels.SearchHit;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's public API as the pages use it, anonymous like any citizen's client: a failed call becomes an
 * {@link ApiProblemException} with the problem's status and field errors, an unreachable or slow gateway a 503.
 */
@Component
public class GatewayApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final String planId;

    public GatewayApi(WebProperties properties) {
        this.http = client(properties);
        this.planId = properties.planId();
    }

    /** A client of the gateway with the pages' timeouts, whose failed calls throw {@link ApiProblemException}. */
    static RestClient client(WebProperties properties) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.requestTimeout());
        return RestClient.builder().baseUrl(properties.gatewayUrl().toString()).requestFactory(requests)
                .defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw problemOf(response);
                })
                .build();
    }

    public PlanTree plan() {
        return call(() -> http.get().uri("/api/plans/{planId}", planId).retrieve().body(PlanTree.class));
    }

    public Measure measure(String measureId) {
        return call(() -> http.get().uri("/api/plans/{planId}/measures/{measureId}", planId, measureId)
                .retrieve().body(Measure.class));
    }

    /** The measure's versions, oldest first. */
    public List<RevisionSummary> revisions(String measureId) {
        return call(() -> http.get().uri("/api/plans/{planId}/measures/{measureId}/revisions", planId, measureId)
                .retrieve().body(new ParameterizedTypeReference<List<RevisionSummary>>() { }));
    }

    public Revision revision(String measureId, long version) {
        return call(() -> http.get().uri("/api/plans/{planId}/measures/{measureId}/revisions/{version}", planId,
                measureId, version).retrieve().body(Revision.class));
    }

    /** Passages containing the words, whatever their width or kana (the plan API folds them). */
    public List<SearchHit> search(String words) {
        return call(() -> http.get().uri(builder -> builder.path("/api/plans/{planId}/search")
                        .queryParam("q", "{q}").build(planId, words))
                .retrieve().body(new ParameterizedTypeReference<List<SearchHit>>() { }));
    }

    /** The consultations the public may see, newest first. */
    public List<Consultation> consultations() {
        return call(() -> http.get().uri("/api/consultations").retrieve()
                .body(new ParameterizedTypeReference<List<Consultation>>() { }));
    }

    public Consultation consultation(String consultationId) {
        return call(() -> http.get().uri("/api/consultations/{id}", consultationId).retrieve()
                .body(Consultation.class));
    }

    public Result results(String consultationId) {
        return call(() -> http.get().uri("/api/consultations/{id}/results", consultationId).retrieve()
                .body(Result.class));
    }

    /**
     * Submits an opinion. The idempotency key comes from the confirmation page, so a citizen who sends it twice (a
     * double click, a reload) gets the same receipt and the opinion is stored once.
     */
    public Receipt submitOpinion(String consultationId, UUID idempotencyKey, NewOpinion opinion) {
        return call(() -> http.post().uri("/api/consultations/{id}/opinions", consultationId)
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", idempotencyKey.toString())
                .body(opinion).retrieve().body(Receipt.class));
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            throw new ApiProblemException(503, "Service Unavailable", "the gateway did not answer in time", Map.of());
        }
    }

    /** Reads an RFC 9457 problem; a body that is not one still keeps the status. */
    static ApiProblemException problemOf(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        byte[] body;
        try (InputStream in = response.getBody()) {
            body = in.readNBytes(64 * 1024);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String title = null;
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            title = problem.path("title").asString(null);
            detail = problem.path("detail").asString(null);
            for (JsonNode error : problem.path("errors")) {
                fields.putIfAbsent(error.path("field").asString(""), error.path("message").asString(""));
            }
            if (fields.isEmpty() && problem.hasNonNull("field")) {
                fields.put(problem.get("field").asString(), detail == null ? "" : detail);
            }
        } catch (RuntimeException notAProblem) {
            // kept as the bare status: the page says what the status means
        }
        return new ApiProblemException(status, title, detail, fields);
    }
}
