package jp.renkei.consultation.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description, as callers see the API: behind the gateway, under {@code /api}. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI consultationServiceApi() {
        return new OpenAPI()
                .info(new Info().title("Renkei consultation-service").version("v1")
                        .description("Public comment (パブリックコメント) on plan measures and the city's listening "
                                + "channels. Anyone may read open and closed consultations and "
                                + "published results and submit opinions; plan editors and moderators run cases, "
                                + "moderators moderate and keep the hearing records. Every call carries the gateway's "
                                + "token, whose subject is the acting person in the audit log. Opening, closing, "
                                + "results and abandonment become CloudEvents on renkei.consultation.events."))
                .servers(List.of(new Server().url("/api").description("through the gateway")));
    }
}
