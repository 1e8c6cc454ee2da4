package jp.renkei.gateway.keys;

import java.util.List;
import jp.renkei.gateway.access.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code renkei.gateway.bootstrap-keys}: keys to store at start (see {@link BootstrapKeys}). */
@ConfigurationProperties("renkei.gateway")
public record BootstrapKeyProperties(List<BootstrapKey> bootstrapKeys) {

    public BootstrapKeyProperties {
        bootstrapKeys = bootstrapKeys == null ? List.of() : List.copyOf(bootstrapKeys);
    }

    /** One key: the key itself, its owner, roles and (for PARTNER) partner id. It does not expire. */
    public record BootstrapKey(String key, String owner, List<Role> roles, String partnerId) {
    }
}
