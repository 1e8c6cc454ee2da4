package jp.renkei.support.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyringTest {

    private static final byte[] OLD = key(1);
    private static final byte[] CURRENT = key(2);

    @Test
    void aKeyIdIsTheFirstEightBytesOfAPurposeBoundDigestAndRevealsNothingOfTheKey() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("key-id".getBytes(StandardCharsets.US_ASCII));
        String expected = HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(CURRENT), 8));

        assertThat(Keyring.keyId(CURRENT)).isEqualTo(expected).hasSize(16);
        assertThat(Keyring.keyId(OLD)).isNotEqualTo(Keyring.keyId(CURRENT));
        assertThat(Keyring.derive(CURRENT, "a")).hasSize(32).isNotEqualTo(Keyring.derive(CURRENT, "b"))
                .isNotEqualTo(Keyring.derive(OLD, "a")).isNotEqualTo(CURRENT);
    }

    @Test
    void valuesAreSealedWithTheCurrentKeyAndOpenWithWhicheverKeyOfTheRingTheirIdNames() {
        Keyring before = new Keyring(OLD, List.of());
        String sealedLongAgo = before.seal("網走 太郎", "opinion-1");
        Keyring rotated = new Keyring(CURRENT, List.of(OLD));

        assertThat(rotated.currentKeyId()).isEqualTo(Keyring.keyId(CURRENT));
        assertThat(rotated.previousKeyIds()).containsExactly(Keyring.keyId(OLD));
        assertThat(rotated.open(before.currentKeyId(), sealedLongAgo, "opinion-1")).isEqualTo("網走 太郎");
        String sealedNow = rotated.seal("網走 花子", "opinion-2");
        assertThat(new AesGcm(CURRENT).open(sealedNow, "opinion-2")).isEqualTo("網走 花子");
        assertThat(rotated.open(rotated.currentKeyId(), sealedNow, "opinion-2")).isEqualTo("網走 花子");
        assertThatThrownBy(() -> rotated.open(rotated.currentKeyId(), sealedLongAgo, "opinion-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Keyring(CURRENT, List.of()).open(before.currentKeyId(), sealedLongAgo,
                "opinion-1")).isInstanceOf(IllegalStateException.class).hasMessageContaining(before.currentKeyId());
        // the current key listed among the previous ones too is still only the current one
        assertThat(new Keyring(CURRENT, List.of(CURRENT, OLD)).previousKeyIds()).containsExactly(Keyring.keyId(OLD));
    }

    @Test
    void previousKeysAreReadInOrderSkippingBlanksAndABadOneIsNamedWithoutItsValue() {
        String old = Base64.getEncoder().encodeToString(OLD);
        String older = Base64.getEncoder().encodeToString(key(3));

        assertThat(KeyMaterial.previous(null, "renkei.test.previous-keys")).isEmpty();
        assertThat(KeyMaterial.previous(List.of(), "renkei.test.previous-keys")).isEmpty();
        assertThat(KeyMaterial.previous(Arrays.asList(" " + old + " ", "", null, "  ", older),
                "renkei.test.previous-keys")).satisfiesExactly(
                        first -> assertThat(first).isEqualTo(OLD),
                        second -> assertThat(second).isEqualTo(key(3)));
        assertThatThrownBy(() -> KeyMaterial.previous(List.of(old, "AAAA"), "renkei.test.previous-keys"))
                .hasMessageContaining("renkei.test.previous-keys[1]").hasMessageNotContaining("AAAA");
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[AesGcm.KEY_BYTES];
        Arrays.fill(key, (byte) seed);
        key[0] = (byte) (seed * 31);
        return key;
    }
}
