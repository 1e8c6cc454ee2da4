package jp.renkei.inbox.receive;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One partner's signing secrets, checked with the Standard Webhooks reference library ({@code com.standardwebhooks}),
 * the one a partner copying this inbox would use. During a rotation a partner has several secrets, and a request may
 * carry several signatures: any secret's signature among them is enough.
 *
 * <p>The library computes the signatures; the timestamp is checked here, against this inbox's clock and its
 * configured tolerance, because the library's own {@code verify} checks it against the system time with a fixed five
 * minutes.
 */
final class PartnerSignatures {

    /** What a request's signature headers and body come to; only {@link #VALID} lets the inbox accept it. */
    enum Outcome {
        VALID, BAD_TIMESTAMP, TIMESTAMP_OUT_OF_TOLERANCE, BODY_NOT_UTF8, NO_MATCHING_SIGNATURE
    }

    private final List<Webhook> secrets;

    /** @param secrets {@code whsec_…} secrets, already checked by {@code InboxProperties} */
    PartnerSignatures(List<String> secrets) {
        this.secrets = secrets.stream().map(secret -> new Webhook(secret.trim())).toList();
    }

    Outcome check(String webhookId, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                  Duration tolerance) {
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Outcome.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Outcome.TIMESTAMP_OUT_OF_TOLERANCE;
        }
        // the library signs text; a body that is not UTF-8 would be signed as other bytes than were sent
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Outcome.BODY_NOT_UTF8;
        }
        List<String> given = List.of(signatureHeader.trim().split(" +"));
        for (Webhook secret : secrets) {
            byte[] expected = sign(secret, webhookId, timestamp, payload);
            for (String candidate : given) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return Outcome.VALID;
                }
            }
        }
        return Outcome.NO_MATCHING_SIGNATURE;
    }

    /** The {@code v1,<base64>} signature the secret gives the message. */
    private static byte[] sign(Webhook secret, String webhookId, long timestamp, String payload) {
        try {
            return secret.sign(webhookId, timestamp, payload).getBytes(StandardCharsets.US_ASCII);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
