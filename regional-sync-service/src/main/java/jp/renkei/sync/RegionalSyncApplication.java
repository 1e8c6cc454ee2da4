package jp.renkei.sync;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RegionalSyncApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration file name ({@code regional-sync-service.yml}); see plan-service. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RegionalSyncApplication.class)
                .properties("spring.config.name=regional-sync-service");
    }
}
