package jp.renkei.gateway.edge;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Browsers on the configured origins (the city's own web pages) may call the API; no other origin gets CORS
 * headers. Pre-flight requests are answered here, before authentication, as they carry no credentials. Keys travel
 * in {@code Authorization}, never in cookies, so credentials mode stays off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsSettings.Origins.class)
public class CorsSettings {

    /** {@code renkei.gateway.cors.allowed-origins}: e.g. {@code https://www.city.abashiri.hokkaido.jp}. */
    @ConfigurationProperties("renkei.gateway.cors")
    public record Origins(List<String> allowedOrigins) {
        public Origins {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 50)
    WebFilter corsWebFilter(Origins origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-Id",
                "traceparent"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Request-Id"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        DefaultCorsProcessor processor = new DefaultCorsProcessor();
        // what CorsWebFilter does, but a refusal is a problem like every other the gateway answers
        return (exchange, chain) -> {
            CorsConfiguration configuration = source.getCorsConfiguration(exchange);
            if (!processor.process(configuration, exchange)) {
                return Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "cors-refused",
                        "Cross-origin request refused", "this origin, method or header is not allowed to call the API");
            }
            return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
        };
    }
}
