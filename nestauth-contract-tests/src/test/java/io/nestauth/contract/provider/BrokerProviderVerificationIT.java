package io.nestauth.contract.provider;

import static io.nestauth.contract.Contract.PROVIDER;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactBroker;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The same verification, for the pacts of a Pact Broker: runs only when {@code -Dpactbroker.url=...}
 * is given (pact-jvm's standard property; authentication through {@code pactbroker.auth.token} or
 * {@code pactbroker.auth.username}/{@code password}, consumer version selectors through
 * {@code pactbroker.consumerversionselectors.*}). The verification results go back to the broker when
 * {@code -Dpact.verifier.publishResults=true} and {@code -Dpact.provider.version=...} are set.
 */
@Provider(PROVIDER)
@PactBroker
@EnabledIfSystemProperty(named = "pactbroker.url", matches = ".+",
        disabledReason = "no Pact Broker configured (-Dpactbroker.url)")
class BrokerProviderVerificationIT extends NestAuthProviderContract {
}
