package io.nestauth.contract.provider;

import static io.nestauth.contract.Contract.PROVIDER;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import org.junit.jupiter.api.Order;

/**
 * Replays every interaction of the consumer pact ({@code target/pacts}, written by the
 * {@code *PactTest} classes in the test phase) against a real Nest Auth: the reference backend run
 * as a team's deployment (only the drop-in test hooks), or the deployment named by
 * {@code -Dnestauth.provider.baseUrl} / {@code -Dnestauth.provider.statesUrl} (see
 * {@link ProviderUnderTest}). The provider states are in {@link NestAuthProviderContract}.
 */
@Order(2)
@Provider(PROVIDER)
@PactFolder("${pact.rootDir:target/pacts}")
class ProviderVerificationIT extends NestAuthProviderContract {
}
