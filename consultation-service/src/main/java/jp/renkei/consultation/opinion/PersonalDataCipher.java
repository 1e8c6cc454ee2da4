package jp.renkei.consultation.opinion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import jp.renkei.support.security.crypto.AesGcm;
import jp.renkei.support.security.crypto.KeyMaterial;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for personal data at rest. Each value gets a fresh 96-bit nonce; the opinion id is bound in as
 * associated data, so a sealed record copied onto another opinion does not open. A key id (a fingerprint of the key,
 * not the key) is stored with each record, for rotation.
 */
@Component
public class PersonalDataCipher {

    private final AesGcm aes;
    private final SecretKey fingerprintKey;
    private final String keyId;

    public PersonalDataCipher(PersonalDataProperties properties) {
        byte[] raw = KeyMaterial.load(properties.key(), properties.keyFile(), "renkei.consultation.personal-data.key");
        this.aes = new AesGcm(raw);
        this.fingerprintKey = new SecretKeySpec(derive(raw, "fingerprint"), "HmacSHA256");
        this.keyId = HexFormat.of().formatHex(derive(raw, "key-id"), 0, 8);
    }

    public String keyId() {
        return keyId;
    }

    public String seal(String plaintext, String associatedData) {
        return aes.seal(plaintext, associatedData);
    }

    /** @throws IllegalStateException when the record was sealed with another key or tampered with */
    public String open(String sealed, String associatedData) {
        return aes.open(sealed, associatedData);
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

    private static byte[] derive(byte[] raw, String purpose) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(purpose.getBytes(StandardCharsets.US_ASCII));
            return sha256.digest(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
