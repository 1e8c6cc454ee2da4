package jp.renkei.localstack.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a child service is turned into a command line. */
public interface ChildCommand {

    /** The JVM options for children unless {@code RENKEI_JAVA_OPTS} is set: quick to start on two cores. */
    String DEFAULT_JAVA_OPTS =
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx512m -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8";

    List<String> command(ChildService service, List<String> args);

    /** Why the service cannot start (its jar is missing, say), checked before anything starts. */
    default Optional<String> problem(ChildService service) {
        return Optional.empty();
    }

    /** {@code java <opts> -jar <module>/target/<module>-exec.jar <args>}, with this JVM's {@code java}. */
    static ChildCommand execJar(StackPaths paths, String javaOpts) {
        String opts = javaOpts == null || javaOpts.isBlank() ? DEFAULT_JAVA_OPTS : javaOpts;
        return new ChildCommand() {
            @Override
            public List<String> command(ChildService service, List<String> args) {
                List<String> command = new ArrayList<>();
                command.add(javaExecutable());
                command.addAll(splitOptions(opts));
                command.add("-jar");
                command.add(paths.execJar(service.module()).toString());
                command.addAll(args);
                return command;
            }

            @Override
            public Optional<String> problem(ChildService service) {
                Path jar = paths.execJar(service.module());
                if (!Files.isRegularFile(jar)) {
                    return Optional.of("renkei: " + paths.display(jar) + " is missing; build it with ./mvnw -DskipTests package"
                            + " (./renkei up does that for you)");
                }
                return Optional.empty();
            }
        };
    }

    /** The {@code java} of the JVM that runs the launcher. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> splitOptions(String options) {
        String trimmed = options == null ? "" : options.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
