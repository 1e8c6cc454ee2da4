package jp.renkei.localstack.launcher;

import java.nio.file.Path;

/**
 * What a child's arguments are built from: the project's paths and the ports of this run, as far as they are known.
 */
public record LaunchContext(StackPaths paths, Ports ports) {

    /**
     * A part's port, a child's own not counted ({@link ChildServices#commonArgs} asks for that one, 0 or not).
     *
     * @throws PortNotYetKnown if it was started on port 0 and has not said yet which one it bound (the launcher then
     *                         waits for that and builds the arguments again)
     */
    public int port(String name) {
        if (!ports.isKnown(name)) {
            throw new PortNotYetKnown(name);
        }
        return ports.port(name);
    }

    /** The port of another part is needed before that part has bound one. */
    public static final class PortNotYetKnown extends RuntimeException {

        private final String name;

        PortNotYetKnown(String name) {
            super(name + " has not bound its port yet", null, false, false);
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    /** {@code 127.0.0.1:9092}. */
    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + port(ChildServices.KAFKA);
    }

    /** {@code mongodb://127.0.0.1:27017/DATABASE}. */
    public String mongoUri(String database) {
        return "mongodb://127.0.0.1:" + port(ChildServices.MONGO) + "/" + database;
    }

    /** {@code http://127.0.0.1:PORT} of another child. */
    public String serviceUri(String name) {
        return "http://127.0.0.1:" + port(name);
    }

    /** The absolute path of the generated partner webhook secrets. */
    public Path secretsFile() {
        return paths.secretsFile();
    }

    /** {@code --spring.config.import=optional:file:<abs>/data/secrets/partner-webhooks.properties}. */
    public String importSecretsArg() {
        return "--spring.config.import=optional:file:" + secretsFile();
    }

    /**
     * {@code --spring.config.import=optional:file:<abs>/data/secrets/gateway-keys.properties,…}: the demo API keys and
     * the key the gateway signs its internal token with ({@link GatewayTokenKey}).
     */
    public String importGatewayKeysArg() {
        return "--spring.config.import=optional:file:" + paths.gatewayKeysFile() + ",optional:file:"
                + paths.gatewayTokenKeyFile();
    }

    /**
     * {@code file:<abs>/data/secrets/gateway-jwks.json}: the public half of the gateway's token key, which the services
     * check tokens against. A file that exists before any service or the gateway starts, so that the services need not
     * know where the gateway listens (it starts after them, once it knows where they listen).
     */
    public String gatewayKeySetUri() {
        return paths.gatewayKeySetFile().toUri().toString();
    }
}
