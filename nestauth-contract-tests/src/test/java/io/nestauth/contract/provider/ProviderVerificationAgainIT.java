package io.nestauth.contract.provider;

import static io.nestauth.contract.Contract.PROVIDER;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The same verification once more against the same server, which still holds everything the first
 * run made and was not wiped in between: a deployment can be verified again and again.
 * {@link DeploymentUntouchedIT} then checks that the data that was there before both is as it was.
 */
@Order(3)
@DisabledIfSystemProperty(named = ProviderUnderTest.BASE_URL_PROPERTY, matches = ".+",
        disabledReason = "once is enough against an external deployment")
@Provider(PROVIDER)
@PactFolder("${pact.rootDir:target/pacts}")
class ProviderVerificationAgainIT extends NestAuthProviderContract {
}
