package jp.renkei.gateway.keys;

import java.util.EnumSet;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Keys given in the configuration ({@code renkei.gateway.bootstrap-keys}), stored at start unless already there:
 * how the local stack's demo keys and the system tests' keys come to exist before anyone could issue one. The
 * configuration holds the key only where it was generated for this machine (a 600 file under {@code data/}).
 */
@Component
class BootstrapKeys implements ApplicationRunner {

    private final ApiKeys keys;
    private final BootstrapKeyProperties settings;

    BootstrapKeys(ApiKeys keys, BootstrapKeyProperties settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        Flux.fromIterable(settings.bootstrapKeys())
                .concatMap(key -> {
                    if (!ApiKeySecrets.looksLikeKey(key.key())) {
                        throw new IllegalStateException("renkei.gateway.bootstrap-keys: the key of " + key.owner()
                                + " is not of the form rk_ and 43 characters of base64url");
                    }
                    return keys.register(key.key(), new NewKey(key.owner(), EnumSet.copyOf(key.roles()),
                            key.partnerId(), null));
                })
                .blockLast();
    }
}
