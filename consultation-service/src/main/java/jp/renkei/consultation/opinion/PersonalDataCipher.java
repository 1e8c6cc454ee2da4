package jp.renkei.consultation.opinion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for personal data at rest. Each value gets a fresh 96-bit nonce; the opinion id is bound in as
 * associated data, so a sealed record copied onto another opinion does not open. A key id (a fingerprint of the key,
 * not the key) is stored with each record, for rotation.
 */
@Component
public class PersonalDataCipher {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataCipher.class);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecretKey fingerprintKey;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataCipher(PersonalDataProperties properties) {
        byte[] raw = properties.key() != null && !properties.key().isBlank()
                ? decode(properties.key()) : fromFile(properties.keyFile());
        this.key = new SecretKeySpec(raw, "AES");
        this.fingerprintKey = new SecretKeySpec(derive(raw, "fingerprint"), "HmacSHA256");
        this.keyId = HexFormat.of().formatHex(derive(raw, "key-id"), 0, 8);
    }

    public String keyId() {
        return keyId;
    }

    public String seal(String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String open(String sealed, String associatedData) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("personal data could not be decrypted (wrong key or tampered record)", e);
        }
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

    private static byte[] decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("renkei.consultation.personal-data.key is not base64");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException("renkei.consultation.personal-data.key must be 32 bytes (AES-256), is "
                    + raw.length);
        }
        return raw;
    }

    private byte[] fromFile(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            byte[] raw = new byte[KEY_BYTES];
            random.nextBytes(raw);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.warn("could not restrict the permissions of {}", file);
            }
            log.warn("generated a new personal-data key in {}; set renkei.consultation.personal-data.key in production",
                    file.toAbsolutePath());
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the personal-data key file " + file, e);
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
