package jp.renkei.localstack.launcher;

import java.nio.file.Path;
import java.util.Objects;

/** Where a run keeps its files, all under {@code <project root>/data}. */
public record StackPaths(Path root) {

    public StackPaths {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The project root: {@code -Drenkei.home} if set, the working directory otherwise. */
    public static StackPaths resolve() {
        String home = System.getProperty("renkei.home");
        return new StackPaths(Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home));
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path logs() {
        return data().resolve("logs");
    }

    public Path kafkaDir() {
        return data().resolve("kafka");
    }

    public Path mongoFile() {
        return data().resolve("mongo").resolve("renkei.mv");
    }

    public Path secretsFile() {
        return data().resolve("secrets").resolve("partner-webhooks.properties");
    }

    /** The AES key consultation-service encrypts submitters' personal data with; it generates the file on first start. */
    public Path personalDataKeyFile() {
        return data().resolve("secrets").resolve("consultation-personal-data.key");
    }

    /** The demo API keys as the gateway reads them ({@link LocalCredentials}). */
    public Path gatewayKeysFile() {
        return data().resolve("secrets").resolve("gateway-keys.properties");
    }

    /** The private key the gateway signs its internal token with, as the gateway reads it ({@link GatewayTokenKey}). */
    public Path gatewayTokenKeyFile() {
        return data().resolve("secrets").resolve("gateway-token-key.properties");
    }

    /** The public half of {@link #gatewayTokenKeyFile()} as a JWK set, which the services check tokens against. */
    public Path gatewayKeySetFile() {
        return data().resolve("secrets").resolve("gateway-jwks.json");
    }

    public Path pidFile() {
        return data().resolve("renkei.pid");
    }

    public Path credentialsFile() {
        return data().resolve("local-credentials");
    }

    public Path partnerInboxDir() {
        return data().resolve("partner-inbox");
    }

    public Path logFile(String name) {
        return logs().resolve(name + ".log");
    }

    /** A module's executable jar: {@code <module>/target/<module>-exec.jar}. */
    public Path execJar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }

    /** The path relative to the project root, for the console ({@code data/kafka}). */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
