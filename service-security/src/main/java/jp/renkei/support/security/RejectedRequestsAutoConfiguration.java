package jp.renkei.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** The firewall's refusals as problems; Spring Security's {@code WebSecurity} takes the handler from the context. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RejectedRequestsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler problemForRejectedRequests() {
        return ProblemResponses.rejected();
    }
}
