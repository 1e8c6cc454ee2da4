package jp.renkei.consultation.opinion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalDataCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void sealedTextOpensOnlyForItsOwnOpinionAndHidesThePlaintext() {
        PersonalDataCipher cipher = new PersonalDataCipher(props(KEY, null));

        String sealed = cipher.seal("{\"name\":\"網走 太郎\"}", "opinion-1");

        assertThat(new String(Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("網走");
        assertThat(cipher.open(cipher.keyId(), sealed, "opinion-1")).isEqualTo("{\"name\":\"網走 太郎\"}");
        assertThat(cipher.seal("same", "a")).isNotEqualTo(cipher.seal("same", "a"));
        assertThatThrownBy(() -> cipher.open(cipher.keyId(), sealed, "opinion-2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFingerprintComparesTwoTextsWithoutKeepingThemAndDependsOnTheKey() {
        PersonalDataCipher cipher = new PersonalDataCipher(props(KEY, null));
        String fingerprint = cipher.fingerprint("網走 太郎の意見");

        assertThat(fingerprint).isEqualTo(cipher.fingerprint("網走 太郎の意見"))
                .isNotEqualTo(cipher.fingerprint("網走 太郎の意見。")).doesNotContain("網走");
        assertThat(Base64.getDecoder().decode(fingerprint)).hasSize(32);
        byte[] otherKey = Base64.getDecoder().decode(KEY);
        otherKey[0] ^= 1;
        assertThat(new PersonalDataCipher(props(Base64.getEncoder().encodeToString(otherKey), null))
                .fingerprint("網走 太郎の意見")).isNotEqualTo(fingerprint);
    }

    @Test
    void withoutAKeyOneIsGeneratedOnceIntoTheKeyFileAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/personal-data.key");
        PersonalDataCipher first = new PersonalDataCipher(props("", file));
        String sealed = first.seal("秘密", "o");

        PersonalDataCipher afterRestart = new PersonalDataCipher(props(null, file));

        assertThat(afterRestart.open(first.keyId(), sealed, "o")).isEqualTo("秘密");
        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> new PersonalDataCipher(props(
                Base64.getEncoder().encodeToString(new byte[16]), null))).hasMessageContaining("32 bytes");
    }

    @Test
    void duringARotationRecordsOfThePreviousKeyStillOpenAndNewOnesAreSealedWithTheCurrentKey() {
        String oldKey = Base64.getEncoder().encodeToString(filled(1));
        String newKey = Base64.getEncoder().encodeToString(filled(2));
        PersonalDataCipher before = new PersonalDataCipher(props(oldKey, null));
        String sealedBefore = before.seal("網走 花子", "opinion-9");

        PersonalDataCipher rotating = new PersonalDataCipher(new PersonalDataProperties(newKey, null, List.of(oldKey),
                Duration.ofDays(365), Duration.ofHours(1)));

        assertThat(rotating.keyId()).isNotEqualTo(before.keyId());
        assertThat(rotating.previousKeyIds()).containsExactly(before.keyId());
        assertThat(rotating.open(before.keyId(), sealedBefore, "opinion-9")).isEqualTo("網走 花子");
        String sealedNow = rotating.seal("網走 花子", "opinion-9");
        assertThatThrownBy(() -> before.open(rotating.keyId(), sealedNow, "opinion-9"))
                .hasMessageContaining(rotating.keyId()).hasMessageNotContaining(newKey);
        assertThatThrownBy(() -> new PersonalDataCipher(props(newKey, null)).open(before.keyId(), sealedBefore,
                "opinion-9")).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) value);
        return key;
    }

    private static PersonalDataProperties props(String key, Path keyFile) {
        return new PersonalDataProperties(key, keyFile, List.of(), Duration.ofDays(365), Duration.ofHours(1));
    }
}
