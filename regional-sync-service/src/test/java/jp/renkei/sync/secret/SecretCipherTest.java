package jp.renkei.sync.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSecretRoundTripsAndIsNeverStoredAsItself() {
        SecretCipher cipher = new SecretCipher(key());
        String stored = cipher.encrypt(SECRET, "ozora-1");
        assertThat(stored).startsWith("enc:v1:").doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
        assertThat(cipher.encrypt(SECRET, "ozora-1")).isNotEqualTo(stored);
        assertThat(cipher.decrypt(stored, "ozora-1")).isEqualTo(SECRET);
        assertThat(cipher.decrypt(cipher.encrypt("全角１２３①", "e"), "e")).isEqualTo("全角１２３①");
        assertThat(cipher.encrypt(null, "e")).isNull();
    }

    @Test
    void aSecretDecryptsOnlyWithItsKeyAndForItsEndpoint() {
        SecretCipher cipher = new SecretCipher(key());
        String stored = cipher.encrypt(SECRET, "ozora-1");
        assertThatThrownBy(() -> cipher.decrypt(stored, "okhotsk-council-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher(key()).decrypt(stored, "ozora-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(SECRET, "ozora-1")).hasMessageContaining("not encrypted");
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).hasMessageContaining("32 bytes");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
