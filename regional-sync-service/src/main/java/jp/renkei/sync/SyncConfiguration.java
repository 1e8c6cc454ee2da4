package jp.renkei.sync;

import java.time.Clock;
import java.time.Duration;
import jp.renkei.support.security.crypto.KeyMaterial;
import jp.renkei.sync.partner.WebhookUrlGuard;
import jp.renkei.sync.secret.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

    @Bean
    WebhookUrlGuard webhookUrlGuard(SyncProperties properties) {
        return new WebhookUrlGuard(properties.webhookAllowList());
    }

    @Bean
    SecretCipher secretCipher(SyncProperties properties) {
        return new SecretCipher(KeyMaterial.load(properties.secretKey(), properties.secretKeyFile(),
                "renkei.sync.secret-key"), KeyMaterial.previous(properties.previousSecretKeys(),
                "renkei.sync.previous-secret-keys"));
    }

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
