package io.nestauth.contract.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.nestauth.contract.smoke.SmokeCheck.Outcome;
import io.nestauth.contract.smoke.SmokeCheck.Report;
import io.nestauth.contract.smoke.SmokeCheck.Result;
import io.nestauth.testfixtures.FixedJwts;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The smoke check against deployments set up so that some checks cannot run: they are reported as
 * skipped, with the reason, and the run does not fail. The servers answer as Nest Auth 2.11.1 does
 * with {@code registration.enabled: false} and with {@code registration.requireVerifiedEmail: true}
 * (the library's AuthService and AuthGuard; the answers of nestauth-test-fixtures).
 */
class SmokeCheckTest {

    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Report runAgainst(Function<RecordedRequest, MockResponse> answers) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answers.apply(request);
            }
        });
        server.start();
        return SmokeCheck.run(server.url("/api").toString(), "example.com", false);
    }

    private static String route(RecordedRequest request) {
        return request.getMethod() + " " + request.getUrl().encodedPath().replaceFirst("^/api/auth/", "");
    }

    private static String body(RecordedRequest request) {
        ByteString body = request.getBody();
        return body == null ? "" : body.utf8();
    }

    private static MockResponse error(int status, String name, String message, String code) {
        return MockResponses.json(status, ServerAnswers.errorBody(status, name, message, code));
    }

    /** What every deployment answers without an account. */
    private static MockResponse common(RecordedRequest request, boolean registrationOpen) {
        return switch (route(request)) {
            case "GET client-config" -> MockResponses.json(200, ServerAnswers.toJson(Map.of(
                    "emailAuth", Map.of("enabled", true),
                    "registration", Map.of("enabled", registrationOpen, "requireInvitation", false))));
            case "GET me" -> request.getHeaders().get("Authorization") == null
                    ? MockResponses.json(401, ServerAnswers.noAuthBody())
                    : MockResponses.json(401, ServerAnswers.sessionNotFoundBody());
            case "POST forgot-password" -> error(400, "Bad Request", "phone must be a valid phone number", null);
            default -> error(404, "Not Found", "Cannot " + route(request), null);
        };
    }

    private static Map<String, Outcome> outcomes(Report report) {
        return report.results().stream().collect(Collectors.toMap(Result::check, Result::outcome));
    }

    @Test
    void signupDisabledIsReportedPlainlyAndFailsNothing() throws Exception {
        Report report = runAgainst(request -> route(request).equals("POST signup")
                ? error(403, "ForbiddenException", "Registration is disabled", "REGISTRATION_DISABLED")
                : common(request, false));

        assertThat(report.passed()).isTrue();
        assertThat(report.summary()).isEqualTo("10 checks: 3 passed, 0 failed, 7 skipped");
        assertThat(report.results()).filteredOn(r -> r.outcome() == Outcome.PASSED).extracting(Result::check)
                .containsExactly("client configuration", "request without a token", "invalid input");
        assertThat(report.results().get(0).got()).contains("registration closed");
        assertThat(report.results().get(1).got()).isEqualTo("signup is disabled on this deployment "
                + "(403 REGISTRATION_DISABLED \"Registration is disabled\")");
        assertThat(report.results().subList(2, 6)).extracting(Result::got)
                .containsOnly("needs the account that the signup check did not make");
        assertThat(report.render()).contains("(public endpoints only, no test hooks; no account was made)",
                "SKIPPED  signup with a new address\n", "skipped:  signup is disabled on this deployment");
    }

    @Test
    void verifiedEmailsOnlyIsReportedPlainlyAndTheRestIsChecked() throws Exception {
        Set<String> endedSessions = ConcurrentHashMap.newKeySet();
        MockResponse notVerified = error(403, "ForbiddenException", "You must verify your email address before continuing",
                "EMAIL_NOT_VERIFIED");
        Report report = runAgainst(request -> {
            String bearer = request.getHeaders().get("Authorization");
            switch (route(request)) {
                case "POST signup":
                    return MockResponses.json(200, ServerAnswers.tokensBody(FixedJwts.ACCESS, FixedJwts.REFRESH,
                            "Signup successful"));
                case "POST login":
                    return body(request).contains("-wrong\"")
                            ? error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS")
                            : MockResponses.json(200, ServerAnswers.tokensBody(FixedJwts.VERIFIED_ACCESS,
                                    FixedJwts.VERIFIED_REFRESH, "Login successful"));
                case "POST refresh-token":
                    return MockResponses.json(200, ServerAnswers.tokensBody(FixedJwts.REFRESHED_ACCESS,
                            FixedJwts.REFRESHED_REFRESH, "Token refreshed successfully"));
                case "POST logout":
                    endedSessions.add(bearer);
                    return MockResponses.json(200, ServerAnswers.messageBody("Logged out successfully"));
                case "GET me":
                    return bearer == null || endedSessions.contains(bearer) ? common(request, true) : notVerified;
                case "GET verify-session":
                case "POST change-password":
                    return notVerified;
                default:
                    return common(request, true);
            }
        });

        assertThat(report.passed()).isTrue();
        assertThat(outcomes(report)).containsEntry("signup with a new address", Outcome.PASSED)
                .containsEntry("session user (GET /auth/me)", Outcome.SKIPPED)
                .containsEntry("refresh", Outcome.SKIPPED)
                .containsEntry("change password", Outcome.SKIPPED)
                .containsEntry("login with the right password", Outcome.PASSED)
                .containsEntry("wrong password", Outcome.PASSED)
                .containsEntry("logout", Outcome.PASSED);
        assertThat(report.results()).filteredOn(r -> r.check().equals("session user (GET /auth/me)")).singleElement()
                .extracting(Result::got).asString()
                .startsWith("this deployment lets only accounts with a verified email address in")
                .endsWith("(403 EMAIL_NOT_VERIFIED \"You must verify your email address before continuing\")");
        assertThat(report.summary()).isEqualTo("10 checks: 7 passed, 0 failed, 3 skipped");
    }
}
