package jp.renkei.consultation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiDocumentationIntegrationTest extends ConsultationServiceIntegrationTest {

    @Test
    void theOpenApiDocumentDescribesTheApiAsSeenThroughTheGateway() {
        HttpResponse<String> docs = api.get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode openApi = ConsultationApi.json(docs);
        assertThat(openApi.path("servers").get(0).path("url").asString()).isEqualTo("/api");
        assertThat(openApi.path("paths").propertyNames()).contains("/consultations", "/consultations/{id}/opinions",
                "/consultations/{id}/results", "/consultations/{id}/results.csv", "/consultations/{id}/groups",
                "/hearings", "/hearings/report");
    }

    @Test
    void aBodyAboveTheLimitIsRefusedWith413() {
        HttpResponse<String> huge = api.as(ConsultationApi::moderator).post("/hearings", java.util.Map.of(),
                "{\"summary\":\"" + "あ".repeat(100_000) + "\"}");

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
