package jp.renkei.plan.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Supplier;
import jp.renkei.contracts.security.InternalToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Public plan content as anonymous callers read it: the JSON of a measure or a plan tree kept for a moment, so that
 * a burst of readers costs one store read and one serialisation, not one per reader. A change made here drops what it
 * touched at once; a change made by another instance shows here within {@code cacheFor}, which is shorter than the
 * {@code max-age} the answers allow any HTTP cache anyway. Staff callers always read the store.
 */
@Component
class PublicReads {

    /** A representation ready to send, and its validator. */
    record Json(byte[] body, String etag) {
    }

    /**
     * @param maxAge   how long an HTTP cache may serve a public answer without asking again ({@code Cache-Control})
     * @param cacheFor how long this instance keeps a public answer; another instance's change shows after at most this
     */
    @ConfigurationProperties("renkei.plan.public-reads")
    record Settings(@DefaultValue("10s") Duration maxAge, @DefaultValue("1s") Duration cacheFor) {
    }

    private static final String ROLE_PREFIX = "ROLE_";
    private static final String PUBLIC_AUTHORITY = ROLE_PREFIX + InternalToken.PUBLIC;

    private final Cache<String, Json> answers;
    private final CacheControl publicCaching;

    PublicReads(Settings settings) {
        this.answers = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(settings.cacheFor()).build();
        this.publicCaching = CacheControl.maxAge(settings.maxAge()).cachePublic().mustRevalidate();
    }

    /**
     * Whether the caller may be served what everyone may see: no role but {@code PUBLIC} (authorities that are not
     * roles, like the factor Spring Security adds for a bearer token, say nothing about what the caller may see).
     */
    static boolean isPublic(Authentication caller) {
        return caller == null || caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX)).allMatch(PUBLIC_AUTHORITY::equals);
    }

    /** {@code Cache-Control} for a read by this caller: shareable for the public, never stored for staff. */
    CacheControl cacheControl(Authentication caller) {
        return isPublic(caller) ? publicCaching : CacheControl.noStore();
    }

    /** The public answer for the measure: cached, or made by {@code read}. */
    ResponseEntity<byte[]> measure(String planId, String measureId, Supplier<Json> read) {
        return answer(answers.get(measureKey(planId, measureId), key -> read.get()));
    }

    /** The public answer for the plan tree: cached, or made by {@code read}. */
    ResponseEntity<byte[]> tree(String planId, Supplier<Json> read) {
        return answer(answers.get(treeKey(planId), key -> read.get()));
    }

    /** A measure changed here: its answer and its plan's tree are made afresh on the next read. */
    void changed(String planId, String measureId) {
        answers.invalidate(measureKey(planId, measureId));
        answers.invalidate(treeKey(planId));
    }

    private ResponseEntity<byte[]> answer(Json json) {
        return ResponseEntity.ok().eTag(json.etag()).cacheControl(publicCaching)
                .contentType(MediaType.APPLICATION_JSON).body(json.body());
    }

    private static String measureKey(String planId, String measureId) {
        return "measure " + planId + "/" + measureId;
    }

    private static String treeKey(String planId) {
        return "tree " + planId;
    }
}
