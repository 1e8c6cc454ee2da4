package jp.renkei.localstack.launcher;

import java.util.Locale;
import java.util.Objects;

/**
 * A port the local stack needs, its default, and the environment variable that overrides it
 * ({@code RENKEI_PORT_} + the name in upper case, dashes as underscores, e.g. {@code RENKEI_PORT_PLAN_SERVICE}).
 */
public record PortSpec(String name, int defaultPort, String envVar) {

    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(envVar, "envVar");
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("not a port: " + defaultPort);
        }
    }

    public static PortSpec of(String name, int defaultPort) {
        return new PortSpec(name, defaultPort, envVarFor(name));
    }

    public static String envVarFor(String name) {
        return "RENKEI_PORT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
