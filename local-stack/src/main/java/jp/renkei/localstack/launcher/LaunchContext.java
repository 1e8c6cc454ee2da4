package jp.renkei.localstack.launcher;

import java.nio.file.Path;

/** What a child's arguments are built from: the project's paths and the ports of this run. */
public record LaunchContext(StackPaths paths, Ports ports) {

    public int port(String name) {
        return ports.port(name);
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

    /** {@code --spring.config.import=optional:file:<abs>/data/secrets/gateway-keys.properties}. */
    public String importGatewayKeysArg() {
        return "--spring.config.import=optional:file:" + paths.gatewayKeysFile();
    }

    /** Where the gateway serves the public keys of its internal token, which the services check. */
    public String gatewayJwksUri() {
        return serviceUri(ChildServices.GATEWAY) + "/internal/jwks.json";
    }
}
