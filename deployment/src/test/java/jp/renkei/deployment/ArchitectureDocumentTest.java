package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md stays current with the code: its table of modules is the build's list of modules, and every
 * {@code jp.renkei…} package or class it names is in some module's sources.
 */
class ArchitectureDocumentTest {

    private static final String DOCUMENT = Repository.read("docs/architecture.md");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|");
    private static final Pattern MODULE = Pattern.compile("<module>([a-z-]+)</module>");
    /** A dotted name under jp.renkei; an event type ({@code jp.renkei.plan.measure.revised.v1}) is not code. */
    private static final Pattern JAVA_NAME = Pattern.compile("jp\\.renkei(?:\\.[A-Za-z_][A-Za-z0-9_-]*)+");
    private static final Pattern EVENT_TYPE = Pattern.compile(".*(\\.v\\d+|-.*)$");

    @Test
    void theTableOfModulesIsTheBuildsListOfModules() {
        Set<String> documented = all(TABLE_ROW, modulesSection());
        Set<String> built = all(MODULE, Repository.read("pom.xml"));
        assertThat(documented).as("the modules in docs/architecture.md's table").isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(built);
        documented.forEach(module -> assertThat(Repository.ROOT.resolve(module).resolve("pom.xml")).isRegularFile());
    }

    @Test
    void everyPackageAndClassItNamesExists() {
        Set<String> names = all(JAVA_NAME, DOCUMENT);
        names.removeIf(name -> EVENT_TYPE.matcher(name).matches());
        assertThat(names).as("jp.renkei names in docs/architecture.md").isNotEmpty();
        List<Path> sourceRoots = sourceRoots();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (sourceRoots.stream().noneMatch(root -> exists(root, name))) {
                missing.add(name);
            }
        }
        assertThat(missing).as("named in docs/architecture.md but found in no module's sources").isEmpty();
    }

    @Test
    void aNameThatIsNotThereIsFound() {
        assertThat(sourceRoots().stream().anyMatch(root -> exists(root, "jp.renkei.plan.nowhere"))).isFalse();
        assertThat(sourceRoots().stream().anyMatch(root -> exists(root, "jp.renkei.plan.web.NoSuchController")))
                .isFalse();
        assertThat(sourceRoots().stream().anyMatch(root -> exists(root, "jp.renkei.plan.web.ApiExceptionHandler")))
                .isTrue();
    }

    /** A package (a directory) or a class (a file, or a nested class of one) under the source root. */
    private static boolean exists(Path root, String name) {
        String[] parts = name.split("\\.");
        Path path = root;
        for (int i = 0; i < parts.length; i++) {
            if (Character.isUpperCase(parts[i].charAt(0))) {
                return Files.isRegularFile(path.resolve(parts[i] + ".java"));
            }
            path = path.resolve(parts[i]);
        }
        return Files.isDirectory(path);
    }

    private static List<Path> sourceRoots() {
        try (Stream<Path> modules = Files.list(Repository.ROOT)) {
            return modules.flatMap(module -> Stream.of(module.resolve("src/main/java"), module.resolve("src/test/java")))
                    .filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String modulesSection() {
        int start = DOCUMENT.indexOf("## Modules");
        int end = DOCUMENT.indexOf("\n## ", start + 1);
        assertThat(start).as("a '## Modules' section").isNotNegative();
        return DOCUMENT.substring(start, end < 0 ? DOCUMENT.length() : end);
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
        }
        return found;
    }
}
