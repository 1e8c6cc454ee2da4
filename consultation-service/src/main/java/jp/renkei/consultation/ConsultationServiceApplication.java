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

    /** The application as {@code main} runs it and tests start it; its settings are in its {@code application.yml}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConsultationServiceApplication.class);
    }
}
