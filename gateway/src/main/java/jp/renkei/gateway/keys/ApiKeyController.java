package jp.renkei.gateway.keys;

import java.net.URI;
import java.time.Clock;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The operators' API for keys (the access matrix lets only {@code OPERATOR} through). */
@RestController
@RequestMapping("/api/keys")
class ApiKeyController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{" + ApiKeySecrets.LOOKUP_LENGTH + "}");

    private final ApiKeys keys;
    private final Clock clock;

    ApiKeyController(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Issues a key; the answer is the only place the key ever appears. */
    @PostMapping
    Mono<ResponseEntity<IssuedKey>> issue(@RequestBody IssueKeyRequest request) {
        NewKey key = request.validated(clock);
        return keys.issue(key).map(issued -> ResponseEntity
                .created(URI.create("/api/keys/" + issued.details().id()))
                .cacheControl(CacheControl.noStore())
                .body(issued));
    }

    @GetMapping
    Flux<ApiKeyView> list() {
        return keys.list();
    }

    @GetMapping("/{id}")
    Mono<ApiKeyView> get(@PathVariable String id) {
        return keys.get(checked(id)).switchIfEmpty(Mono.error(() -> new KeyNotFoundException(id)));
    }

    /** Revokes a key: the next request with it is refused. */
    @DeleteMapping("/{id}")
    Mono<ApiKeyView> revoke(@PathVariable String id) {
        return keys.revoke(checked(id)).switchIfEmpty(Mono.error(() -> new KeyNotFoundException(id)));
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidKeyRequestException("id", "a key id is the " + ApiKeySecrets.LOOKUP_LENGTH
                    + " characters after rk_");
        }
        return id;
    }

    static final class KeyNotFoundException extends RuntimeException {
        KeyNotFoundException(String id) {
            super("no key " + id);
        }
    }
}
