package jp.renkei.localstack.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The seams every Renkei service keeps, as ArchUnit rules by package (docs/architecture.md, "Seams: where each rule
 * lives"). A service is packaged by feature under one root ({@code jp.renkei.plan}) with one web edge ({@code web});
 * a feature package holds its domain, its service and its store, and knows no web types.
 */
public final class ServiceSeams {

    /** The shared messaging module, where the outboxes, the relay and the event decoding go. */
    private static final String MESSAGING = "jp.renkei.messaging..";
    private static final String[] WEB_TYPES = {"jp.renkei.support.web..", "org.springframework.web..",
            "org.springframework.http..", "jakarta.servlet.."};
    private static final String[] STORE_AND_BROKER = {"org.springframework.data.mongodb..", "com.mongodb..",
            "org.bson..", "org.apache.kafka..", "org.springframework.kafka..", "org.springframework.cloud.stream.."};
    private static final String KNOW_KAFKA = " know Kafka";
    private static final String[] BROKER = {"org.apache.kafka..", "org.springframework.kafka..",
            "org.springframework.cloud.stream.."};

    private final String service;
    private final String root;
    private final String web;
    private JavaClasses productionClasses;

    private ServiceSeams(String service, String root) {
        this.service = service;
        this.root = root;
        this.web = root + ".web..";
    }

    /** @param service the module's name, for the rules' descriptions; @param root its root package */
    public static ServiceSeams of(String service, String root) {
        return new ServiceSeams(service, root);
    }

    /** The service's own classes, without its tests (imported once: it takes seconds). */
    public synchronized JavaClasses productionClasses() {
        if (productionClasses == null) {
            productionClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(root);
        }
        return productionClasses;
    }

    /** No package but {@code web} depends on the service's web edge, web-support, Spring web, HTTP or servlet types. */
    public ArchRule featuresKnowNoWebTypes() {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(web)
                .should().dependOnClassesThat().resideInAnyPackage(
                        Stream.concat(Stream.of(web), Arrays.stream(WEB_TYPES)).toArray(String[]::new))
                .as("the feature packages of " + service + " know no web types");
    }

    /** The web edge reaches the store and the broker only through the features. */
    public ArchRule webEdgeReachesNoStoreOrBroker() {
        return noClasses().that().resideInAPackage(web)
                .should().dependOnClassesThat().resideInAnyPackage(STORE_AND_BROKER)
                .as("the web edge of " + service + " goes through the features, never to the store or the broker");
    }

    /** Only the named feature packages (and the shared messaging module) know Kafka and Spring Cloud Stream. */
    public ArchRule kafkaOnlyIn(String... features) {
        String[] allowed = Stream.concat(Arrays.stream(features).map(feature -> root + "." + feature + ".."),
                Stream.of(MESSAGING)).toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(allowed)
                .should().dependOnClassesThat().resideInAnyPackage(BROKER)
                .as("only " + String.join(", ", features) + " of " + service + KNOW_KAFKA);
    }

    /** The feature package depends on the JDK and the named packages only. */
    public ArchRule plainJava(String feature, String... alsoAllowed) {
        String[] allowed = Stream.concat(Stream.of("java..", root + "." + feature + ".."), Arrays.stream(alsoAllowed))
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + "." + feature + "..")
                .should().dependOnClassesThat().resideOutsideOfPackages(allowed)
                .as("the " + feature + " package of " + service + " is plain Java");
    }

    /**
     * Fails naming every rule the service's production code breaks, with ArchUnit's report of each; and first, if the
     * list lacks one of the seams every service keeps (no web types in the features, a web edge that reaches no store
     * or broker, Kafka in named packages only, no package cycles): a rule deleted from a service's list is a failure,
     * not a seam quietly given up.
     */
    public void assertKept(List<ArchRule> rules) {
        List<String> present = rules.stream().map(ArchRule::getDescription).toList();
        List<String> missing = new ArrayList<>(Stream.of(featuresKnowNoWebTypes(), webEdgeReachesNoStoreOrBroker(),
                noPackageCycles()).map(ArchRule::getDescription).filter(seam -> !present.contains(seam)).toList());
        if (present.stream().noneMatch(description -> description.endsWith(" of " + service + KNOW_KAFKA))) {
            missing.add("only … of " + service + KNOW_KAFKA + " (kafkaOnlyIn)");
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the seams every service keeps are missing from its rules: " + missing);
        }
        JavaClasses classes = productionClasses();
        List<String> broken = rules.stream().map(rule -> rule.evaluate(classes)).filter(EvaluationResult::hasViolation)
                .map(result -> result.getFailureReport().toString()).toList();
        if (!broken.isEmpty()) {
            throw new AssertionError(String.join("\n", broken));
        }
    }

    /**
     * Fails naming every rule that does not report the given classes, written to break them all: a rule that passes by
     * matching nothing, or by a package name mistyped, would guard nothing.
     */
    public static void assertEachReports(List<ArchRule> rules, Class<?>... violations) {
        JavaClasses classes = new ClassFileImporter().importClasses(violations);
        List<String> toothless = rules.stream().filter(rule -> !rule.evaluate(classes).hasViolation())
                .map(ArchRule::getDescription).toList();
        if (!toothless.isEmpty()) {
            throw new AssertionError("these rules do not report code written to break them: " + toothless);
        }
    }

    /** No two packages of the service depend on each other, directly or around a circle. */
    public ArchRule noPackageCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .as("the packages of " + service + " have no cycles");
    }
}
