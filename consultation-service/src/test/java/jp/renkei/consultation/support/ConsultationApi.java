package jp.renkei.consultation.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Plain HTTP calls to a running consultation-service, as the gateway makes them. */
public final class ConsultationApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String PLAN = "abashiri-comprehensive-plan";
    public static final String MODERATOR = "moderator-sato";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public ConsultationApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> staffGet(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Renkei-Actor", MODERATOR).GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    public HttpResponse<String> staffPost(String path, JsonNode body) {
        return post(path, Map.of("X-Renkei-Actor", MODERATOR), body.toString());
    }

    /** A valid creation body on one measure at version 1, for the given dates. */
    public static ObjectNode consultation(String measureId, LocalDate publicationDate, LocalDate deadline) {
        ObjectNode body = JSON.createObjectNode()
                .put("title", "第6次総合計画 情報施策の見直し（案）")
                .put("summary", "「情報」施策の基本方針の改定案について意見を募集します。")
                .put("planId", PLAN)
                .put("legalBasis", "網走市市民意見公募手続要綱 第4条")
                .put("department", "企画総務部 企画調整課")
                .put("contact", "0152-44-6111（代表）")
                .put("publicationDate", publicationDate.toString())
                .put("deadline", deadline.toString());
        body.putArray("targets").addObject().put("measureId", measureId).put("measureVersion", 1)
                .putArray("sectionIds").add("basicPolicy");
        body.putArray("attachments").addObject().put("title", "改定案（PDF）")
                .put("url", "https://www.city.abashiri.hokkaido.jp/draft.pdf");
        return body;
    }

    public static ObjectNode opinion(String text, String name, String address) {
        ObjectNode body = JSON.createObjectNode().put("sectionId", "basicPolicy").put("text", text);
        ObjectNode submitter = body.putObject("submitter");
        if (name != null) {
            submitter.put("name", name);
        }
        if (address != null) {
            submitter.put("address", address);
        }
        submitter.put("contact", "090-1234-5678").put("ageGroup", "40代");
        return body;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base + path);
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
