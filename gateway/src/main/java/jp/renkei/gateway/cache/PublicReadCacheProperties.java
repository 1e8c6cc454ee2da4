package jp.renkei.gateway.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param enabled     whether anonymous reads of public answers are served from the gateway's memory
 * @param maxAge      the longest an answer is kept, whatever its {@code max-age} allows: changes made through another
 *                    gateway instance (or by the services themselves) show after at most this long
 * @param maxEntries  how many answers are kept at once (least recently used go first)
 * @param maxBodySize larger answers are never kept
 */
@ConfigurationProperties("renkei.gateway.public-read-cache")
public record PublicReadCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration maxAge,
                                        @DefaultValue("10000") int maxEntries,
                                        @DefaultValue("256KB") DataSize maxBodySize) {
}
