package jp.renkei.consultation.opinion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Rotating the personal-data key: old records open during the rotation and are sealed again with the new key. */
class SubmitterVaultRotationIntegrationTest extends ConsultationServiceIntegrationTest {

    private static final String OLD = Base64.getEncoder().encodeToString(key(7));
    private static final String NEW = Base64.getEncoder().encodeToString(key(8));

    @Autowired
    MongoTemplate mongo;
    @Autowired
    JsonMapper json;

    @Test
    void recordsOfThePreviousKeyOpenAndAreSealedAgainUntilTheOldKeyCanGo() {
        SubmitterVault before = new SubmitterVault(mongo, cipher(OLD), json);
        for (int i = 0; i < 3; i++) {
            before.store("rotation-" + i, "rotation-case", "hash-" + i, new Submitter("網走 " + i, "網走市", null, null),
                    Instant.EPOCH);
        }
        SubmitterVault rotating = new SubmitterVault(mongo, cipher(NEW, OLD), json);
        SubmitterVault afterwards = new SubmitterVault(mongo, cipher(NEW), json);
        assertThat(rotating.find("rotation-1")).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("網走 1"));
        assertThatThrownBy(() -> afterwards.find("rotation-1")).isInstanceOf(IllegalStateException.class);

        int resealed = 0;
        for (int batch = rotating.resealWithCurrentKey(2); batch > 0; batch = rotating.resealWithCurrentKey(2)) {
            resealed += batch;
        }

        assertThat(resealed).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(afterwards.find("rotation-" + i)).hasValueSatisfying(s -> assertThat(s.name()).startsWith("網走"));
            Document stored = mongo.findById("rotation-" + i, Document.class, "submitters");
            assertThat(stored.getString("keyId")).isEqualTo(cipher(NEW).keyId());
        }
    }

    private static PersonalDataCipher cipher(String current, String... previous) {
        return new PersonalDataCipher(new PersonalDataProperties(current, null, List.of(previous), Duration.ofDays(365),
                Duration.ofHours(1)));
    }

    private static byte[] key(int value) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) value);
        return key;
    }
}
