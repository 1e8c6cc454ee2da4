package jp.renkei.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationPredicate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code management.observations.enable[spring.security]=false} keeps Spring Security from observing at all: its
 * filters, authentication and authorization ask for no observation (a disabled one would still be created, checked
 * and stopped around every filter of every request). Without the setting they are observed as Spring Security does.
 */
class SecurityObservationsTest {

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ObservedApp.class,
            properties = {"spring.application.name=plan-service",
                    "management.observations.enable.spring.security=false"})
    class Disabled {

        @LocalServerPort
        int port;

        @Autowired
        ObservationNames asked;

        @Test
        void aRequestAsksForNoSecurityObservation() throws Exception {
            assertThat(get(port).statusCode()).isEqualTo(200);

            assertThat(asked.names).contains("http.server.requests")
                    .noneMatch(name -> name.startsWith("spring.security"));
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ObservedApp.class,
            properties = "spring.application.name=plan-service")
    class ByDefault {

        @LocalServerPort
        int port;

        @Autowired
        ObservationNames asked;

        @Test
        void aRequestIsObservedBySpringSecurity() throws Exception {
            assertThat(get(port).statusCode()).isEqualTo(200);

            assertThat(asked.names).anyMatch(name -> name.startsWith("spring.security"));
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/things")).header("Authorization", "Bearer " + TestTokens.shared().editor())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every observation name the registry was asked about, before any other predicate can refuse it. */
    static final class ObservationNames {
        final List<String> names = new CopyOnWriteArrayList<>();
    }

    @SpringBootApplication
    @Import(ServiceEdgeTest.SampleController.class)
    static class ObservedApp {

        @Bean
        ObservationNames observationNames() {
            return new ObservationNames();
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ObservationPredicate recordingPredicate(ObservationNames names) {
            return (name, context) -> {
                names.names.add(name);
                return true;
            };
        }
    }
}
