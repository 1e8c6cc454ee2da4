package jp.renkei.consultation;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import jp.renkei.consultation.cases.BreaksTheSeams;
import jp.renkei.consultation.refusal.NotPlainJava;
import jp.renkei.consultation.web.ReachesIntoTheStore;
import jp.renkei.localstack.test.ServiceSeams;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seams of consultation-service, by package (docs/architecture.md, "Seams"): the feature packages know no web
 * types, the web edge reaches no store or broker, Kafka only where events are consumed or relayed, the domain's
 * refusals are plain Java, no package cycles; and personal data out of reach of events and results.
 */
class ArchitectureTest {

    private static final ServiceSeams SEAMS = ServiceSeams.of("consultation-service", "jp.renkei.consultation");
    private static final JavaClasses SERVICE = SEAMS.productionClasses();

    private static final List<ArchRule> SEAM_RULES = List.of(SEAMS.featuresKnowNoWebTypes(),
            SEAMS.webEdgeReachesNoStoreOrBroker(), SEAMS.kafkaOnlyIn("catalog"), SEAMS.plainJava("refusal"),
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

    @Test
    void whatBuildsEventsCannotReachPersonalData() {
        noClasses().that().haveSimpleName("ConsultationEvents")
                .or().resideInAPackage("jp.renkei.consultation.participation")
                .or().resideInAPackage("jp.renkei.consultation.results")
                .should().dependOnClassesThat().haveSimpleName("Submitter")
                .orShould().dependOnClassesThat().haveSimpleName("SubmitterVault")
                .check(SERVICE);
    }

    @Test
    void controllersNeverReturnPersistenceDocuments() {
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
                .should().haveRawReturnType(simpleNameEndingWith("Document"))
                .check(SERVICE);
    }
}
