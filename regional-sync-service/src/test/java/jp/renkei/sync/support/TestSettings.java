package jp.renkei.sync.support;

import java.util.UUID;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.support.security.testing.TestTokens;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every regional-sync-service under test needs: the shared broker and store, and the test gateway's keys. */
public final class TestSettings {

    private TestSettings() {
    }

    /** The broker, a database of the test's own, and the JWK set the service checks tokens against. */
    public static void register(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("sync-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same as command-line arguments, for a service started by the test itself. */
    public static String jwksArgument() {
        return "--renkei.security.jwks-uri=" + TestTokens.shared().jwksUri();
    }
}
