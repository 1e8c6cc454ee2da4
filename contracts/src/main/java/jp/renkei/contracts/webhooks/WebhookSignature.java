package jp.renkei.contracts.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook requests as the Standard Webhooks specification defines them: the signed content is
 * {@code webhook-id.webhook-timestamp.body}, the signature {@code v1,<base64 HMAC-SHA256>}, and the secret
 * {@code whsec_<base64 key>}. Used by regional-sync-service to sign and by partner-inbox to verify, so both ends
 * share one reading of the spec.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    /** How far a timestamp may lie from the receiver's clock before the request counts as a replay. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /**
     * @param secret {@code whsec_} followed by the base64 key (the prefix is optional, as in the reference libraries)
     * @throws IllegalArgumentException if the key is not base64 or shorter than 24 bytes
     */
    public static WebhookSignature forSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret is not base64 after the whsec_ prefix");
        }
        if (key.length < 24) {
            throw new IllegalArgumentException("webhook secret must hold at least 24 bytes of key material");
        }
        return new WebhookSignature(key);
    }

    /** A new secret of {@code bytes} random bytes (24 to 64), in the {@code whsec_} form. */
    public static String newSecret(java.security.SecureRandom random, int bytes) {
        if (bytes < 24 || bytes > 64) {
            throw new IllegalArgumentException("secret length must be 24 to 64 bytes");
        }
        byte[] key = new byte[bytes];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The value of one signature, {@code v1,<base64>}, for the given message. */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(messageId, timestampSeconds, body));
    }

    /**
     * Checks the signature header (one or more space-separated {@code v1,…} values, as during a secret rotation)
     * and the timestamp's distance from {@code now}.
     */
    public Verification verify(String messageId, String timestampHeader, String signatureHeader, byte[] body,
                               Instant now, Duration tolerance) {
        if (messageId == null || messageId.isBlank() || timestampHeader == null || signatureHeader == null) {
            return Verification.MISSING_HEADERS;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verification.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verification.TIMESTAMP_OUT_OF_TOLERANCE;
        }
        byte[] expected = mac(messageId, timestamp, body);
        for (String candidate : List.of(signatureHeader.trim().split(" +"))) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return Verification.VALID;
            }
        }
        return Verification.NO_MATCHING_SIGNATURE;
    }

    private byte[] mac(String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The outcome of a verification; only {@link #VALID} lets a receiver accept the request. */
    public enum Verification {
        VALID, MISSING_HEADERS, BAD_TIMESTAMP, TIMESTAMP_OUT_OF_TOLERANCE, NO_MATCHING_SIGNATURE
    }
}
