package jp.renkei.sync.secret;

import jp.renkei.support.security.crypto.AesGcm;

/**
 * Encrypts webhook signing secrets for storage, so a copy of the database (a backup, a dump handed to support) does
 * not let anyone sign webhooks in Abashiri's name. The stored form is {@code enc:v1:} and the AES-256-GCM sealed
 * value; the endpoint id is bound in, so a secret copied onto another endpoint does not decrypt.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";

    private final AesGcm aes;

    public SecretCipher(byte[] key) {
        this.aes = new AesGcm(key);
    }

    public String encrypt(String plaintext, String boundTo) {
        return plaintext == null ? null : PREFIX + aes.seal(plaintext, boundTo);
    }

    /**
     * @throws IllegalStateException when the stored value was not encrypted with this key for {@code boundTo}
     */
    public String decrypt(String stored, String boundTo) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("a stored secret is not encrypted (expected the " + PREFIX + " form)");
        }
        return aes.open(stored.substring(PREFIX.length()), boundTo);
    }
}
