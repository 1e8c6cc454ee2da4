package jp.renkei.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link RenkeiSystem} for the whole test run, handed to test classes as a parameter (of a {@code @BeforeAll}
 * method, say): the services start once, not once per class, and stop when the run ends, before the shared
 * infrastructure they use. Tests that share it work on data of their own or read versions they made themselves.
 * Each test class starts with consultation-service's clock where the system started it: one class moving it past a
 * deadline moves it for none of the classes after it.
 */
public final class RenkeiSystemExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RenkeiSystemExtension.class);

    private final RenkeiInfrastructureExtension infrastructure = new RenkeiInfrastructureExtension();

    @Override
    public void beforeAll(ExtensionContext context) {
        RenkeiSystem running = context.getRoot().getStore(NAMESPACE).get(RenkeiSystem.class.getName(), RenkeiSystem.class);
        if (running != null) {
            running.consultationClock().reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RenkeiSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // the infrastructure's handle goes into the root store first, so JUnit closes the system before it
        infrastructure.beforeAll(extensionContext);
        return extensionContext.getRoot().getStore(NAMESPACE).computeIfAbsent(RenkeiSystem.class.getName(), key -> {
            try {
                return RenkeiSystem.withOidcProvider();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, RenkeiSystem.class);
    }
}
