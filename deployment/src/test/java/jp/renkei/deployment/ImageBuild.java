package jp.renkei.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Dockerfile's build stage played without Docker: a directory stands for the image's file system; its
 * {@code COPY} lines copy from the repository what {@code .dockerignore} lets into the build context, and its
 * {@code RUN} lines run there with their {@code ARG}s in the environment (as Docker passes them), through
 * {@code sh -c}. Maven runs offline ({@code MAVEN_ARGS=-o}), against this machine's local repository, so the build
 * needs no network; whatever the image's base would bring (a JDK) comes from the JVM running the tests.
 *
 * @param root the directory that stands for the image's {@code /}
 */
record ImageBuild(Path root, Dockerfile.Stage stage, DockerIgnore ignored, Path context) {

    /** What running the stage's RUN lines did: the exit code of the first that failed (or 0) and the output. */
    record Outcome(int exitCode, String output) {
    }

    /** Maps an absolute path inside the image to the directory standing for it. */
    Path inImage(String absolute) {
        return root.resolve(absolute.replaceAll("^/+", ""));
    }

    /** Copies what the stage's COPY lines (those not from another stage) take from the build context. */
    void copyFromContext() {
        String workdir = stage.workdir();
        for (Dockerfile.Instruction copy : stage.all("COPY")) {
            if (copy.hasFlag("from")) {
                continue;
            }
            List<String> operands = Arrays.asList(copy.operands().split("\\s+"));
            String destination = operands.get(operands.size() - 1);
            Path target = inImage(destination.startsWith("/") ? destination : workdir + "/" + destination);
            List<String> sources = operands.subList(0, operands.size() - 1);
            for (String source : sources) {
                if (source.contains("*") || source.contains("?")) {
                    throw new IllegalArgumentException("wildcards in COPY are not played here: " + copy.arguments());
                }
                Path from = context.resolve(source).normalize();
                String relative = context.relativize(from).toString().replace('\\', '/');
                if (!Files.exists(from) || ignored.excludes(relative)) {
                    throw new IllegalStateException("COPY " + source + ": not in the build context"
                            + (Files.exists(from) ? " (.dockerignore leaves it out)" : ""));
                }
                boolean intoDirectory = destination.endsWith("/") || sources.size() > 1;
                copy(from, Files.isDirectory(from) || !intoDirectory ? target : target.resolve(from.getFileName()));
            }
        }
    }

    /** Runs the stage's RUN lines in order, in its working directory, until one fails. */
    Outcome run(Map<String, String> args, Path log) throws IOException, InterruptedException {
        Path workdir = inImage(stage.workdir());
        Files.createDirectories(workdir);
        StringBuilder output = new StringBuilder();
        for (Dockerfile.Instruction run : stage.all("RUN")) {
            ProcessBuilder shell = new ProcessBuilder("sh", "-c", run.operands()).directory(workdir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // Docker hands a RUN only the build arguments its stage declares
            stage.all("ARG").stream().map(arg -> arg.arguments().split("=")[0]).filter(args::containsKey)
                    .forEach(name -> shell.environment().put(name, args.get(name)));
            shell.environment().put("MAVEN_ARGS", "-o");
            shell.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                    + System.getenv("PATH"));
            Process process = shell.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Outcome(-1, "RUN took longer than 10 minutes: " + run.operands());
            }
            output.append(Files.readString(log, StandardCharsets.UTF_8));
            if (process.exitValue() != 0) {
                return new Outcome(process.exitValue(), output.toString());
            }
        }
        return new Outcome(0, output.toString());
    }

    /** Copies a file, or a directory's content that the build context holds, to {@code target}. */
    private void copy(Path from, Path target) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = context.relativize(path).toString().replace('\\', '/');
                if (ignored.excludes(relative)) {
                    continue;
                }
                Path to = target.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
