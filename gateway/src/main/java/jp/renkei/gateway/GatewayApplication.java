package jp.renkei.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(EdgeProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration file name ({@code gateway.yml}); see plan-service. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
    }
}
