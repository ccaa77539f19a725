package io.nestauth.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link ReferenceBackend} for the whole test run, wiped before each test
 * class.
 *
 * <pre>{@code
 * @ExtendWith(ReferenceBackendExtension.class)
 * class LoginIT {
 *     LoginIT(ReferenceBackend backend) { ... backend.baseUrl() ... }
 *     @Test void login(BackendHooks hooks) { ... hooks.latestCode("a@example.com") ... }
 * }
 * }</pre>
 *
 * <p>The backend is started lazily by the first class that uses the extension and kept in the
 * root {@link ExtensionContext.Store}; JUnit closes it (an {@link AutoCloseable}) when the run ends.
 * ({@code Store.CloseableResource} is deprecated since JUnit 5.13 in favour of {@code AutoCloseable}.)
 * {@link BackendHooks#reset()} runs before each top-level test class, not before {@code @Nested}
 * classes, so nested classes see their outer class's data. Test classes sharing the backend must
 * not run concurrently.
 */
public final class ReferenceBackendExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ReferenceBackendExtension.class);
    private static final String KEY = "reference-backend";

    /** The run's backend, started on first use. */
    public static ReferenceBackend backend(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> ReferenceBackend.start(), ReferenceBackend.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ReferenceBackend backend = backend(context);
        boolean topLevelClass = context.getParent().map(parent -> parent.equals(context.getRoot())).orElse(true);
        if (topLevelClass) {
            backend.hooks().reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == ReferenceBackend.class || type == BackendHooks.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ReferenceBackend backend = backend(extensionContext);
        return parameterContext.getParameter().getType() == BackendHooks.class ? backend.hooks() : backend;
    }
}
