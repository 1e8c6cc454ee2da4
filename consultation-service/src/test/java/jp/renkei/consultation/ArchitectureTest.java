package jp.renkei.consultation;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The shape the code keeps: plain domain records, web at the edge, personal data out of reach of events. */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.renkei.consultation");

    @Test
    void theDomainRecordsKnowNeitherSpringNorMongo() {
        noClasses().that().haveSimpleNameNotEndingWith("Service").and().haveSimpleNameNotEndingWith("Store")
                .and().haveSimpleNameNotEndingWith("Document").and().haveSimpleNameNotEndingWith("Events")
                .and().haveSimpleNameNotEndingWith("Vault").and().haveSimpleNameNotEndingWith("Cipher")
                .and().haveSimpleNameNotEndingWith("Scheduler").and().haveSimpleNameNotEndingWith("Properties")
                .and().resideInAnyPackage("jp.renkei.consultation.cases", "jp.renkei.consultation.opinion",
                        "jp.renkei.consultation.hearing", "jp.renkei.consultation.results",
                        "jp.renkei.consultation.participation")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.bson..", "com.mongodb..")
                .check(SERVICE);
    }

    @Test
    void nothingButTheWebLayerDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("jp.renkei.consultation.web..")
                .should().dependOnClassesThat().resideInAPackage("jp.renkei.consultation.web..")
                .check(SERVICE);
    }

    @Test
    void whatBuildsEventsCannotReachPersonalData() {
        noClasses().that().haveSimpleName("ConsultationEvents").or().resideInAPackage("jp.renkei.consultation.outbox")
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
