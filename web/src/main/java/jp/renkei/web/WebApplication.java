package jp.renkei.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The citizens' pages of Renkei: server-rendered, calling the other services only through the gateway's API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    /** The application with its own configuration file ({@code web.yml}), as the system tests start it too. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WebApplication.class).properties("spring.config.name=web");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
