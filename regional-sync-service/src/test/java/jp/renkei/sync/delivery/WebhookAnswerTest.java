package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a partner's answer is read, as the HTTP client hands it over: only a 2xx is a success (a redirect is not
 * followed and counts as a failure), a 410 retires the endpoint, and {@code Retry-After} on a 429 or 503 asks the
 * dispatcher to wait.
 */
class WebhookAnswerTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void aTwoHundredIsASuccess(int status) {
        WebhookSender.Outcome outcome = answer(status, null, null);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.statusCode()).isEqualTo(status);
        assertThat(outcome.gone()).isFalse();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {100, 199, 300, 301, 302, 303, 304, 307, 308, 400, 401, 404, 409, 410, 429, 500, 502, 503})
    void everyOtherStatusIsAFailedAttemptRedirectsIncluded(int status) {
        WebhookSender.Outcome outcome = answer(status, null, null);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).isEqualTo("HTTP " + status);
        assertThat(outcome.statusCode()).isEqualTo(status);
    }

    @ParameterizedTest(name = "HTTP {0}: gone {1}")
    @CsvSource({"410, true", "404, false", "409, false", "411, false", "200, false"})
    void onlyA410RetiresTheEndpoint(int status, boolean gone) {
        assertThat(answer(status, null, null).gone()).isEqualTo(gone);
    }

    @Test
    void noAnswerIsAFailureWithoutAStatusAndNotGone() {
        WebhookSender.Outcome outcome = WebhookSender.Outcome.noAnswer("timed out");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.gone()).isFalse();
        assertThat(outcome.asksToWait()).isFalse();
    }

    @ParameterizedTest(name = "HTTP {0}, Retry-After {1}: asks to wait {2}")
    @CsvSource(nullValues = "none", textBlock = """
            429, 120,  true
            503, 120,  true
            429, none, false
            503, none, false
            500, 120,  false
            502, 120,  false
            301, 120,  false
            200, 120,  false
            428, 120,  false
            430, 120,  false
            504, 120,  false
            """)
    void onlyA429OrA503WithRetryAfterAsksToWait(int status, String retryAfter, boolean asksToWait) {
        WebhookSender.Outcome outcome = answer(status, retryAfter, null);

        assertThat(outcome.asksToWait()).isEqualTo(asksToWait);
        if (asksToWait) {
            assertThat(outcome.retryAfter()).isEqualTo(Duration.ofMinutes(2));
        }
    }

    @ParameterizedTest(name = "Retry-After: {0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            120,                             PT2M
            ' 7 ',                           PT7S
            0,                               PT0S
            -30,                             PT0S
            'Sun, 06 Dec 2026 03:10:00 GMT', PT10M
            'Sun, 06 Dec 2026 03:00:00 GMT', PT0S
            'Sun, 06 Dec 2026 02:00:00 GMT', PT0S
            soon,                            none
            '',                              none
            """)
    void readsRetryAfterInSecondsOrAsAnHttpDateNeverBelowZero(String value, Duration wait) {
        assertThat(WebhookSender.retryAfter(value, CLOCK)).isEqualTo(wait);
        assertThat(answer(503, value, null).retryAfter()).isEqualTo(wait);
    }

    @Test
    void keepsAShortAnswerWhole() {
        WebhookSender.Answer answer = new WebhookSender.Answer(CLOCK);
        WebhookSender.Outcome outcome = read(answer, 400, null, "{\"detail\":\"署名が違います\"}");

        assertThat(outcome.responseExcerpt()).isEqualTo("{\"detail\":\"署名が違います\"}");
        assertThat(answer.cut()).isFalse();
    }

    @Test
    void keepsTheFirstKibibyteOfALongAnswerAndReadsNoFurther() {
        WebhookSender.Answer answer = new WebhookSender.Answer(CLOCK);
        WebhookSender.Outcome outcome = read(answer, 500, null, "a".repeat(1023) + "bc" + "d".repeat(5000));

        assertThat(outcome.responseExcerpt()).isEqualTo("a".repeat(1023) + "b");
        assertThat(answer.cut()).isTrue();
    }

    @Test
    void anAnswerOfExactlyOneKibibyteIsKeptWhole() {
        WebhookSender.Answer answer = new WebhookSender.Answer(CLOCK);
        WebhookSender.Outcome outcome = read(answer, 200, null, "x".repeat(1024));

        assertThat(outcome.responseExcerpt()).hasSize(1024);
        assertThat(outcome.succeeded()).isTrue();
    }

    @Test
    void anEmptyBodyLeavesNoExcerpt() {
        assertThat(read(new WebhookSender.Answer(CLOCK), 503, "60", "").responseExcerpt()).isNull();
    }

    @Test
    void theClientsExchangeIsCompletedWithTheSameOutcome() {
        WebhookSender.Answer answer = new WebhookSender.Answer(CLOCK);
        CompletableFuture<WebhookSender.Outcome> exchange = new CompletableFuture<>();

        answer.consumeResponse(new BasicHttpResponse(204), null, null, completing(exchange));

        assertThat(exchange).isCompletedWithValue(answer.outcome().join());
    }

    @Test
    void aFailureOfTheExchangeFailsTheOutcome() {
        WebhookSender.Answer answer = new WebhookSender.Answer(CLOCK);

        answer.failed(new java.io.IOException("connection reset"));

        assertThat(answer.outcome()).isCompletedExceptionally();
    }

    private static WebhookSender.Outcome answer(int status, String retryAfter, String body) {
        return read(new WebhookSender.Answer(CLOCK), status, retryAfter, body);
    }

    /** Hands the answer over as the client does: the head, then the body in chunks, then the end. */
    private static WebhookSender.Outcome read(WebhookSender.Answer answer, int status, String retryAfter, String body) {
        BasicHttpResponse head = new BasicHttpResponse(status);
        if (retryAfter != null) {
            head.addHeader("Retry-After", retryAfter);
        }
        CompletableFuture<WebhookSender.Outcome> exchange = new CompletableFuture<>();
        if (body == null) {
            answer.consumeResponse(head, null, null, completing(exchange));
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            answer.consumeResponse(head, new BasicEntityDetails(bytes.length, ContentType.APPLICATION_JSON), null,
                    completing(exchange));
            for (int at = 0; at < bytes.length && !answer.outcome().isDone(); at += 700) {
                answer.consume(ByteBuffer.wrap(bytes, at, Math.min(700, bytes.length - at)));
            }
            if (!answer.outcome().isDone()) {
                answer.streamEnd(null);
            }
        }
        assertThat(answer.outcome()).isDone();
        return answer.outcome().join();
    }

    private static FutureCallback<WebhookSender.Outcome> completing(CompletableFuture<WebhookSender.Outcome> exchange) {
        return new FutureCallback<>() {
            @Override
            public void completed(WebhookSender.Outcome result) {
                exchange.complete(result);
            }

            @Override
            public void failed(Exception failure) {
                exchange.completeExceptionally(failure);
            }

            @Override
            public void cancelled() {
                exchange.cancel(false);
            }
        };
    }
}
