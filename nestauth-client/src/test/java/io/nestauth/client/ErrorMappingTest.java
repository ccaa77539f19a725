package io.nestauth.client;

import io.nestauth.client.exception.AccountLockedException;
import io.nestauth.client.exception.InvalidCodeException;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.TenantAccessException;
import io.nestauth.client.exception.ValidationException;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.sessionNotFound;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testfixtures.TestUser.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each documented error status becomes the right {@link NestAuthException} subtype with all its facts. */
class ErrorMappingTest extends ClientTestSupport {

  /** The expectation for one row; {@code code}/{@code serverMessage}/{@code retryAfter} null mean "absent". */
  record Expected(Class<? extends NestAuthException> type, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
  }

  @BeforeEach
  void signedIn() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
  }

  static Stream<Arguments> errors() {
    Consumer<NestAuthClient> signup = c -> c.signupWithEmail("alice@example.com", PASSWORD).execute();
    Consumer<NestAuthClient> login = c -> c.loginWithEmail("alice@example.com", "wrong-pass-1").execute();
    return Stream.of(
        Arguments.of("400 validation, message string", signup,
            error(400, "Bad Request", "password must be longer than or equal to 8 characters", null),
            new Expected(ValidationException.class, 400, null, "password must be longer than or equal to 8 characters",
                "POST", "/auth/signup", null)),
        Arguments.of("400 validation, message array (MFA controller without global filter)",
            (Consumer<NestAuthClient>) c -> c.toggleMfa(true).execute(),
            json(400, "{\"message\":[\"enabled should not be null or undefined\",\"enabled must be a boolean value\"],"
                + "\"error\":\"Bad Request\",\"statusCode\":400}"),
            new Expected(ValidationException.class, 400, null, "enabled should not be null or undefined", "POST",
                "/auth/mfa/toggle", null)),
        Arguments.of("400 coded EMAIL_ALREADY_EXISTS", signup,
            error(400, "BadRequestException", "Email already exists", "EMAIL_ALREADY_EXISTS"),
            new Expected(NestAuthResponseException.class, 400, "EMAIL_ALREADY_EXISTS", "Email already exists", "POST",
                "/auth/signup", null)),
        Arguments.of("400 MISSING_REQUIRED_FIELDS is a validation error", login,
            error(400, "BadRequestException", "Missing required fields", "MISSING_REQUIRED_FIELDS"),
            new Expected(ValidationException.class, 400, "MISSING_REQUIRED_FIELDS", "Missing required fields", "POST",
                "/auth/login", null)),
        Arguments.of("401 INVALID_CREDENTIALS", login,
            error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS"),
            new Expected(InvalidCredentialsException.class, 401, "INVALID_CREDENTIALS", "Invalid credentials", "POST",
                "/auth/login", null)),
        Arguments.of("401 MFA_REQUIRED", (Consumer<NestAuthClient>) c -> c.getUser().execute(),
            error(401, "UnauthorizedException", "MFA verification required", "MFA_REQUIRED"),
            new Expected(MfaRequiredException.class, 401, "MFA_REQUIRED", "MFA verification required", "GET",
                "/auth/user", null)),
        Arguments.of("401 MFA_CODE_INVALID without statusCode/error (MFA controller)",
            (Consumer<NestAuthClient>) c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", "000000").execute(),
            json(401, "{\"message\":\"Invalid OTP\",\"code\":\"MFA_CODE_INVALID\"}"),
            new Expected(InvalidCodeException.class, 401, "MFA_CODE_INVALID", "Invalid OTP", "POST",
                "/auth/mfa/verify-totp-setup", null)),
        Arguments.of("401 MFA_CODE_INVALID on MFA verify", (Consumer<NestAuthClient>) c -> c.verifyMfa("000000",
                MfaMethod.TOTP, false).execute(),
            error(401, "UnauthorizedException", "Invalid MFA code", "MFA_CODE_INVALID"),
            new Expected(InvalidCodeException.class, 401, "MFA_CODE_INVALID", "Invalid MFA code", "POST",
                "/auth/mfa/verify", null)),
        Arguments.of("400 VERIFICATION_CODE_INVALID on MFA verify by email",
            (Consumer<NestAuthClient>) c -> c.verifyMfa("000000", MfaMethod.EMAIL, false).execute(),
            error(400, "BadRequestException", "Invalid verification code", "VERIFICATION_CODE_INVALID"),
            new Expected(InvalidCodeException.class, 400, "VERIFICATION_CODE_INVALID", "Invalid verification code",
                "POST", "/auth/mfa/verify", null)),
        Arguments.of("400 VERIFICATION_CODE_INVALID on email verification", (Consumer<NestAuthClient>) c -> c.verifyEmail("000000").execute(),
            error(400, "BadRequestException", "Too many invalid attempts. Please request a new verification code.",
                "VERIFICATION_CODE_INVALID"),
            new Expected(InvalidCodeException.class, 400, "VERIFICATION_CODE_INVALID",
                "Too many invalid attempts. Please request a new verification code.", "POST", "/auth/verify-email", null)),
        Arguments.of("400 VERIFICATION_CODE_EXPIRED on the password-reset code",
            (Consumer<NestAuthClient>) c -> c.verifyForgotPasswordOtp("alice@example.com", "123456").execute(),
            error(400, "BadRequestException", "Verification code has expired", "VERIFICATION_CODE_EXPIRED"),
            new Expected(InvalidCodeException.class, 400, "VERIFICATION_CODE_EXPIRED", "Verification code has expired",
                "POST", "/auth/verify-forgot-password-otp", null)),
        Arguments.of("400 VERIFICATION_CODE_INVALID on a passwordless login",
            (Consumer<NestAuthClient>) c -> c.loginWithPasswordlessCode("alice@example.com", "123456",
                PasswordlessChannel.EMAIL).execute(),
            error(400, "BadRequestException", "Invalid or expired code", "VERIFICATION_CODE_INVALID"),
            new Expected(InvalidCodeException.class, 400, "VERIFICATION_CODE_INVALID", "Invalid or expired code", "POST",
                "/auth/login", null)),
        Arguments.of("401 MFA_RECOVERY_CODE_INVALID", (Consumer<NestAuthClient>) c -> c.verifyRecoveryCode("abcd-efgh", false).execute(),
            error(401, "UnauthorizedException", "Invalid recovery code", "MFA_RECOVERY_CODE_INVALID"),
            new Expected(InvalidCodeException.class, 401, "MFA_RECOVERY_CODE_INVALID", "Invalid recovery code", "POST",
                "/auth/mfa/verify-recovery-code", null)),
        Arguments.of("400 TENANT_ID_REQUIRED (isolated mode)", signup,
            error(400, "BadRequestException", "Tenant ID is required", "TENANT_ID_REQUIRED"),
            new Expected(TenantAccessException.class, 400, "TENANT_ID_REQUIRED", "Tenant ID is required", "POST",
                "/auth/signup", null)),
        Arguments.of("400 TENANT_SWITCHING_NOT_SUPPORTED", (Consumer<NestAuthClient>) c -> c.switchTenant(TENANT_ID).execute(),
            error(400, "BadRequestException",
                "Tenant switching is not supported in isolated mode. Sign in to the target tenant directly.",
                "TENANT_SWITCHING_NOT_SUPPORTED"),
            new Expected(TenantAccessException.class, 400, "TENANT_SWITCHING_NOT_SUPPORTED",
                "Tenant switching is not supported in isolated mode. Sign in to the target tenant directly.", "POST",
                "/auth/switch-tenant", null)),
        Arguments.of("401 USER_NOT_FOUND on switch-tenant: not a member", (Consumer<NestAuthClient>) c -> c.switchTenant(TENANT_ID).execute(),
            error(401, "UnauthorizedException", "User not found", "USER_NOT_FOUND"),
            new Expected(TenantAccessException.class, 401, "USER_NOT_FOUND", "User not found", "POST",
                "/auth/switch-tenant", null)),
        Arguments.of("403 NOT_A_MEMBER_OF_TENANT", (Consumer<NestAuthClient>) c -> c.switchTenant(TENANT_ID).execute(),
            error(403, "ForbiddenException", "You do not have access to that tenant.", "NOT_A_MEMBER_OF_TENANT"),
            new Expected(TenantAccessException.class, 403, "NOT_A_MEMBER_OF_TENANT", "You do not have access to that tenant.",
                "POST", "/auth/switch-tenant", null)),
        Arguments.of("401 USER_NOT_FOUND elsewhere stays a plain response error",
            (Consumer<NestAuthClient>) c -> c.changePassword(PASSWORD, "another-password-2").execute(),
            error(401, "UnauthorizedException", "User not found", "USER_NOT_FOUND"),
            new Expected(NestAuthResponseException.class, 401, "USER_NOT_FOUND", "User not found", "POST",
                "/auth/change-password", null)),
        Arguments.of("403 MISSING_REQUIRED_PERMISSIONS",
            (Consumer<NestAuthClient>) c -> c.inviteUser(InviteRequest.builder().email("invitee@example.com").build()).execute(),
            error(403, "ForbiddenException", "Missing required permissions", "MISSING_REQUIRED_PERMISSIONS"),
            new Expected(NestAuthResponseException.class, 403, "MISSING_REQUIRED_PERMISSIONS",
                "Missing required permissions", "POST", "/auth/invite", null)),
        Arguments.of("404 TENANT_NOT_FOUND", (Consumer<NestAuthClient>) c -> c.lookupTenant("nope").execute(),
            error(404, "NotFoundException", "Tenant not found", "TENANT_NOT_FOUND"),
            new Expected(TenantAccessException.class, 404, "TENANT_NOT_FOUND", "Tenant not found", "GET",
                "/auth/tenants/lookup", null)),
        Arguments.of("404 unknown MFA device, no code",
            (Consumer<NestAuthClient>) c -> c.removeTotpDevice("00000000-0000-4000-8000-000000000000").execute(),
            json(404, "{\"message\":\"MFA device not found\",\"error\":\"Not Found\",\"statusCode\":404}"),
            new Expected(NestAuthResponseException.class, 404, null, "MFA device not found", "DELETE",
                "/auth/mfa/devices/{deviceId}", null)),
        Arguments.of("409 USER_ALREADY_EXISTS", signup,
            error(409, "ConflictException", "User already exists", "USER_ALREADY_EXISTS"),
            new Expected(NestAuthResponseException.class, 409, "USER_ALREADY_EXISTS", "User already exists", "POST",
                "/auth/signup", null)),
        Arguments.of("429 RATE_LIMITED with Retry-After", login,
            error(429, "HttpException", "Too many requests. Please try again later.", "RATE_LIMITED").newBuilder()
                .addHeader("Retry-After", "60").build(),
            new Expected(RateLimitedException.class, 429, "RATE_LIMITED", "Too many requests. Please try again later.",
                "POST", "/auth/login", Duration.ofSeconds(60))),
        Arguments.of("429 ACCOUNT_LOCKED with Retry-After", login,
            error(429, "HttpException", "Account temporarily locked after too many failed attempts. Please try again later.",
                "ACCOUNT_LOCKED").newBuilder().addHeader("Retry-After", "900").build(),
            new Expected(AccountLockedException.class, 429, "ACCOUNT_LOCKED",
                "Account temporarily locked after too many failed attempts. Please try again later.", "POST", "/auth/login",
                Duration.ofSeconds(900))),
        Arguments.of("500 coded", (Consumer<NestAuthClient>) c -> c.getClientConfig().execute(),
            error(500, "InternalServerErrorException", "Internal server error", null),
            new Expected(NestAuthResponseException.class, 500, null, "Internal server error", "GET", "/auth/client-config",
                null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void mapsTheErrorAnswer(String name, Consumer<NestAuthClient> call, MockResponse answer, Expected expected) {
    server.enqueue(answer);

    NestAuthException e = catchThrowableOfType(NestAuthException.class, () -> call.accept(client));

    assertThat(e).as("thrown").isNotNull();
    assertThat(e.getClass()).isEqualTo(expected.type());
    assertThat(e.status()).isEqualTo(expected.status());
    assertThat(e.code()).isEqualTo(java.util.Optional.ofNullable(expected.code()));
    assertThat(e.serverMessage()).isEqualTo(java.util.Optional.ofNullable(expected.serverMessage()));
    assertThat(e.method()).contains(expected.method());
    assertThat(e.path()).contains(expected.path());
    assertThat(e.retryAfter()).isEqualTo(java.util.Optional.ofNullable(expected.retryAfter()));
    assertThat(e.getMessage()).contains(expected.method() + " " + expected.path()).contains("HTTP " + expected.status());
    if (expected.code() != null) {
      assertThat(e.getMessage()).contains(expected.code());
    }
    // the server's message stays in serverMessage(): it may quote what the user typed
    assertThat(e.getMessage()).doesNotContain(expected.serverMessage());
    assertThat(e.isInvalidCode()).isEqualTo(e instanceof InvalidCodeException);
    assertThat(e.isAccountLocked()).isEqualTo(e instanceof AccountLockedException);
    assertThat(e.isTenantError()).isEqualTo(e instanceof TenantAccessException);
    assertThat(e.errorCode().map(entry -> entry.exceptionType()).orElse(null))
        .isIn(null, e.getClass());
    assertThat(e.isValidationError()).isEqualTo(e instanceof ValidationException);
    assertThat(e.isInvalidCredentials()).isEqualTo(e instanceof InvalidCredentialsException);
    assertThat(e.isMfaRequired()).isEqualTo(e instanceof MfaRequiredException);
    assertThat(e.isRateLimited()).isEqualTo(e instanceof RateLimitedException);
    assertThat(e.isSessionExpired()).isFalse();
    assertThat(e.isNetworkError()).isFalse();
    // none of these is cured by a refresh: exactly one request
    assertThat(server.getRequestCount()).isEqualTo(1);
    if (e.isInvalidCode() || e.isAccountLocked() || e.isTenantError()) {
      assertThat(client.isAuthenticated()).as("the session is kept").isTrue();
    }
  }

  @Test
  void badGatewayWithAnHtmlBodyGivesAShortSnippetAndNoParserNoise() {
    String html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
        + "</center>\r\n<hr><center>nginx/1.25.3</center>\r\n" + "<!-- padding -->".repeat(40) + "</body>\r\n</html>\r\n";
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body(html).build());

    NestAuthException e = catchThrowableOfType(NestAuthException.class,
        () -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertThat(e).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEmpty();
    assertThat(e.serverMessage()).isEmpty();
    assertThat(e.method()).contains("POST");
    assertThat(e.path()).contains("/auth/login");
    assertThat(e.getMessage())
        .contains("HTTP 502")
        .contains("<title>502 Bad Gateway</title>")
        .doesNotContain("\n").doesNotContain("\r")
        .doesNotContain("com.fasterxml").doesNotContain("Unexpected character").doesNotContain("JsonParseException")
        .doesNotContain("</html>");
    assertThat(e.getMessage().length()).as("message length").isLessThan(260);
    assertThat(e.getCause()).as("no parser exception is carried along").isNull();
  }

  @Test
  void retryAfterAsAnHttpDateIsConvertedToAWait() {
    java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(120);
    server.enqueue(error(429, "HttpException", "Too many requests. Please try again later.", "RATE_LIMITED").newBuilder()
        .addHeader("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(at)).build());

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
        () -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertThat(e.retryAfter()).get().satisfies(wait ->
        assertThat(wait).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121)));
  }

  @Test
  void sessionNotFoundOnASecuredCallIsSessionExpired() {
    server.enqueue(sessionNotFound());
    // the revoked session's refresh token is rejected as well
    server.enqueue(sessionNotFound());

    SessionExpiredException e = catchThrowableOfType(SessionExpiredException.class,
        () -> client.verifySession().execute());

    assertThat(e.isSessionExpired()).isTrue();
    assertThat(e.code()).isEmpty();
    assertThat(e.serverMessage()).contains("Session not found");
    // one refresh attempt proves the session is gone, and the client is signed out
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void successBodyThatIsNotTheExpectedShapeIsAnUnexpectedResponseWithoutTheBody() {
    String leaked = TestJwts.verifiedAccess();
    server.enqueue(ok("{\"accessToken\": [\"" + leaked + "\"]"));

    NestAuthException e = catchThrowableOfType(NestAuthException.class,
        () -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertThat(e).isInstanceOf(io.nestauth.client.exception.UnexpectedResponseException.class);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).doesNotContain(leaked);
  }
}
