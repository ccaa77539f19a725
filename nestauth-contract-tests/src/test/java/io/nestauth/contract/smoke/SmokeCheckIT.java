package io.nestauth.contract.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.contract.provider.ProviderUnderTest;
import io.nestauth.contract.smoke.SmokeCheck.Outcome;
import io.nestauth.contract.smoke.SmokeCheck.Report;
import io.nestauth.contract.smoke.SmokeCheck.Result;
import io.nestauth.testkit.NestAuthTestServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The smoke check against the local deployment (the reference backend with only the drop-in test
 * hooks, which the check never calls), after the verifications ran there.
 */
@Order(5)
@DisabledIfSystemProperty(named = ProviderUnderTest.BASE_URL_PROPERTY, matches = ".+",
        disabledReason = "runs against the local deployment")
class SmokeCheckIT {

    @RegisterExtension
    static NestAuthTestServer deployment = ProviderUnderTest.LOCAL_DEPLOYMENT;

    @Test
    void everyCheckPassesAgainstTheDeploymentAndTheReportHoldsNoSecret() {
        Report report = SmokeCheck.run(deployment.baseUrl());

        assertThat(report.results()).extracting(Result::check).containsExactly("client configuration",
                "signup with a new address", "session user (GET /auth/me)", "login with the right password", "refresh",
                "wrong password", "request without a token", "invalid input", "logout", "change password");
        assertThat(report.results()).allSatisfy(result -> assertThat(result.outcome()).as(result.toString())
                .isEqualTo(Outcome.PASSED));
        assertThat(report.passed()).isTrue();
        assertThat(report.account()).matches("nestauth-smoke-[0-9a-f]{10}@example\\.com");
        assertThat(report.accountMade()).isTrue();
        String text = report.render();
        assertThat(text).contains("PASSED   wrong password", "got:      401 INVALID_CREDENTIALS",
                "10 checks: 10 passed, 0 failed, 0 skipped");
        // no password (Smoke-<24 hex digits>-..), no token (a JWT starts eyJ)
        assertThat(text).doesNotContainPattern("Smoke-[0-9a-f]{24}").doesNotContain("eyJ");
    }

    @Test
    void aDeploymentThatAnswersOtherwiseFailsWithWhatCameBack() {
        // the root without the API prefix: every route answers 404
        Report report = SmokeCheck.run(deployment.rootUrl());

        assertThat(report.passed()).isFalse();
        assertThat(report.results()).filteredOn(r -> r.check().equals("request without a token")).singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(r.got()).startsWith("404 ").contains("Cannot GET /auth/me");
                });
        assertThat(report.results()).filteredOn(r -> r.check().equals("logout")).singleElement()
                .satisfies(r -> assertThat(r.got()).isEqualTo("needs the account that the signup check did not make"));
        assertThatThrownBy(() -> SmokeCheck.main(new String[] {deployment.rootUrl()}))
                .isInstanceOf(SmokeCheck.SmokeCheckFailed.class)
                .hasMessageContaining("failed: 10 checks: 0 passed, 4 failed, 6 skipped");
    }

    @Test
    void aUrlItCannotUseIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> SmokeCheck.run(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dnestauth.baseUrl=");
        assertThatThrownBy(() -> SmokeCheck.run("${nestauth.baseUrl}")).isInstanceOf(IllegalArgumentException.class);
        // plain http to another host: the SDK refuses it unless -Dnestauth.smoke.allowInsecureHttp=true
        assertThatThrownBy(() -> SmokeCheck.run("http://staging.example.com/api", "example.com", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
