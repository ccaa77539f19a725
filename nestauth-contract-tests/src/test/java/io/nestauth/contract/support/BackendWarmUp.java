package io.nestauth.contract.support;

import io.nestauth.contract.provider.ProviderUnderTest;
import io.nestauth.testkit.NestAuthTestServer;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts preparing the run's reference backends ({@code npm ci}, build, boot) in the background, so
 * that a test class that does not need them (the spec check) overlaps with that work: the one
 * {@link NestAuthTestServer} keeps for the whole run in the default configuration (the journeys'),
 * and the local deployment the verifications run against. A class that needs one later waits for
 * the same instance (JUnit's store computes a value once). Does nothing when an external deployment
 * is verified. A failure is left to the classes that need the backend to report.
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
            for (NestAuthTestServer server : List.of(ProviderUnderTest.LOCAL_DEPLOYMENT, DEFAULT_SERVER)) {
                Thread warmUp = new Thread(() -> {
                    try {
                        server.backend(root);
                    } catch (RuntimeException e) {
                        // reported by the first test class that needs the backend
                    }
                }, "nestauth-reference-backend-warm-up");
                warmUp.setDaemon(true);
                warmUp.start();
            }
            return Boolean.TRUE;
        });
    }
}
