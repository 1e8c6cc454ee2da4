package jp.renkei.plan;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PlanServiceApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application with its own configuration file name ({@code plan-service.yml}), so that several Renkei
     * services can share one classpath, as in the in-JVM system tests, without reading each other's settings.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PlanServiceApplication.class).properties("spring.config.name=plan-service");
    }
}
