package jp.renkei.sync.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.renkei.support.security.crypto.Keyring;

/**
 * Encrypts webhook signing secrets for storage, so a copy of the database (a backup, a dump handed to support) does
 * not let anyone sign webhooks in Abashiri's name. The stored form is {@code enc:v1:} and the AES-256-GCM sealed
 * value; the endpoint id is bound in, so a secret copied onto another endpoint does not decrypt.
 *
 * <p>The keys are a {@link Keyring}: secrets are sealed with the current key, and the record keeps the id of the key
 * that sealed it (a fingerprint, not the key) beside the sealed value; previous keys still open what they sealed
 * while a rotation is under way. The sealed form itself is unchanged, so a version that knows only one key still
 * opens what this one seals with that key.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";

    private final Keyring keys;

    public SecretCipher(byte[] currentKey, List<byte[]> previousKeys) {
        this.keys = new Keyring(currentKey, previousKeys);
    }

    /** The id of the key that seals now: store it beside what {@link #encrypt} returns. */
    public String keyId() {
        return keys.currentKeyId();
    }

    /** The ids of the previous keys: records sealed with one of them are still to be sealed again. */
    public Set<String> previousKeyIds() {
        return keys.previousKeyIds();
    }

    public String encrypt(String plaintext, String boundTo) {
        return plaintext == null ? null : PREFIX + keys.seal(plaintext, boundTo);
    }

    /**
     * @param keyId the id stored beside the value; null for a record from before key ids were stored, which was
     *              sealed with one of the keys but nobody wrote down which: each is tried, the current key first
     * @throws IllegalStateException when the stored value was not encrypted with that key for {@code boundTo}
     */
    public String decrypt(String keyId, String stored, String boundTo) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("a stored secret is not encrypted (expected the " + PREFIX + " form)");
        }
        String sealed = stored.substring(PREFIX.length());
        if (keyId != null) {
            return keys.open(keyId, sealed, boundTo);
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(keys.currentKeyId());
        candidates.addAll(keys.previousKeyIds());
        IllegalStateException last = null;
        for (String candidate : candidates) {
            try {
                return keys.open(candidate, sealed, boundTo);
            } catch (IllegalStateException notThisKey) {
                last = notThisKey;
            }
        }
        throw last;
    }
}
