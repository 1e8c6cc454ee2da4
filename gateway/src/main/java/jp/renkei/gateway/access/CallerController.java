package jp.renkei.gateway.access;

import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who the gateway takes the caller to be: what a client (the staff desk, a partner's integration) needs to know what
 * its key may do before it tries, without asking an operator. Never the key itself.
 */
@RestController
class CallerController {

    /** The caller as the gateway established it; roles by their token claim names. */
    record CallerView(String subject, List<String> roles, String partnerId, String keyId, boolean anonymous) {
    }

    @GetMapping("/api/me")
    ResponseEntity<CallerView> me(ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        List<String> roles = caller.roles().stream().map(Role::claim).sorted().toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new CallerView(caller.subject(), roles, caller.partnerId(), caller.keyId(), caller.isAnonymous()));
    }
}
