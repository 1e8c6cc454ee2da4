package jp.renkei.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.access.Role;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** The key store against the embedded MongoDB-wire store, with a clock the test moves. */
@ExtendWith(RenkeiInfrastructureExtension.class)
class ApiKeysTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
    private MongoClient client;
    private ReactiveMongoTemplate mongo;
    private ApiKeys keys;

    @BeforeEach
    void store() {
        client = MongoClients.create(RenkeiInfrastructure.shared().mongoUri("gateway"));
        mongo = new ReactiveMongoTemplate(client, "gateway-keys-" + UUID.randomUUID());
        keys = new ApiKeys(mongo, clock, new ApiKeys.ApiKeyCacheProperties(Duration.ofSeconds(5), 1000));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aKeyWorksUntilItExpiresAndOnlyItsHashIsStored() {
        IssuedKey issued = keys.issue(new NewKey("企画課", EnumSet.of(Role.PLAN_EDITOR), null,
                clock.instant().plus(Duration.ofDays(30)))).block();

        Caller caller = keys.authenticate(issued.key()).block();
        assertThat(caller).isNotNull();
        assertThat(caller.subject()).isEqualTo("企画課");
        assertThat(caller.roles()).containsExactly(Role.PLAN_EDITOR);
        assertThat(caller.keyId()).isEqualTo(issued.details().id());
        Document stored = mongo.getCollection("api_keys").flatMap(c -> reactor.core.publisher.Mono.from(c.find().first()))
                .block();
        assertThat(stored.toJson()).doesNotContain(issued.key()).contains(ApiKeySecrets.sha256(issued.key()));
        assertThat(keys.get(issued.details().id()).block().lastUsedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofDays(31));
        assertThat(keys.authenticate(issued.key()).block()).isNull();
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndRevokingAgainKeepsTheFirstTime() {
        IssuedKey issued = keys.issue(new NewKey("ozora", EnumSet.of(Role.PARTNER), "ozora", null)).block();
        assertThat(keys.authenticate(issued.key()).block().partnerId()).isEqualTo("ozora");

        Instant revokedAt = keys.revoke(issued.details().id()).block().revokedAt();
        clock.advance(Duration.ofMinutes(5));

        assertThat(keys.authenticate(issued.key()).block()).isNull();
        assertThat(keys.revoke(issued.details().id()).block().revokedAt()).isEqualTo(revokedAt);
        assertThat(keys.revoke("nosuchkey123").block()).isNull();
    }

    @Test
    void aKeyWithTheRightPrefixButAnotherSecretIsRefused() {
        IssuedKey issued = keys.issue(new NewKey("x", EnumSet.of(Role.OPERATOR), null, null)).block();
        String other = issued.key().substring(0, 15) + ApiKeySecrets.newKey().substring(15);

        assertThat(keys.authenticate(other).block()).isNull();
        assertThat(keys.authenticate("rk_short").block()).isNull();
        assertThat(keys.authenticate(issued.key()).block()).isNotNull();
    }

    @Test
    void aBootstrapKeyIsStoredOnceAndNotRevivedByTheNextStart() {
        String key = ApiKeySecrets.newKey();
        NewKey editor = new NewKey("demo-editor", EnumSet.of(Role.PLAN_EDITOR), null, null);
        keys.register(key, editor).block();
        keys.revoke(ApiKeySecrets.lookupId(key)).block();

        keys.register(key, editor).block();

        assertThat(keys.authenticate(key).block()).isNull();
        assertThat(keys.list().collectList().block()).hasSize(1);
    }
}
