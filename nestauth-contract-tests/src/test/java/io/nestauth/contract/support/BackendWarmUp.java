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
 * the local deployment the verifications run against, and then the token-delivery journey's servers
 * ({@link TokenDeliveryServers}), needed later. A class that needs one waits for the same instance
 * (JUnit's store computes a value once). Does nothing when an external deployment is verified. A
 * failure is left to the classes that need the backend to report.
 */
public final class BackendWarmUp implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BackendWarmUp.class);
    private static final NestAuthTestServer DEFAULT_SERVER = NestAuthTestServer.builder().build();

    private static void startInBackground(ExtensionContext root, List<NestAuthTestServer> servers, String name) {
        Thread warmUp = new Thread(() -> {
            for (NestAuthTestServer server : servers) {
                try {
                    server.backend(root);
                } catch (RuntimeException e) {
                    // reported by the first test class that needs the backend
                }
            }
        }, name);
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ProviderUnderTest.isExternal()) {
            return;
        }
        ExtensionContext root = context.getRoot();
        root.getStore(NAMESPACE).getOrComputeIfAbsent("started", key -> {
            startInBackground(root, List.of(DEFAULT_SERVER), "nestauth-reference-backend-warm-up");
            startInBackground(root, List.of(ProviderUnderTest.LOCAL_DEPLOYMENT), "nestauth-local-deployment-warm-up");
            // the token-delivery journey's own servers, one after the other: needed later, idle until then
            startInBackground(root, TokenDeliveryServers.ALL, "nestauth-token-delivery-warm-up");
            return Boolean.TRUE;
        });
    }
}
