package jp.renkei.support.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    @Test
    void theKeyFileIsMadeOnceForTheOwnerOnlyAndReadAfterwards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets").resolve("data.key");
        byte[] first = KeyMaterial.load(null, file, "renkei.test.key");
        assertThat(first).hasSize(32).as("random, not zeros").isNotEqualTo(new byte[32]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyMaterial.load("", file, "renkei.test.key")).isEqualTo(first);
        assertThat(dir.resolve("secrets")).isDirectoryContaining(path -> path.getFileName().toString().equals("data.key"));
    }

    @Test
    void aConfiguredKeyWinsAndABadOneIsNamedWithoutItsValue(@TempDir Path dir) {
        byte[] configured = new byte[32];
        new SecureRandom().nextBytes(configured);
        Path file = dir.resolve("data.key");
        assertThat(KeyMaterial.load(Base64.getEncoder().encodeToString(configured), file, "renkei.test.key"))
                .isEqualTo(configured);
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> KeyMaterial.load("not base64!", file, "renkei.test.key"))
                .hasMessage("renkei.test.key is not base64");
        assertThatThrownBy(() -> KeyMaterial.load(Base64.getEncoder().encodeToString(new byte[16]), file,
                "renkei.test.key")).hasMessageContaining("32 bytes").hasMessageNotContaining("AAAA");
    }

    @Test
    void aSealedValueOpensOnlyWithItsKeyAndForItsRecord() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AesGcm aes = new AesGcm(key);
        String plaintext = "網走 太郎　全角１２３①";
        String sealed = aes.seal(plaintext, "opinion-1");
        // the sealed form is base64, which can never show a kanji: the plaintext's bytes must be absent once decoded
        byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = Base64.getDecoder().decode(sealed);
        assertThat(decoded).as("nonce, ciphertext and tag").hasSize(12 + plain.length + 16);
        assertThat(indexOf(decoded, plain)).as("the plaintext's bytes inside the sealed value").isEqualTo(-1);
        assertThat(indexOf(decoded, Arrays.copyOf(plain, 6))).as("its first two characters").isEqualTo(-1);
        // a sealed value changed by one bit does not open: the tag protects it
        byte[] tampered = decoded.clone();
        tampered[12] ^= 1;
        assertThatThrownBy(() -> aes.open(Base64.getEncoder().encodeToString(tampered), "opinion-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(aes.open(sealed, "opinion-1")).isEqualTo(plaintext);
        assertThat(aes.seal("x", "a")).isNotEqualTo(aes.seal("x", "a"));
        assertThatThrownBy(() -> aes.open(sealed, "opinion-2")).isInstanceOf(IllegalStateException.class);
        byte[] other = key.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> new AesGcm(other).open(sealed, "opinion-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> aes.open("%%%", "opinion-1")).isInstanceOf(IllegalStateException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return start;
            }
        }
        return -1;
    }
}
