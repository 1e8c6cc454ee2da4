package jp.renkei.consultation.opinion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalDataCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void sealedTextOpensOnlyForItsOwnOpinionAndHidesThePlaintext() {
        PersonalDataCipher cipher = new PersonalDataCipher(new PersonalDataProperties(KEY, null));

        String sealed = cipher.seal("{\"name\":\"網走 太郎\"}", "opinion-1");

        assertThat(new String(Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("網走");
        assertThat(cipher.open(sealed, "opinion-1")).isEqualTo("{\"name\":\"網走 太郎\"}");
        assertThat(cipher.seal("same", "a")).isNotEqualTo(cipher.seal("same", "a"));
        assertThatThrownBy(() -> cipher.open(sealed, "opinion-2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyOneIsGeneratedOnceIntoTheKeyFileAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/personal-data.key");
        PersonalDataCipher first = new PersonalDataCipher(new PersonalDataProperties("", file));
        String sealed = first.seal("秘密", "o");

        PersonalDataCipher afterRestart = new PersonalDataCipher(new PersonalDataProperties(null, file));

        assertThat(afterRestart.open(sealed, "o")).isEqualTo("秘密");
        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> new PersonalDataCipher(new PersonalDataProperties(
                Base64.getEncoder().encodeToString(new byte[16]), null))).hasMessageContaining("32 bytes");
    }
}
