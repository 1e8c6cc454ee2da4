package jp.renkei.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The citizens' pages of Renkei: server-rendered, calling the other services only through the gateway's API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    /** The application as {@code main} runs it and tests start it; its settings are in its {@code application.yml}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WebApplication.class);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
