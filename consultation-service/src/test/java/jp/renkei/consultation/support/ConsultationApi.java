package jp.renkei.consultation.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Supplier;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plain HTTP calls to a running consultation-service, as the gateway makes them: with its internal token. Plain
 * calls carry an anonymous caller's ({@code PUBLIC}) token, staff calls a moderator's; {@link #as} makes every call
 * carry another token (or none). Tokens are minted per call, so none expires during a long test.
 */
public final class ConsultationApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String PLAN = "abashiri-comprehensive-plan";
    /** The subject of the moderator's token: what the audit log names. */
    public static final String MODERATOR = "moderator-sato";
    public static final String EDITOR = "editor-suzuki";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Supplier<String> token;
    private final Supplier<String> staffToken;

    public ConsultationApi(int port) {
        this("http://127.0.0.1:" + port, () -> TestTokens.shared().anonymous(), ConsultationApi::moderator);
    }

    private ConsultationApi(String base, Supplier<String> token, Supplier<String> staffToken) {
        this.base = base;
        this.token = token;
        this.staffToken = staffToken;
    }

    /** The same API with {@code token} on every call, plain and staff ones alike; none when it gives null. */
    public ConsultationApi as(Supplier<String> token) {
        return new ConsultationApi(base, token, token);
    }

    public static String moderator() {
        return TestTokens.shared().token(MODERATOR, InternalToken.MODERATOR);
    }

    public static String editor() {
        return TestTokens.shared().token(EDITOR, InternalToken.PLAN_EDITOR);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    public HttpResponse<String> staffGet(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), staffToken);
    }

    public HttpResponse<String> post(String path, Map<String, String> headers, String body) {
        return post(path, headers, body, token);
    }

    public HttpResponse<String> staffPost(String path, JsonNode body) {
        return post(path, Map.of(), body.toString(), staffToken);
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body, Supplier<String> caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request, caller);
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

    /** A hearing record through {@code channel} on these measures, not publishable. */
    public static ObjectNode hearing(String channel, LocalDate date, String... measureIds) {
        ObjectNode body = JSON.createObjectNode().put("channel", channel).put("date", date.toString())
                .put("summary", "市政情報をもっと早く知りたいという声").put("planId", PLAN)
                .put("publishable", false);
        body.putArray("topics").add("情報発信");
        body.set("measureIds", JSON.valueToTree(java.util.List.of(measureIds)));
        return body;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Supplier<String> caller) {
        String bearer = caller.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            // a hung service fails the test instead of hanging the build
            return http.send(request.timeout(java.time.Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
