package jp.renkei.sync.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSecretRoundTripsAndIsNeverStoredAsItself() {
        SecretCipher cipher = new SecretCipher(key(), List.of());
        String stored = cipher.encrypt(SECRET, "ozora-1");
        assertThat(stored).startsWith("enc:v1:").doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
        assertThat(cipher.encrypt(SECRET, "ozora-1")).isNotEqualTo(stored);
        assertThat(cipher.decrypt(cipher.keyId(), stored, "ozora-1")).isEqualTo(SECRET);
        assertThat(cipher.decrypt(cipher.keyId(), cipher.encrypt("全角１２３①", "e"), "e")).isEqualTo("全角１２３①");
        assertThat(cipher.encrypt(null, "e")).isNull();
    }

    @Test
    void aSecretDecryptsOnlyWithItsKeyAndForItsEndpoint() {
        SecretCipher cipher = new SecretCipher(key(), List.of());
        String stored = cipher.encrypt(SECRET, "ozora-1");
        assertThatThrownBy(() -> cipher.decrypt(cipher.keyId(), stored, "okhotsk-council-1"))
                .isInstanceOf(IllegalStateException.class);
        SecretCipher another = new SecretCipher(key(), List.of());
        assertThatThrownBy(() -> another.decrypt(cipher.keyId(), stored, "ozora-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> another.decrypt(null, stored, "ozora-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(cipher.keyId(), SECRET, "ozora-1")).hasMessageContaining("not encrypted");
        assertThatThrownBy(() -> new SecretCipher(new byte[16], List.of())).hasMessageContaining("32 bytes");
    }

    @Test
    void aNewKeySealsWhileThePreviousKeyStillOpensWhatItSealed() {
        byte[] oldKey = key();
        SecretCipher before = new SecretCipher(oldKey, List.of());
        String sealedBefore = before.encrypt(SECRET, "ozora-1");

        SecretCipher rotated = new SecretCipher(key(), List.of(oldKey));
        assertThat(rotated.keyId()).isNotEqualTo(before.keyId());
        assertThat(rotated.previousKeyIds()).containsExactly(before.keyId());
        assertThat(rotated.decrypt(before.keyId(), sealedBefore, "ozora-1")).isEqualTo(SECRET);
        String sealedAfter = rotated.encrypt(SECRET, "ozora-1");
        assertThat(rotated.decrypt(rotated.keyId(), sealedAfter, "ozora-1")).isEqualTo(SECRET);
        // what the new key sealed, the old key alone does not open
        assertThatThrownBy(() -> before.decrypt(rotated.keyId(), sealedAfter, "ozora-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Records from before key ids were stored say nothing of their key: every key of the ring is tried. */
    @Test
    void aRecordWithoutKeyIdOpensWithWhicheverKeyOfTheRingSealedIt() {
        byte[] oldKey = key();
        String sealedBefore = new SecretCipher(oldKey, List.of()).encrypt(SECRET, "ozora-1");
        SecretCipher rotated = new SecretCipher(key(), List.of(key(), oldKey));
        assertThat(rotated.decrypt(null, sealedBefore, "ozora-1")).isEqualTo(SECRET);
        assertThat(rotated.decrypt(null, rotated.encrypt(SECRET, "ozora-1"), "ozora-1")).isEqualTo(SECRET);
        assertThatThrownBy(() -> rotated.decrypt(null, sealedBefore, "okhotsk-council-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
