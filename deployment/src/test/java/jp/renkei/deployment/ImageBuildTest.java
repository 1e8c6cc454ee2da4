package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-context check: for each image docker-compose.yml builds, the Dockerfile's build stage is played (see
 * {@link ImageBuild}) with exactly what its COPY lines and .dockerignore let in, and its own RUN line builds the
 * module there, offline against the local Maven repository; then every file the runtime stage copies from the build
 * stage must exist. A module missing from the context fails here, not on an operator's machine.
 *
 * <p>Proven once by hand, and kept as {@link #aBuildContextWithoutAModuleTheBuildNeedsFails}: with
 * {@code COPY web-support web-support} removed, the plan-service build fails; with the old
 * {@code -DskipTests} (which still compiles tests) instead of {@code -Dmaven.test.skip=true}, it failed on
 * {@code package jp.renkei.localstack.test does not exist}, because only local-stack's pom is in the context.
 *
 * <p>Needs the services' dependencies in the local Maven repository: in {@code ./mvnw verify} this module builds
 * last, after them.
 */
class ImageBuildTest {

    static Stream<Arguments> builtImages() {
        return ComposeFile.read().built().entrySet().stream().map(service -> Arguments.of(service.getKey(),
                ComposeFile.<String>nested(service.getValue(), "build", "dockerfile"),
                ComposeFile.<Map<String, String>>nested(service.getValue(), "build", "args")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtImages")
    void theImageBuildsFromWhatItsDockerfileCopies(String service, String dockerfilePath, Map<String, String> args,
                                                   @TempDir Path image) throws Exception {
        Dockerfile dockerfile = Dockerfile.parse(Repository.read(dockerfilePath));
        ImageBuild build = build(dockerfile, image);

        ImageBuild.Outcome outcome = build.run(args, image.resolve("build.log"));

        assertThat(outcome.exitCode()).as(service + ": the RUN line failed:\n" + tail(outcome.output())).isZero();
        for (Dockerfile.Instruction copy : dockerfile.last().all("COPY")) {
            if (copy.hasFlag("from")) {
                String source = copy.operands().split("\\s+")[0];
                assertThat(build.inImage(source)).as(service + ": the runtime stage copies " + source).exists();
            }
        }
    }

    @Test
    void aBuildContextWithoutAModuleTheBuildNeedsFails(@TempDir Path image) throws Exception {
        String text = Repository.read("docker/service.Dockerfile");
        assertThat(text).contains("COPY web-support web-support\n");
        Dockerfile withoutWebSupport = Dockerfile.parse(text.replace("COPY web-support web-support\n", ""));
        ImageBuild build = build(withoutWebSupport, image);

        ImageBuild.Outcome outcome = build.run(Map.of("MODULE", "plan-service"), image.resolve("build.log"));

        assertThat(outcome.exitCode()).as(tail(outcome.output())).isNotZero();
        assertThat(outcome.output()).contains("web-support");
    }

    private static ImageBuild build(Dockerfile dockerfile, Path image) throws IOException {
        ImageBuild build = new ImageBuild(Files.createDirectories(image.resolve("fs")), dockerfile.stage("build"),
                DockerIgnore.parse(Repository.read(".dockerignore")), Repository.ROOT);
        build.copyFromContext();
        return build;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : "…" + output.substring(output.length() - 4000);
    }
}
