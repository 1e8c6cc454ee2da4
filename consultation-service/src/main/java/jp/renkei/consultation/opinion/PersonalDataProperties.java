package jp.renkei.consultation.opinion;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the AES-256 key that encrypts submitters' personal data comes from: {@code key} (base64 of 32 bytes, e.g.
 * from an environment variable or a secret store) or, when that is empty, {@code keyFile}, which is generated on the
 * first start (mode 600) for the local stack. Never commit a key.
 */
@ConfigurationProperties("renkei.consultation.personal-data")
public record PersonalDataProperties(String key,
                                     @DefaultValue("data/secrets/consultation-personal-data.key") Path keyFile) {
}
