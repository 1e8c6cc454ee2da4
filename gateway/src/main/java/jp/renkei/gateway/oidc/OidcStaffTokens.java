package jp.renkei.gateway.oidc;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.access.Role;
import jp.renkei.gateway.access.StaffTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Staff tokens from the city's identity provider: signature by the provider's keys, issuer, audience and expiry
 * checked; the staff roles in the roles claim are taken, anything else in it ignored (a partner never signs in
 * here, and nobody becomes PUBLIC-only by mistake: a token without a staff role may read, no more).
 */
@Component
@ConditionalOnProperty("renkei.gateway.oidc.issuer-uri")
class OidcStaffTokens implements StaffTokens {

    private static final Logger log = LoggerFactory.getLogger(OidcStaffTokens.class);
    private static final Set<Role> STAFF_ROLES = EnumSet.of(Role.PLAN_EDITOR, Role.MODERATOR, Role.OPERATOR);

    private final NimbusReactiveJwtDecoder decoder;
    private final OidcProperties properties;

    OidcStaffTokens(OidcProperties properties) {
        if (properties.audience() == null || properties.audience().isBlank()) {
            throw new IllegalStateException("renkei.gateway.oidc.audience must be set with the issuer: a token "
                    + "issued for another application must not open this one");
        }
        this.properties = properties;
        this.decoder = properties.jwkSetUri() == null
                ? (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(properties.issuerUri())
                : NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                        .jwsAlgorithms(algorithms -> {
                            algorithms.add(SignatureAlgorithm.RS256);
                            algorithms.add(SignatureAlgorithm.ES256);
                        }).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuerUri()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(properties.audience()))));
    }

    @Override
    public Mono<Caller> authenticate(String token) {
        return decoder.decode(token).map(this::callerOf)
                .onErrorResume(JwtException.class, e -> {
                    log.debug("staff token refused: {}", e.getMessage());
                    return Mono.empty();
                });
    }

    private Caller callerOf(Jwt jwt) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Collection<String> claimed = jwt.getClaimAsStringList(properties.rolesClaim());
        if (claimed != null) {
            for (Role role : STAFF_ROLES) {
                if (claimed.contains(role.name())) {
                    roles.add(role);
                }
            }
        }
        String name = jwt.getClaimAsString("preferred_username");
        return new Caller(name == null || name.isBlank() ? jwt.getSubject() : name, roles, null, null);
    }
}
