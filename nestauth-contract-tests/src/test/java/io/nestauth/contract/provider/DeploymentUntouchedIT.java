package io.nestauth.contract.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * After {@link ProviderVerificationIT} and {@link ProviderVerificationAgainIT} ran against the local
 * deployment (the reference backend with only the drop-in test hooks), the data that was there
 * before them ({@link Sentinel}) is as it was: the provider states neither wipe nor change data they
 * did not create. Run it with them: {@code mvn verify -pl nestauth-contract-tests}.
 */
@Order(4)
@DisabledIfSystemProperty(named = ProviderUnderTest.BASE_URL_PROPERTY, matches = ".+",
        disabledReason = "checks the local deployment the verifications ran against")
class DeploymentUntouchedIT {

    @Test
    void twoVerificationsPassedAndLeftTheDataThatWasThereAsItWas() {
        assertThat(ProviderUnderTest.completedLocalRuns())
                .as("verifications against the local deployment (run this class with ProviderVerificationIT and "
                        + "ProviderVerificationAgainIT)")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(run -> {
                    assertThat(run.passed()).as(run.verification() + " interactions passed").isGreaterThan(40);
                    assertThat(run.failed()).as(run.verification() + " interactions failed").isZero();
                });

        Sentinel sentinel = ProviderUnderTest.sentinel().orElseThrow();

        assertThat(sentinel.changes()).as(sentinel.toString()).isEmpty();
    }
}
