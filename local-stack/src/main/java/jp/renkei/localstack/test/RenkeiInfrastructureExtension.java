package jp.renkei.localstack.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link RenkeiInfrastructure#shared()} before the first test class that uses it and stops it when the whole
 * test run ends: the handle lives in the root {@link ExtensionContext.Store}, which JUnit closes after the last test.
 * Test methods and constructors may also take a {@link RenkeiInfrastructure} parameter.
 *
 * <pre>{@code
 * @ExtendWith(RenkeiInfrastructureExtension.class)
 * class OutboxRelayTest { ... }
 * }</pre>
 */
public final class RenkeiInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RenkeiInfrastructureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        handle(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RenkeiInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        handle(extensionContext);
        return RenkeiInfrastructure.shared();
    }

    private static void handle(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Handle.class.getName(), key -> {
            RenkeiInfrastructure.shared();
            return new Handle();
        }, Handle.class);
    }

    /** Closed by JUnit with the root store, at the end of the test run: stops the shared infrastructure. */
    static final class Handle implements AutoCloseable {

        @Override
        public void close() {
            RenkeiInfrastructure.stopShared();
        }
    }
}
