package jp.renkei.gateway.token;

import java.time.Duration;
import jp.renkei.contracts.security.InternalToken;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public key of the internal token, where the services read it ({@code renkei.security.jwks-uri}). */
@RestController
class JwksController {

    private final InternalTokens tokens;

    JwksController(InternalTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(InternalToken.JWKS_PATH)
    ResponseEntity<String> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk-set+json")).body(tokens.jwkSet());
    }
}
