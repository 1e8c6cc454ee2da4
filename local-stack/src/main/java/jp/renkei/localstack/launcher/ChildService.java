package jp.renkei.localstack.launcher;

import java.util.List;
import java.util.Objects;

/**
 * One service the launcher runs as a child JVM: {@code java <opts> -jar <module>/target/<module>-exec.jar <args>}.
 *
 * @param name        the name on the console, in the log file name and in {@code RENKEI_PORT_<NAME>}
 * @param module      the Maven module whose {@code -exec.jar} runs
 * @param defaultPort its HTTP port unless {@link #portEnvVar()} says otherwise
 * @param portEnvVar  the environment variable that overrides the port
 * @param args        the service's own arguments ({@link ChildServices#commonArgs} adds the port and profile)
 */
public record ChildService(String name, String module, int defaultPort, String portEnvVar, ArgsBuilder args) {

    /** Builds a child's own command-line arguments for one run. */
    @FunctionalInterface
    public interface ArgsBuilder {
        List<String> build(LaunchContext context);
    }

    public ChildService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(portEnvVar, "portEnvVar");
        Objects.requireNonNull(args, "args");
    }

    public static ChildService of(String name, String module, int defaultPort, ArgsBuilder args) {
        return new ChildService(name, module, defaultPort, PortSpec.envVarFor(name), args);
    }

    public PortSpec portSpec() {
        return new PortSpec(name, defaultPort, portEnvVar);
    }
}
