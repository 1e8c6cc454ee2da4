package jp.renkei.support.security;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import jp.renkei.contracts.security.InternalToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Makes a servlet service accept only the gateway's internal token: an OAuth2 resource server that validates the
 * ES256 signature against the gateway's JWK set, the issuer, the audience (this service's own name) and the expiry,
 * each token once until it expires ({@link VerifiedTokenCache}); roles become authorities
 * {@code ROLE_<role>}; 401 and 403 are problem+json; only the Actuator health probes stay open, for healthchecks, and
 * the rest of the Actuator is for operators.
 * A service adds its own rules as a {@link ServiceAccessRules} bean.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceSecurityProperties.class)
@EnableWebSecurity
public class ServiceSecurityAutoConfiguration {

    private static final String[] HEALTH_PROBES = {"/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness"};

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder gatewayTokenDecoder(ServiceSecurityProperties properties, Environment environment) {
        if (properties.jwksUri() == null) {
            throw new IllegalStateException("renkei.security.jwks-uri is not set: where does the gateway serve its "
                    + "public keys (e.g. http://127.0.0.1:8080" + InternalToken.JWKS_PATH + ", or a file: URI of a "
                    + "copy of that key set)?");
        }
        String audience = properties.audience() != null ? properties.audience()
                : environment.getProperty("spring.application.name");
        if (audience == null || audience.isBlank()) {
            throw new IllegalStateException("neither renkei.security.audience nor spring.application.name is set: "
                    + "which audience (aud) must the gateway's tokens for this service carry?");
        }
        // the gateway's clock is real time: never a service's own Clock bean, which a test may move days ahead
        Clock time = Clock.systemUTC();
        return new VerifiedTokenCache(verifier(properties.jwksUri(), properties.issuer(), audience,
                properties.clockSkew(), time), properties.verifiedTokens(), time);
    }

    /**
     * Checks a token fully: the ES256 signature against the gateway's JWK set, the expiry, the issuer, this service's
     * audience and that it names roles. The key set is the gateway's ({@code http(s):}, e.g. its
     * {@code /internal/jwks.json}) or a file ({@code file:}, {@link KeySetFile}).
     */
    public static JwtDecoder verifier(URI jwksUri, String issuer, String audience, Duration clockSkew, Clock clock) {
        NimbusJwtDecoder decoder = "file".equalsIgnoreCase(jwksUri.getScheme())
                ? NimbusJwtDecoder.withJwkSource(new KeySetFile(Path.of(jwksUri)))
                        .jwsAlgorithm(SignatureAlgorithm.ES256).build()
                : fetchingFrom(jwksUri);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        given -> given != null && given.contains(audience)),
                new JwtClaimValidator<List<String>>(InternalToken.ROLES,
                        roles -> roles != null && !roles.isEmpty()))));
        return decoder;
    }

    private static NimbusJwtDecoder fetchingFrom(URI jwksUri) {
        // the key set is fetched once per key id; a busy gateway may take a moment to serve it
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(Duration.ofSeconds(2));
        http.setReadTimeout(Duration.ofSeconds(10));
        return NimbusJwtDecoder.withJwkSetUri(jwksUri.toString())
                .jwsAlgorithm(SignatureAlgorithm.ES256).restOperations(new RestTemplate(http)).build();
    }

    /**
     * With {@code management.observations.enable[spring.security]=false}, Spring Security does not observe at all
     * instead of making each observation a no-op: the predicate alone still wraps every filter of the chain, the
     * authentication manager and the authorization manager in a decorator that creates and stops an observation per
     * filter and request (plan-write's profile of 2026-12-06: a fifth of the request threads' Micrometer samples).
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings(Environment environment) {
        boolean observed = Binder.get(environment)
                .bind("management.observations.enable", Bindable.mapOf(String.class, Boolean.class))
                .map(enabled -> enabled.getOrDefault("spring.security", true))
                .orElse(true);
        return observed ? SecurityObservationSettings.withDefaults().build()
                : SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain gatewayTokenFilterChain(HttpSecurity http, ObjectProvider<ServiceAccessRules> serviceRules)
            throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(InternalToken.ROLES);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> {
                    // an error page or forward of a request that was already let in (or refused) stays as it is
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll();
                    rules.requestMatchers(HEALTH_PROBES).permitAll();
                    serviceRules.orderedStream().forEach(service -> service.configure(rules));
                    // metrics, environment and the like tell an attacker much: operators only, whatever a service forgot
                    rules.requestMatchers("/actuator/**").hasRole(InternalToken.OPERATOR);
                    rules.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }
}
