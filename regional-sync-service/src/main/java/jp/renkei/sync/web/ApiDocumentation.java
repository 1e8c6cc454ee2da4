package jp.renkei.sync.web;

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
    OpenAPI regionalSyncApi() {
        return new OpenAPI()
                .info(new Info().title("Renkei regional-sync-service").version("v1")
                        .description("Partner municipalities, their webhook endpoints (Standard Webhooks, secrets "
                                + "shown once), their deliveries, and the pull feed for partners behind closed "
                                + "networks."))
                .servers(List.of(new Server().url("/api").description("through the gateway")));
    }
}
