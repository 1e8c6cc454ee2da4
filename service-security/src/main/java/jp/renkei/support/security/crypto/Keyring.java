package jp.renkei.support.security.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AES-256-GCM keys for values stored at rest, for rotation without downtime: values are sealed with the current key
 * and stored with its id; they open with whichever key of the ring their id names. Rotating is: make the new key
 * current and keep the old one as a previous key; once every stored value was sealed again with the current key
 * (the services do that in the background), drop the old one.
 *
 * <p>A key id is a fingerprint of the key — the first 8 bytes of SHA-256("key-id" ‖ key), in hex — never the key.
 */
public final class Keyring {

    private final String currentId;
    private final Map<String, AesGcm> keys = new LinkedHashMap<>();

    public Keyring(byte[] current, List<byte[]> previous) {
        this.currentId = keyId(current);
        keys.put(currentId, new AesGcm(current));
        for (byte[] old : previous) {
            keys.putIfAbsent(keyId(old), new AesGcm(old));
        }
    }

    public static String keyId(byte[] key) {
        return HexFormat.of().formatHex(derive(key, "key-id"), 0, 8);
    }

    /** SHA-256 of {@code purpose} and the key: a value for one purpose that reveals neither the key nor another's. */
    public static byte[] derive(byte[] key, String purpose) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(purpose.getBytes(StandardCharsets.US_ASCII));
            return sha256.digest(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String currentKeyId() {
        return currentId;
    }

    /** The ids of the previous keys: what a rotation still has to seal again. */
    public java.util.Set<String> previousKeyIds() {
        java.util.Set<String> previous = new java.util.LinkedHashSet<>(keys.keySet());
        previous.remove(currentId);
        return previous;
    }

    /** Sealed with the current key; store {@link #currentKeyId()} beside it. */
    public String seal(String plaintext, String associatedData) {
        return keys.get(currentId).seal(plaintext, associatedData);
    }

    /** @throws IllegalStateException when no key of the ring has that id, or the value does not open with it */
    public String open(String keyId, String sealed, String associatedData) {
        AesGcm key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("a stored value was sealed with key " + keyId + ", which is neither the "
                    + "current key nor one of the previous keys configured");
        }
        return key.open(sealed, associatedData);
    }
}
