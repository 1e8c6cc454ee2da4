package jp.renkei.gateway.access;

import reactor.core.publisher.Mono;

/** Staff tokens from the city's identity provider (OIDC), when one is configured. */
public interface StaffTokens {

    /** The caller the token stands for; empty when it is not valid. */
    Mono<Caller> authenticate(String token);
}
