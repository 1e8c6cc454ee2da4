package jp.renkei.consultation;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsultationServiceApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration file name ({@code consultation-service.yml}); see plan-service. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConsultationServiceApplication.class)
                .properties("spring.config.name=consultation-service");
    }
}
