package jp.renkei.support.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service keeps the gateway's connections open for as many requests as it sends: Tomcat closes a connection
 * after 100 requests by default, which makes the gateway open a new one (and sometimes send a request into one being
 * closed). A default only: a service's own {@code server.tomcat.max-keep-alive-requests} wins.
 */
public class KeepAliveDefaults implements EnvironmentPostProcessor {

    static final String MAX_KEEP_ALIVE_REQUESTS = "server.tomcat.max-keep-alive-requests";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("renkeiKeepAliveDefaults",
                Map.of(MAX_KEEP_ALIVE_REQUESTS, "-1")));
    }
}
