package jp.renkei.consultation.opinion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Submitters' personal data: the AES-256 key that encrypts it, and how long it is kept.
 *
 * @param key                   the current key: base64 of 32 bytes (from an environment variable or a secret store);
 *                              when empty, {@code keyFile}, which is generated on the first start (mode 600) for the
 *                              local stack. Never commit a key.
 * @param previousKeys          keys that sealed records in the past, while a rotation is under way: records still open,
 *                              and are sealed again with the current key in the background
 * @param retention             how long after a consultation's results are published its submitters' data is kept; then
 *                              it is erased (the opinions stay, without the link to a person)
 * @param maintenanceInterval   how often re-sealing and the retention are worked through
 */
@ConfigurationProperties("renkei.consultation.personal-data")
public record PersonalDataProperties(String key,
                                     @DefaultValue("data/secrets/consultation-personal-data.key") Path keyFile,
                                     List<String> previousKeys,
                                     @DefaultValue("365d") Duration retention,
                                     @DefaultValue("1h") Duration maintenanceInterval) {

    public PersonalDataProperties {
        previousKeys = previousKeys == null ? List.of() : List.copyOf(previousKeys);
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("renkei.consultation.personal-data.retention must be positive");
        }
    }

    /** Without the keys: this record may end up in a log line or an actuator page. */
    @Override
    public String toString() {
        return "PersonalDataProperties[keyFile=" + keyFile + ", previousKeys=" + previousKeys.size() + ", retention="
                + retention + "]";
    }
}
