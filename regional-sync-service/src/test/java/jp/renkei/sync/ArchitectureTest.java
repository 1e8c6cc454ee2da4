package jp.renkei.sync;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import jp.renkei.localstack.test.ServiceSeams;
import jp.renkei.sync.feed.BreaksTheSeams;
import jp.renkei.sync.secret.NotPlainJava;
import jp.renkei.sync.web.ReachesIntoTheStore;
import org.junit.jupiter.api.Test;

/**
 * The seams of regional-sync-service, by package (docs/architecture.md, "Seams"): the feature packages know no web
 * types, the web edge reaches no store or broker, Kafka only where events are consumed, fanned out, queued and
 * announced, the sealing of secrets is plain Java, no package cycles.
 */
class ArchitectureTest {

    private static final ServiceSeams SEAMS = ServiceSeams.of("regional-sync-service", "jp.renkei.sync");

    private static final List<ArchRule> SEAM_RULES = List.of(SEAMS.featuresKnowNoWebTypes(),
            SEAMS.webEdgeReachesNoStoreOrBroker(), SEAMS.kafkaOnlyIn("fanout", "delivery", "notice"),
            SEAMS.plainJava("secret", "javax.crypto..", "jp.renkei.support.security.crypto.."),
            SEAMS.noPackageCycles());

    @Test
    void theServiceKeepsItsSeams() {
        SEAMS.assertKept(SEAM_RULES);
    }

    /** Each rule reports test classes written to break it (none is production code). */
    @Test
    void eachSeamRuleReportsCodeThatBreaksIt() {
        ServiceSeams.assertEachReports(SEAM_RULES, BreaksTheSeams.class, ReachesIntoTheStore.class, NotPlainJava.class);
    }
}
