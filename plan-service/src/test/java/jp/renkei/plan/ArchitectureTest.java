package jp.renkei.plan;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import jp.renkei.localstack.test.ServiceSeams;
import jp.renkei.plan.search.BreaksTheSeams;
import jp.renkei.plan.web.ReachesIntoTheStore;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seams of plan-service, by package (docs/architecture.md, "Seams"): the feature packages know no web types and
 * throw their own exceptions, the web edge reaches no store or broker, Kafka only where events are relayed or
 * consumed, no package cycles.
 */
class ArchitectureTest {

    private static final ServiceSeams SEAMS = ServiceSeams.of("plan-service", "jp.renkei.plan");
    private static final JavaClasses PLAN_SERVICE = SEAMS.productionClasses();

    private static final List<ArchRule> SEAM_RULES = List.of(SEAMS.featuresKnowNoWebTypes(),
            SEAMS.webEdgeReachesNoStoreOrBroker(), SEAMS.kafkaOnlyIn("progress"), SEAMS.noPackageCycles());

    @Test
    void theServiceKeepsItsSeams() {
        SEAMS.assertKept(SEAM_RULES);
    }

    /** Each rule reports test classes written to break it (none is production code). */
    @Test
    void eachSeamRuleReportsCodeThatBreaksIt() {
        ServiceSeams.assertEachReports(SEAM_RULES, BreaksTheSeams.class, ReachesIntoTheStore.class);
    }

    @Test
    void controllersNeverReturnPersistenceDocuments() {
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
                .should().haveRawReturnType(simpleNameEndingWith("Document"))
                .orShould(new ArchCondition<JavaMethod>("return a persistence document inside a generic type") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        String returned = method.reflect().getGenericReturnType().getTypeName();
                        if (returned.matches(".*Document[>,].*")) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " returns " + returned));
                        }
                    }
                })
                .check(PLAN_SERVICE);
    }
}
