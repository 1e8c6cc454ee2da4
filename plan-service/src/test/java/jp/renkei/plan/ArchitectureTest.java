package jp.renkei.plan;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The shape the code keeps: a domain free of frameworks, web and persistence at the edges. */
class ArchitectureTest {

    private static final JavaClasses PLAN_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.renkei.plan");

    @Test
    void theMeasureDomainKnowsNeitherSpringNorMongo() {
        noClasses().that().resideInAPackage("jp.renkei.plan.measure")
                .and().haveSimpleNameNotStartingWith("Mongo")
                .and().haveSimpleNameNotEndingWith("Document")
                .and().haveSimpleNameNotEndingWith("Service")
                .and().haveSimpleNameNotEndingWith("Events")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.bson..", "com.mongodb..")
                .check(PLAN_SERVICE);
    }

    @Test
    void nothingButTheWebLayerDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("jp.renkei.plan.web..")
                .should().dependOnClassesThat().resideInAPackage("jp.renkei.plan.web..")
                .check(PLAN_SERVICE);
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
