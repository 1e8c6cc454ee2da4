package jp.renkei.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The form of a key: {@code rk_} and 43 characters of base64url (32 random bytes). Its first 12 characters after
 * {@code rk_} are the lookup prefix (the stored id); the whole key is stored only as its SHA-256, which is enough for
 * a key of this entropy (no slow hash needed: there is nothing to guess).
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "rk_";
    static final int LOOKUP_LENGTH = 12;
    private static final Pattern FORM = Pattern.compile("rk_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean looksLikeKey(String candidate) {
        return candidate != null && FORM.matcher(candidate).matches();
    }

    /** The stored id of a key of the right form. */
    public static String lookupId(String key) {
        return key.substring(PREFIX.length(), PREFIX.length() + LOOKUP_LENGTH);
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Compares in constant time, so the answer's timing says nothing about how much of a guess was right. */
    static boolean matches(String key, String storedSha256) {
        return MessageDigest.isEqual(sha256(key).getBytes(StandardCharsets.US_ASCII),
                storedSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
