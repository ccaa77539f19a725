package io.nestauth.contract.support;

import io.nestauth.contract.provider.ProviderUnderTest;
import io.nestauth.testkit.NestAuthTestServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts preparing the run's reference backend ({@code npm ci}, build, boot) in the background, so
 * that a test class that does not need it (the spec check) overlaps with that work. The backend is
 * the one {@link NestAuthTestServer} keeps for the whole run in the default configuration: a class
 * that needs it later waits for the same instance (JUnit's store computes a value once). Does nothing when an external
 * deployment is verified. A failure is left to the classes that need the backend to report.
 */
public final class BackendWarmUp implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BackendWarmUp.class);
    private static final NestAuthTestServer DEFAULT_SERVER = NestAuthTestServer.builder().build();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ProviderUnderTest.isExternal()) {
            return;
        }
        ExtensionContext root = context.getRoot();
        root.getStore(NAMESPACE).getOrComputeIfAbsent("started", key -> {
            Thread warmUp = new Thread(() -> {
                try {
                    DEFAULT_SERVER.backend(root);
                } catch (RuntimeException e) {
                    // reported by the first test class that needs the backend
                }
            }, "nestauth-reference-backend-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
            return Boolean.TRUE;
        });
    }
}
