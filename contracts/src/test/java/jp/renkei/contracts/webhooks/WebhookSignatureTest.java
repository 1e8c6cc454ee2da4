package jp.renkei.contracts.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.webhooks.WebhookSignature.Verification;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // The test vector published with the Standard Webhooks specification and its reference libraries.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationTestVector() {
        String signature = WebhookSignature.forSecret(SPEC_SECRET)
                .sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifiesTheSpecificationTestVectorAtItsTime() {
        Verification result = WebhookSignature.forSecret(SPEC_SECRET).verify(SPEC_ID, String.valueOf(SPEC_TIMESTAMP),
                SPEC_SIGNATURE, SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochSecond(SPEC_TIMESTAMP + 10), WebhookSignature.DEFAULT_TOLERANCE);

        assertThat(result).isEqualTo(Verification.VALID);
    }

    @Test
    void theReferenceLibraryVerifiesWhatWeSignOverJapaneseText() {
        String secret = WebhookSignature.newSecret(new SecureRandom(), 32);
        String body = "{\"title\":\"広域連携\",\"note\":\"１２３①\"}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.forSecret(secret).sign("evt-1", now, body.getBytes(StandardCharsets.UTF_8));

        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of("evt-1"),
                "webhook-timestamp", List.of(String.valueOf(now)),
                "webhook-signature", List.of(signature));
        assertThatCode(() -> new Webhook(secret).verify(body, headers)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnyOfSeveralSignaturesAsDuringARotation() throws Exception {
        String oldSecret = WebhookSignature.newSecret(new SecureRandom(), 32);
        String newSecret = WebhookSignature.newSecret(new SecureRandom(), 32);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        String header = WebhookSignature.forSecret(oldSecret).sign("id", now.getEpochSecond(), body) + " "
                + WebhookSignature.forSecret(newSecret).sign("id", now.getEpochSecond(), body);

        assertThat(WebhookSignature.forSecret(newSecret)
                .verify("id", String.valueOf(now.getEpochSecond()), header, body, now, Duration.ofMinutes(5)))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void refusesATamperedBodyAnOldTimestampAndMissingHeaders() {
        WebhookSignature signature = WebhookSignature.forSecret(SPEC_SECRET);
        byte[] body = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);
        Instant atSpecTime = Instant.ofEpochSecond(SPEC_TIMESTAMP);

        assertThat(signature.verify(SPEC_ID, String.valueOf(SPEC_TIMESTAMP), SPEC_SIGNATURE,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), atSpecTime, Duration.ofMinutes(5)))
                .isEqualTo(Verification.NO_MATCHING_SIGNATURE);
        assertThat(signature.verify(SPEC_ID, String.valueOf(SPEC_TIMESTAMP), SPEC_SIGNATURE, body,
                atSpecTime.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5)))
                .isEqualTo(Verification.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(signature.verify(SPEC_ID, "yesterday", SPEC_SIGNATURE, body, atSpecTime, Duration.ofMinutes(5)))
                .isEqualTo(Verification.BAD_TIMESTAMP);
        assertThat(signature.verify(null, String.valueOf(SPEC_TIMESTAMP), SPEC_SIGNATURE, body, atSpecTime,
                Duration.ofMinutes(5))).isEqualTo(Verification.MISSING_HEADERS);
    }

    @Test
    void refusesSecretsThatAreTooShortOrNotBase64() {
        assertThatThrownBy(() -> WebhookSignature.forSecret("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.forSecret("whsec_***")).isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSignature.newSecret(new SecureRandom(), 24)).startsWith("whsec_");
    }

    @Test
    void aNewSecretHoldsTwentyFourToSixtyFourRandomBytes() {
        SecureRandom random = new SecureRandom();
        for (int bytes : new int[] {24, 64}) {
            String secret = WebhookSignature.newSecret(random, bytes);
            byte[] key = java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
            assertThat(key).hasSize(bytes);
            assertThat(key).as("random, not zeros").isNotEqualTo(new byte[bytes]);
        }
        assertThat(WebhookSignature.newSecret(random, 32)).isNotEqualTo(WebhookSignature.newSecret(random, 32));
        for (int bytes : new int[] {23, 65}) {
            assertThatThrownBy(() -> WebhookSignature.newSecret(random, bytes))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTimestampExactlyAtTheToleranceIsAcceptedAndOneSecondBeyondIsNot() {
        WebhookSignature signature = WebhookSignature.forSecret(WebhookSignature.newSecret(new SecureRandom(), 32));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Instant signedAt = Instant.parse("2026-12-05T00:00:00Z");
        String header = signature.sign("msg_1", signedAt.getEpochSecond(), body);
        String timestamp = String.valueOf(signedAt.getEpochSecond());
        for (Duration offset : List.of(Duration.ofMinutes(5), Duration.ofMinutes(5).negated())) {
            assertThat(signature.verify("msg_1", timestamp, header, body, signedAt.plus(offset), Duration.ofMinutes(5)))
                    .isEqualTo(Verification.VALID);
            Duration beyond = offset.isNegative() ? offset.minusSeconds(1) : offset.plusSeconds(1);
            assertThat(signature.verify("msg_1", timestamp, header, body, signedAt.plus(beyond), Duration.ofMinutes(5)))
                    .isEqualTo(Verification.TIMESTAMP_OUT_OF_TOLERANCE);
        }
    }
}
