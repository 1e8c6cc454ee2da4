package jp.renkei.plan.web;

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
    OpenAPI planServiceApi() {
        return new OpenAPI()
                .info(new Info().title("Renkei plan-service").version("v1")
                        .description("The comprehensive plan (総合計画) as versioned documents. A change names the "
                                + "version it was made from in If-Match; every accepted change becomes a CloudEvent "
                                + "on renkei.plan.events."))
                .servers(List.of(new Server().url("/api").description("through the gateway")));
    }
}
