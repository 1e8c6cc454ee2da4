package jp.renkei.inbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secrets   the signing secret ({@code whsec_…}) of each partner id this inbox receives for
 * @param storeDir  where received events are kept (one JSON Lines file per partner); none keeps them in memory only
 * @param tolerance how far a request's timestamp may be from this clock
 */
@ConfigurationProperties("renkei.inbox")
public record InboxProperties(Map<String, String> secrets, Path storeDir, @DefaultValue("5m") Duration tolerance) {

    public InboxProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }
}
