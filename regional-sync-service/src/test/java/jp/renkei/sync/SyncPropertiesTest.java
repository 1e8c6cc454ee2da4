package jp.renkei.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SyncPropertiesTest {

    private static SyncProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("renkei.sync",
                SyncProperties.class);
    }

    @Test
    void theMunicipalityComesFromTheConfigurationOnly() {
        assertThat(bind(Map.of("renkei.sync.municipality-id", "ozora")).municipalityId()).isEqualTo("ozora");
    }

    @Test
    void withoutAMunicipalityTheServiceDoesNotStart() {
        assertThatThrownBy(() -> bind(Map.of("renkei.sync.feed-wake-interval", "1s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("renkei.sync.municipality-id");
        assertThatThrownBy(() -> bind(Map.of("renkei.sync.municipality-id", " ")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("renkei.sync.municipality-id");
    }
}
