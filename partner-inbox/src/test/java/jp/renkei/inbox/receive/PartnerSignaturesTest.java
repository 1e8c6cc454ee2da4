package jp.renkei.inbox.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.inbox.receive.PartnerSignatures.Outcome;
import org.junit.jupiter.api.Test;

/** What Renkei's sender signs, the Standard Webhooks library verifies: across secrets, signatures and the clock. */
class PartnerSignaturesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OLD = WebhookSignature.newSecret(RANDOM, 32);
    private static final String NEW = WebhookSignature.newSecret(RANDOM, 32);
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"id\":\"evt-1\",\"data\":{\"title\":\"広域連携\"}}".getBytes(StandardCharsets.UTF_8);

    private final PartnerSignatures rotating = new PartnerSignatures(List.of(OLD, " " + NEW + " "));

    @Test
    void aSignatureOfEitherSecretInTheRotationIsValid() {
        assertThat(check(sign(OLD, "evt-1", NOW, BODY), NOW)).isEqualTo(Outcome.VALID);
        assertThat(check(sign(NEW, "evt-1", NOW, BODY), NOW)).isEqualTo(Outcome.VALID);
        assertThat(check("v1,bm90IGEgc2lnbmF0dXJl " + sign(NEW, "evt-1", NOW, BODY), NOW)).isEqualTo(Outcome.VALID);
    }

    @Test
    void aSignatureOfAnotherSecretIdOrBodyMatchesNothing() {
        String other = WebhookSignature.newSecret(RANDOM, 32);
        assertThat(check(sign(other, "evt-1", NOW, BODY), NOW)).isEqualTo(Outcome.NO_MATCHING_SIGNATURE);
        assertThat(check(sign(OLD, "evt-2", NOW, BODY), NOW)).isEqualTo(Outcome.NO_MATCHING_SIGNATURE);
        assertThat(check(sign(OLD, "evt-1", NOW, "{}".getBytes(StandardCharsets.UTF_8)), NOW))
                .isEqualTo(Outcome.NO_MATCHING_SIGNATURE);
        assertThat(check("v1,", NOW)).isEqualTo(Outcome.NO_MATCHING_SIGNATURE);
    }

    @Test
    void theTimestampIsCheckedAgainstTheInboxClockWithItsTolerance() {
        String signed = sign(OLD, "evt-1", NOW, BODY);
        assertThat(check(signed, NOW.plusSeconds(300))).isEqualTo(Outcome.VALID);
        assertThat(check(signed, NOW.minusSeconds(300))).isEqualTo(Outcome.VALID);
        assertThat(check(signed, NOW.plusSeconds(301))).isEqualTo(Outcome.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(check(signed, NOW.minusSeconds(301))).isEqualTo(Outcome.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(rotating.check("evt-1", "yesterday", signed, BODY, NOW, TOLERANCE)).isEqualTo(Outcome.BAD_TIMESTAMP);
    }

    @Test
    void aBodyThatIsNotUtf8IsToldApart() {
        byte[] latin1 = "{\"title\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rotating.check("evt-1", Long.toString(NOW.getEpochSecond()), sign(OLD, "evt-1", NOW, latin1),
                latin1, NOW, TOLERANCE)).isEqualTo(Outcome.BODY_NOT_UTF8);
    }

    private Outcome check(String signatureHeader, Instant now) {
        return rotating.check("evt-1", Long.toString(NOW.getEpochSecond()), signatureHeader, BODY, now, TOLERANCE);
    }

    private static String sign(String secret, String id, Instant at, byte[] body) {
        return WebhookSignature.forSecret(secret).sign(id, at.getEpochSecond(), body);
    }
}
