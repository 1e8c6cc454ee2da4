package jp.renkei.localstack.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSeamsTest {

    private final ServiceSeams seams = ServiceSeams.of("a-service", "jp.renkei.aservice");

    @Test
    void aSeamDeletedFromAServicesRulesFailsItsTest() {
        assertThatThrownBy(() -> seams.assertKept(List.of(seams.featuresKnowNoWebTypes(),
                seams.webEdgeReachesNoStoreOrBroker(), seams.kafkaOnlyIn("outbox"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("missing")
                .hasMessageContaining(seams.noPackageCycles().getDescription());
        assertThatThrownBy(() -> seams.assertKept(List.of(seams.featuresKnowNoWebTypes(),
                seams.webEdgeReachesNoStoreOrBroker(), seams.noPackageCycles())))
                .isInstanceOf(AssertionError.class).hasMessageContaining("kafkaOnlyIn");
        assertThatThrownBy(() -> seams.assertKept(List.of(seams.kafkaOnlyIn("outbox"), seams.noPackageCycles())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(seams.featuresKnowNoWebTypes().getDescription())
                .hasMessageContaining(seams.webEdgeReachesNoStoreOrBroker().getDescription());
    }
}
