package jp.renkei.consultation.opinion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import jp.renkei.support.security.crypto.Keyring;
import jp.renkei.support.security.crypto.KeyMaterial;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for personal data at rest. Each value gets a fresh 96-bit nonce; the opinion id is bound in as
 * associated data, so a sealed record copied onto another opinion does not open. Each record is stored with the id of
 * the key that sealed it (a fingerprint, not the key), and opens with that key of the ring: the current key, or a
 * previous one while a rotation is under way.
 */
@Component
public class PersonalDataCipher {

    private final Keyring keys;
    private final SecretKey fingerprintKey;

    public PersonalDataCipher(PersonalDataProperties properties) {
        byte[] raw = KeyMaterial.load(properties.key(), properties.keyFile(), "renkei.consultation.personal-data.key");
        this.keys = new Keyring(raw, KeyMaterial.previous(properties.previousKeys(),
                "renkei.consultation.personal-data.previous-keys"));
        // fingerprints compare requests within their retry window only: they follow the current key
        this.fingerprintKey = new SecretKeySpec(Keyring.derive(raw, "fingerprint"), "HmacSHA256");
    }

    /** The id of the key that seals now. */
    public String keyId() {
        return keys.currentKeyId();
    }

    /** The ids of the previous keys, whose records are still to be sealed again. */
    public java.util.Set<String> previousKeyIds() {
        return keys.previousKeyIds();
    }

    public String seal(String plaintext, String associatedData) {
        return keys.seal(plaintext, associatedData);
    }

    /** @throws IllegalStateException when no configured key has that id, or the record was tampered with */
    public String open(String keyId, String sealed, String associatedData) {
        return keys.open(keyId, sealed, associatedData);
    }

    /** A keyed fingerprint: compares two requests without keeping what they said in a readable form. */
    public String fingerprint(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
