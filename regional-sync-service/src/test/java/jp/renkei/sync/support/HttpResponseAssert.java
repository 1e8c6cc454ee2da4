package jp.renkei.sync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** What every bad request must get: the status, a problem+json body, and the field it names. */
public final class HttpResponseAssert {

    private HttpResponseAssert() {
    }

    public static void problem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(SyncApi.json(response).path("field").asString()).as(response.body()).isEqualTo(field);
    }
}
