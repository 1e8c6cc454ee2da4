package jp.renkei.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KeepAliveDefaultsTest {

    @Test
    void aServiceKeepsConnectionsOpenForAnyNumberOfRequestsUnlessItSaysOtherwise() {
        StandardEnvironment plain = new StandardEnvironment();
        new KeepAliveDefaults().postProcessEnvironment(plain, new SpringApplication());
        assertThat(plain.getProperty(KeepAliveDefaults.MAX_KEEP_ALIVE_REQUESTS)).isEqualTo("-1");

        StandardEnvironment configured = new StandardEnvironment();
        configured.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of(KeepAliveDefaults.MAX_KEEP_ALIVE_REQUESTS, "1000")));
        new KeepAliveDefaults().postProcessEnvironment(configured, new SpringApplication());
        assertThat(configured.getProperty(KeepAliveDefaults.MAX_KEEP_ALIVE_REQUESTS)).isEqualTo("1000");
    }
}
