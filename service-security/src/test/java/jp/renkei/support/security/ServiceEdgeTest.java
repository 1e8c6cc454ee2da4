package jp.renkei.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What every service gets from service-security at its edge, tried as a hostile client would, byte for byte over a
 * socket: the firewall's refusals are 400 problems, and the Actuator beyond the health probes is for operators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ServiceEdgeTest.SampleApp.class,
        properties = {"management.endpoints.web.exposure.include=health,metrics,env",
                "spring.application.name=plan-service"})
class ServiceEdgeTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aPathTheFirewallRefusesIsA400Problem() throws IOException {
        for (String target : new String[] {"/things/..;/admin", "/things;jsessionid=1", "/things/%2e%2e/admin",
                "/things//x"}) {
            String response = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.shared().editor() + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 400");
            assertThat(response).as(target).containsIgnoringCase("content-type: application/problem+json")
                    .contains("rejected-request").doesNotContain("Exception");
        }
    }

    @Test
    void theActuatorBeyondTheHealthProbesIsForOperatorsOnly() throws IOException {
        for (String endpoint : new String[] {"/actuator/metrics", "/actuator/env"}) {
            assertThat(get(endpoint, TestTokens.shared().editor())).as(endpoint).startsWith("HTTP/1.1 403");
            assertThat(get(endpoint, TestTokens.shared().anonymous())).as(endpoint).startsWith("HTTP/1.1 403");
            assertThat(get(endpoint, TestTokens.shared().token("operator", "OPERATOR"))).as(endpoint)
                    .startsWith("HTTP/1.1 200");
        }
        assertThat(get("/actuator/health", null)).startsWith("HTTP/1.1 200");
    }

    private String get(String path, String token) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n");
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @SpringBootApplication
    @Import(SampleController.class)
    static class SampleApp {
    }

    @RestController
    static class SampleController {
        @GetMapping("/things")
        Map<String, String> things() {
            return Map.of("ok", "yes");
        }
    }
}
