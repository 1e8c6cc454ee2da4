package jp.renkei.sync.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.secret.SecretCipher;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Rotating the key of the stored webhook secrets on the real store: the new key seals, the previous one still opens,
 * and the background pass seals everything again with the new key, once per endpoint even with two instances.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class SecretRotationIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final SimpleMongoClientDatabaseFactory store = new SimpleMongoClientDatabaseFactory(
            RenkeiInfrastructure.shared().mongoUri("sync-rotation-" + UUID.randomUUID()));
    private final MongoTemplate mongo = new MongoTemplate(store);
    private final byte[] oldKey = key();
    private final byte[] newKey = key();

    @AfterEach
    void close() throws Exception {
        mongo.getDb().drop();
        store.destroy();
    }

    @Test
    void theNewKeySealsThePreviousStillOpensAndThePassResealsEveryEndpointUntilOnlyTheNewKeyIsNeeded() {
        PartnerDirectory before = new PartnerDirectory(mongo, new SecretCipher(oldKey, List.of()));
        Map<String, String> secrets = new HashMap<>();
        // more than one batch, so that the pass has to carry on where its last batch ended
        for (int i = 0; i < SecretResealing.BATCH * 2 + 30; i++) {
            String id = "ozora-" + i;
            secrets.put(id, WebhookSignature.newSecret(new SecureRandom(), 32));
            before.addEndpoint(Endpoint.create(id, "ozora", "https://ozora.example/hooks/" + i, secrets.get(id), NOW));
        }
        String rotatedSecret = WebhookSignature.newSecret(new SecureRandom(), 32);
        before.rotateSecret("ozora-0", rotatedSecret, secrets.get("ozora-0"), NOW.plusSeconds(3600));
        // a record from before key ids were stored
        mongo.updateFirst(query(where("_id").is("ozora-1")), new Update().unset("secretKeyId"),
                PartnerDirectory.ENDPOINTS);

        SecretCipher rotatedCipher = new SecretCipher(newKey, List.of(oldKey));
        PartnerDirectory after = new PartnerDirectory(mongo, rotatedCipher);
        assertThat(after.endpoint("ozora-0").orElseThrow().secret()).isEqualTo(rotatedSecret);
        assertThat(after.endpoint("ozora-0").orElseThrow().previousSecret()).isEqualTo(secrets.get("ozora-0"));
        assertThat(after.endpoint("ozora-1").orElseThrow().secret()).isEqualTo(secrets.get("ozora-1"));
        after.addEndpoint(Endpoint.create("okhotsk-1", "okhotsk-council", "https://okhotsk.example/h", "whsec_new",
                NOW));
        assertThat(stored("okhotsk-1").getString("secretKeyId")).isEqualTo(rotatedCipher.keyId());

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SecretResealing resealing = new SecretResealing(after, rotatedCipher, meters);
        assertThat(resealing.resealAll()).isEqualTo(secrets.size());
        assertThat(meters.get("renkei.sync.secrets.not.current.key").gauge().value()).isZero();
        assertThat(resealing.resealAll()).as("a second pass finds nothing left").isZero();

        PartnerDirectory newKeyOnly = new PartnerDirectory(mongo, new SecretCipher(newKey, List.of()));
        secrets.forEach((id, secret) -> {
            assertThat(stored(id).getString("secretKeyId")).isEqualTo(rotatedCipher.keyId());
            assertThat(newKeyOnly.endpoint(id).orElseThrow().secret())
                    .isEqualTo(id.equals("ozora-0") ? rotatedSecret : secret);
        });
        assertThat(newKeyOnly.endpoint("ozora-0").orElseThrow().previousSecret()).isEqualTo(secrets.get("ozora-0"));
        assertThatThrownBy(() -> before.endpoint("ozora-2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoInstancesPassingAtOnceSealEachEndpointOnce() throws Exception {
        PartnerDirectory before = new PartnerDirectory(mongo, new SecretCipher(oldKey, List.of()));
        Map<String, String> secrets = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String id = "council-" + i;
            secrets.put(id, WebhookSignature.newSecret(new SecureRandom(), 32));
            before.addEndpoint(Endpoint.create(id, "okhotsk-council", "https://okhotsk.example/" + i, secrets.get(id),
                    NOW));
        }
        List<CompletableFuture<Integer>> passes = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            SecretCipher cipher = new SecretCipher(newKey, List.of(oldKey));
            SecretResealing resealing = new SecretResealing(new PartnerDirectory(mongo, cipher), cipher,
                    new SimpleMeterRegistry());
            passes.add(CompletableFuture.supplyAsync(resealing::resealAll));
        }
        int resealed = 0;
        for (CompletableFuture<Integer> pass : passes) {
            resealed += pass.get(60, TimeUnit.SECONDS);
        }
        assertThat(resealed).isEqualTo(secrets.size());
        PartnerDirectory newKeyOnly = new PartnerDirectory(mongo, new SecretCipher(newKey, List.of()));
        secrets.forEach((id, secret) -> assertThat(newKeyOnly.endpoint(id).orElseThrow().secret()).isEqualTo(secret));
    }

    @Test
    void anEndpointNoConfiguredKeyOpensIsLeftAsItIsAndCounted() {
        new PartnerDirectory(mongo, new SecretCipher(key(), List.of())).addEndpoint(
                Endpoint.create("fire-1", "abashiri-fire-union", "https://fire.example/h", "whsec_lost", NOW));
        new PartnerDirectory(mongo, new SecretCipher(oldKey, List.of())).addEndpoint(
                Endpoint.create("fire-2", "abashiri-fire-union", "https://fire.example/h2", "whsec_kept", NOW));
        Document unopenable = stored("fire-1");

        SecretCipher cipher = new SecretCipher(newKey, List.of(oldKey));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        assertThat(new SecretResealing(new PartnerDirectory(mongo, cipher), cipher, meters).resealAll()).isEqualTo(1);
        assertThat(meters.get("renkei.sync.secrets.not.current.key").gauge().value()).isEqualTo(1);
        assertThat(stored("fire-1")).isEqualTo(unopenable);
        assertThat(stored("fire-2").getString("secretKeyId")).isEqualTo(cipher.keyId());
    }

    private Document stored(String endpointId) {
        return mongo.findById(endpointId, Document.class, PartnerDirectory.ENDPOINTS);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
