package jp.renkei.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The API keys in the gateway's database. A key is checked on every call (hash, revocation, expiry), against its
 * stored record as read at most {@code cacheFor} ago ({@code renkei.gateway.api-keys.cache-for}, default 5 s), so a
 * busy caller costs a store read every few seconds, not one per request. A key revoked through this gateway is refused
 * from its next request on: revoking drops the cached record and remembers the revocation for longer than any record
 * read before it can stay cached. With several gateway replicas, the others refuse it at most {@code cacheFor} later.
 */
@Service
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    /** "Last used" is kept to the minute: one write per key and minute, not one per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final Cache<String, ApiKeyDocument> recentlyRead;
    private final Cache<String, Boolean> revokedHere;

    public ApiKeys(ReactiveMongoTemplate mongo, Clock clock, ApiKeyCacheProperties cache) {
        this.mongo = mongo;
        this.clock = clock;
        this.recentlyRead = Caffeine.newBuilder().maximumSize(cache.maxKeys()).expireAfterWrite(cache.cacheFor())
                .build();
        // a record read just before a revocation may be put into the cache just after it: outlive that record
        this.revokedHere = Caffeine.newBuilder().maximumSize(cache.maxKeys())
                .expireAfterWrite(cache.cacheFor().multipliedBy(2).plusSeconds(1)).build();
    }

    /** {@code renkei.gateway.api-keys}: how long a key's record is used before it is read again. */
    @ConfigurationProperties("renkei.gateway.api-keys")
    public record ApiKeyCacheProperties(@DefaultValue("5s") Duration cacheFor, @DefaultValue("100000") long maxKeys) {
    }

    /** Stores a new random key and returns it: the only time it is ever seen. */
    public Mono<IssuedKey> issue(NewKey key) {
        String secret = ApiKeySecrets.newKey();
        return mongo.insert(document(secret, key))
                .map(stored -> new IssuedKey(secret, ApiKeyView.of(stored)))
                // two keys sharing a 72-bit prefix: practically never, but then simply draw again
                .onErrorResume(DuplicateKeyException.class, clash -> issue(key));
    }

    /** Stores a key chosen elsewhere (the local stack's, the system tests'), unless a key with its id exists. */
    public Mono<ApiKeyView> register(String secret, NewKey key) {
        ApiKeyDocument document = document(secret, key);
        return mongo.insert(document).map(ApiKeyView::of)
                .onErrorResume(DuplicateKeyException.class, exists -> get(document.id()));
    }

    public Flux<ApiKeyView> list() {
        return mongo.find(new Query().with(Sort.by("createdAt")), ApiKeyDocument.class).map(ApiKeyView::of);
    }

    public Mono<ApiKeyView> get(String id) {
        return mongo.findById(id, ApiKeyDocument.class).map(ApiKeyView::of);
    }

    /** Revokes a key for good; revoking it again changes nothing. Empty when there is no such key. */
    public Mono<ApiKeyView> revoke(String id) {
        revokedHere.put(id, Boolean.TRUE);
        recentlyRead.invalidate(id);
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("revokedAt").is(null)),
                        new Update().set("revokedAt", Instant.now(clock)),
                        FindAndModifyOptions.options().returnNew(true), ApiKeyDocument.class)
                .map(ApiKeyView::of)
                .switchIfEmpty(Mono.defer(() -> get(id)))
                .doFinally(signal -> recentlyRead.invalidate(id));
    }

    /** The caller a presented key stands for; empty for an unknown, wrong, revoked or expired key. */
    public Mono<Caller> authenticate(String presented) {
        if (!ApiKeySecrets.looksLikeKey(presented)) {
            return Mono.empty();
        }
        Instant now = Instant.now(clock);
        String id = ApiKeySecrets.lookupId(presented);
        if (revokedHere.getIfPresent(id) != null) {
            return Mono.empty();
        }
        ApiKeyDocument cached = recentlyRead.getIfPresent(id);
        Mono<ApiKeyDocument> stored = cached != null ? Mono.just(cached)
                : mongo.findById(id, ApiKeyDocument.class).doOnNext(key -> recentlyRead.put(id, key));
        return stored
                .filter(key -> ApiKeySecrets.matches(presented, key.sha256()))
                .filter(key -> key.revokedAt() == null && (key.expiresAt() == null || now.isBefore(key.expiresAt())))
                .flatMap(key -> touch(key, now).thenReturn(callerOf(key)));
    }

    private Mono<Void> touch(ApiKeyDocument key, Instant now) {
        if (key.lastUsedAt() != null && key.lastUsedAt().plus(LAST_USED_RESOLUTION).isAfter(now)) {
            return Mono.empty();
        }
        // the cached record learns the time too, or every request within cacheFor would write it again
        recentlyRead.asMap().computeIfPresent(key.id(), (id, cached) -> new ApiKeyDocument(cached.id(),
                cached.sha256(), cached.owner(), cached.roles(), cached.partnerId(), cached.createdAt(), now,
                cached.expiresAt(), cached.revokedAt()));
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(key.id())), new Update().set("lastUsedAt", now),
                        ApiKeyDocument.class)
                .then()
                .onErrorResume(e -> {
                    log.warn("could not record the use of key {}: {}", key.id(), e.toString());
                    return Mono.empty();
                });
    }

    private static Caller callerOf(ApiKeyDocument key) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        key.roles().forEach(role -> roles.add(Role.valueOf(role)));
        return new Caller(key.owner(), roles, key.partnerId(), key.id());
    }

    private ApiKeyDocument document(String secret, NewKey key) {
        List<String> roles = key.roles().stream().map(Role::name).sorted().toList();
        return new ApiKeyDocument(ApiKeySecrets.lookupId(secret), ApiKeySecrets.sha256(secret), key.owner(), roles,
                key.partnerId(), Instant.now(clock), null, key.expiresAt(), null);
    }
}
