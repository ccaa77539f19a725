package io.nestauth.client;

import io.nestauth.client.exception.AccountLockedException;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.ErrorDetails;
import io.nestauth.client.exception.InvalidCodeException;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.NestAuthTimeoutException;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.TenantAccessException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.exception.ValidationException;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.generated.invoker.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue {@link ErrorCode} is the one rule for coded errors: every entry maps to its declared
 * type; the new types, their helpers, {@code retryAfter()}, the validation rule, and exceptions
 * built without an answer.
 */
class ErrorCatalogueTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T22:15:38Z"), ZoneOffset.UTC);
  private static final ErrorMapper MAPPER = new ErrorMapper(ApiClient.defaultObjectMapper(), CLOCK);

  private static String body(int status, String message, String code) {
    return "{\"statusCode\":" + status + ",\"error\":\"SomeException\",\"message\":\"" + message + "\""
        + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
  }

  private static NestAuthException answer(int status, String body, String retryAfter, String path) {
    return MAPPER.fromErrorResponse(status, body, retryAfter, "POST", path, "POST " + path, null);
  }

  // ------------------------------------------------------------------ the catalogue

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyEntryMapsToItsDeclaredTypeWithEveryStatusItIsSentWith(ErrorCode entry) {
    String path = entry.path().orElse("/auth/some-operation");
    for (int status : entry.statuses()) {
      NestAuthException e = answer(status, body(status, "Something went wrong", entry.code()), null, path);

      assertThat(e.getClass()).as("%s with %d", entry, status).isEqualTo(entry.exceptionType());
      assertThat(e.errorCode()).contains(entry);
      assertThat(e.code()).contains(entry.code());
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).contains("HTTP " + status + " " + entry.code()).contains(entry.meaning())
          .doesNotContain("Something went wrong");
      if (e instanceof TenantAccessException) {
        assertThat(Optional.of(((TenantAccessException) e).reason())).isEqualTo(entry.tenantReason());
      }
      // the factory on the entry gives the same type
      assertThat(entry.newException("m", e.details(), null).getClass()).isEqualTo(entry.exceptionType());
    }
  }

  @Test
  void theCatalogueIsConsistent() {
    Set<String> keys = new HashSet<>();
    for (ErrorCode entry : ErrorCode.values()) {
      assertThat(keys.add(entry.code() + " " + entry.path().orElse("*"))).as("one entry per code and path: %s", entry)
          .isTrue();
      assertThat(entry.statuses()).as("%s statuses", entry).isNotEmpty().allSatisfy(s -> assertThat(s).isBetween(400, 599));
      assertThat(entry.meaning()).as("%s meaning", entry).isNotBlank().doesNotContain("\n").endsWith(".");
      assertThat(entry.tenantReason().isPresent()).as("%s has a tenant reason", entry)
          .isEqualTo(entry.exceptionType() == TenantAccessException.class);
      if (entry.path().isPresent()) {
        // an entry for one operation refines a general entry of the same code
        assertThat(ErrorCode.find(entry.code(), entry.statuses().get(0), "/auth/other")).isPresent()
            .get().extracting(ErrorCode::path).isEqualTo(Optional.empty());
      } else {
        assertThat(entry.name()).isEqualTo(entry.code());
      }
    }
  }

  @Test
  void theCodesAppsBranchOnHaveTheirOwnTypes() {
    Map<String, Class<?>> expected = new LinkedHashMap<>();
    expected.put("VERIFICATION_CODE_INVALID", InvalidCodeException.class);
    expected.put("VERIFICATION_CODE_EXPIRED", InvalidCodeException.class);
    expected.put("MFA_CODE_INVALID", InvalidCodeException.class);
    expected.put("MFA_RECOVERY_CODE_INVALID", InvalidCodeException.class);
    expected.put("ACCOUNT_LOCKED", AccountLockedException.class);
    expected.put("RATE_LIMITED", RateLimitedException.class);
    expected.put("TENANT_ID_REQUIRED", TenantAccessException.class);
    expected.put("TENANT_SWITCHING_NOT_SUPPORTED", TenantAccessException.class);
    expected.put("NOT_A_MEMBER_OF_TENANT", TenantAccessException.class);
    expected.put("INVALID_CREDENTIALS", InvalidCredentialsException.class);
    expected.put("MFA_REQUIRED", MfaRequiredException.class);
    expected.put("REFRESH_TOKEN_INVALID", SessionExpiredException.class);
    expected.put("MISSING_REQUIRED_FIELDS", ValidationException.class);
    expected.forEach((code, type) -> assertThat(ErrorCode.valueOf(code).exceptionType()).as(code).isEqualTo(type));

    assertThat(ErrorCode.TENANT_ID_REQUIRED.tenantReason()).contains(TenantAccessException.Reason.REQUIRED);
    assertThat(ErrorCode.TENANT_SWITCHING_NOT_SUPPORTED.tenantReason())
        .contains(TenantAccessException.Reason.SWITCHING_NOT_SUPPORTED);
    assertThat(ErrorCode.NOT_A_MEMBER_OF_TENANT.tenantReason()).contains(TenantAccessException.Reason.NOT_A_MEMBER);
    assertThat(ErrorCode.USER_NOT_FOUND_ON_SWITCH_TENANT.tenantReason()).contains(TenantAccessException.Reason.NOT_A_MEMBER);
  }

  @Test
  void userNotFoundMeansNotAMemberOnlyOnSwitchTenant() {
    String userNotFound = body(401, "User not found", "USER_NOT_FOUND");

    NestAuthException onSwitch = answer(401, userNotFound, null, "/auth/switch-tenant");
    NestAuthException elsewhere = answer(401, userNotFound, null, "/auth/change-password");

    assertThat(onSwitch).isInstanceOfSatisfying(TenantAccessException.class,
        e -> assertThat(e.reason()).isEqualTo(TenantAccessException.Reason.NOT_A_MEMBER));
    assertThat(onSwitch.errorCode()).contains(ErrorCode.USER_NOT_FOUND_ON_SWITCH_TENANT);
    assertThat(elsewhere).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(elsewhere.errorCode()).contains(ErrorCode.USER_NOT_FOUND);
    assertThat(elsewhere.isTenantError()).isFalse();
  }

  @Test
  void aListedCodeWithAStatusItIsNotSentWithMapsByStatus() {
    NestAuthException serverError = answer(500, body(500, "Invalid credentials", "INVALID_CREDENTIALS"), null, "/auth/login");
    NestAuthException throttled = answer(429, body(429, "Invalid OTP", "MFA_CODE_INVALID"), "5", "/auth/mfa/verify");

    assertThat(serverError).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(serverError.errorCode()).isEmpty();
    assertThat(serverError.isInvalidCredentials()).isFalse();
    assertThat(throttled).isExactlyInstanceOf(RateLimitedException.class);
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void anUnlistedCodeMapsByStatus() {
    assertThat(answer(429, body(429, "Slow down", "SOME_NEW_CODE"), null, "/auth/login"))
        .isExactlyInstanceOf(RateLimitedException.class);
    assertThat(answer(400, body(400, "Nope", "SOME_NEW_CODE"), null, "/auth/login"))
        .isExactlyInstanceOf(NestAuthResponseException.class)
        .satisfies(e -> assertThat(e.errorCode()).isEmpty());
    assertThat(answer(401, body(401, "Session not found", null), null, "/auth/me"))
        .isExactlyInstanceOf(SessionExpiredException.class);
  }

  // ------------------------------------------------------------------ the validation rule

  @Test
  void aJsonBadRequestWithoutACodeIsAValidationErrorWhetherItsMessageIsAStringOrAnArray() {
    NestAuthException string = answer(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
        + "\"message\":\"password must be longer than or equal to 8 characters\"}", null, "/auth/signup");
    NestAuthException array = answer(400, "{\"message\":[\"enabled should not be null or undefined\","
        + "\"enabled must be a boolean value\"],\"error\":\"Bad Request\",\"statusCode\":400}", null, "/auth/mfa/toggle");

    assertThat(string).isExactlyInstanceOf(ValidationException.class);
    assertThat(string.serverMessage()).contains("password must be longer than or equal to 8 characters");
    assertThat(array).isExactlyInstanceOf(ValidationException.class);
    assertThat(array.serverMessage()).contains("enabled should not be null or undefined");
    assertThat(string.isValidationError()).isTrue();
    assertThat(array.isValidationError()).isTrue();
  }

  @Test
  void theValidationRuleHasOneSourceTheTypeTheMapperChose() {
    NestAuthException missingField = answer(400, body(400, "Verification code is required", "MISSING_REQUIRED_FIELD"),
        null, "/auth/verify-email");
    NestAuthException coded = answer(400, body(400, "Email already exists", "EMAIL_ALREADY_EXISTS"), null, "/auth/signup");
    NestAuthException notJson = answer(400, "<html>Bad Request</html>", null, "/auth/signup");
    // built by hand with the facts of a validation answer, but not of that type: the helper follows the type
    NestAuthException byHand = new NestAuthResponseException("x", ErrorDetails.builder().status(400).serverMessage("m")
        .method("POST").path("/auth/signup").build(), null);

    assertThat(missingField).isExactlyInstanceOf(ValidationException.class);
    assertThat(missingField.isValidationError()).isTrue();
    assertThat(coded.isValidationError()).isFalse();
    assertThat(notJson).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(notJson.isValidationError()).isFalse();
    assertThat(byHand.isValidationError()).isFalse();
  }

  // ------------------------------------------------------------------ retryAfter

  @Test
  void rateLimitAndLockoutBothCarryTheRetryAfterHeader() {
    NestAuthException limited = answer(429, body(429, "Too many requests. Please try again later.", "RATE_LIMITED"), "60",
        "/auth/login");
    NestAuthException locked = answer(429, body(429, "Account temporarily locked after too many failed attempts. Please "
        + "try again later.", "ACCOUNT_LOCKED"), "900", "/auth/login");

    assertThat(limited).isExactlyInstanceOf(RateLimitedException.class);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(60));
    assertThat(limited.isRateLimited()).isTrue();
    assertThat(limited.isAccountLocked()).isFalse();
    assertThat(locked).isExactlyInstanceOf(AccountLockedException.class).isNotInstanceOf(RateLimitedException.class);
    assertThat(locked.retryAfter()).contains(Duration.ofSeconds(900));
    assertThat(locked.isAccountLocked()).isTrue();
    assertThat(locked.isRateLimited()).isFalse();
  }

  @Test
  void withoutTheHeaderTheBodysRetryAfterIsUsedAndTheHeaderWinsOverIt() {
    // the server's lockout and rate limiter put retryAfter (seconds) into the payload; the
    // library's exception filter drops it, a route without the filter passes it on
    String locked = "{\"message\":\"Account temporarily locked after too many failed attempts. Please try again later.\","
        + "\"code\":\"ACCOUNT_LOCKED\",\"retryAfter\":840}";
    String limited = "{\"message\":\"Too many requests. Please try again later.\",\"code\":\"RATE_LIMITED\",\"retryAfter\":37}";

    assertThat(answer(429, locked, null, "/auth/login").retryAfter()).contains(Duration.ofSeconds(840));
    assertThat(answer(429, limited, null, "/auth/mfa/verify").retryAfter()).contains(Duration.ofSeconds(37));
    assertThat(answer(429, locked, "900", "/auth/login").retryAfter()).contains(Duration.ofSeconds(900));
    assertThat(answer(429, locked.replace("840", "-5"), null, "/auth/login").retryAfter()).isEmpty();
    assertThat(answer(429, locked.replace("840", "\"soon\""), null, "/auth/login").retryAfter()).isEmpty();
    assertThat(answer(401, body(401, "Invalid credentials", "INVALID_CREDENTIALS").replace("}", ",\"retryAfter\":9}"),
        null, "/auth/login").retryAfter()).as("only a 429 reads the body").isEmpty();
  }

  // ------------------------------------------------------------------ built without an answer

  @Test
  void clientSideFactoriesReportStatusZeroAndNoCodeOrPath() {
    NotSignedInException notSignedIn = new NotSignedInException("not signed in: this operation needs a session");

    assertThat(notSignedIn.status()).isZero();
    assertThat(notSignedIn.code()).isEmpty();
    assertThat(notSignedIn.path()).isEmpty();
    assertThat(notSignedIn.method()).isEmpty();
    assertThat(notSignedIn.serverMessage()).isEmpty();
    assertThat(notSignedIn.retryAfter()).isEmpty();
    assertThat(notSignedIn.errorCode()).isEmpty();
    assertThat(notSignedIn.getCause()).isNull();
    assertThat(notSignedIn.getMessage()).isEqualTo("not signed in: this operation needs a session");

    UnexpectedResponseException unexpected = UnexpectedResponseException.of("GET /auth/me answered HTTP 200 with a body "
        + "that is not a JSON object", "GET", "/auth/me", 200);
    assertThat(unexpected.status()).isEqualTo(200);
    assertThat(unexpected.method()).contains("GET");
    assertThat(unexpected.path()).contains("/auth/me");
    assertThat(unexpected.code()).isEmpty();
    assertThat(unexpected.getCause()).isNull();

    // only what is known: the operation, no status or code the server never sent
    SessionExpiredException expired = new SessionExpiredException("the server rejected the refresh token; signed out",
        ErrorDetails.builder().method("POST").path("/auth/refresh-token").build(), null);
    assertThat(expired.status()).isZero();
    assertThat(expired.code()).isEmpty();
    assertThat(expired.path()).contains("/auth/refresh-token");
    assertThat(expired.isSessionExpired()).isTrue();

    NestAuthException nothing = new NestAuthException("m", null, null);
    assertThat(nothing.details()).isSameAs(ErrorDetails.none());
    assertThat(nothing.status()).isZero();
    assertThat(nothing.code()).isEmpty();
    assertThat(nothing.path()).isEmpty();
  }

  @Test
  void errorDetailsKeepsOnlyWhatIsSet() {
    ErrorDetails details = ErrorDetails.builder().status(429).code("RATE_LIMITED").serverMessage("Too many")
        .method("POST").path("/auth/login").retryAfter(Duration.ofSeconds(3)).build();

    assertThat(details.status()).isEqualTo(429);
    assertThat(details.code()).contains("RATE_LIMITED");
    assertThat(details.serverMessage()).contains("Too many");
    assertThat(details.method()).contains("POST");
    assertThat(details.path()).contains("/auth/login");
    assertThat(details.retryAfter()).contains(Duration.ofSeconds(3));
    ErrorDetails changed = details.toBuilder().code(null).retryAfter(null).build();
    assertThat(changed.code()).isEmpty();
    assertThat(changed.retryAfter()).isEmpty();
    assertThat(changed.path()).contains("/auth/login");
    assertThat(details.code()).as("immutable").contains("RATE_LIMITED");

    ErrorDetails blank = ErrorDetails.builder().code(" ").path("").method(null).build();
    assertThat(blank.code()).isEmpty();
    assertThat(blank.path()).isEmpty();
    assertThat(blank.status()).isZero();
    assertThatThrownBy(() -> ErrorDetails.builder().status(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorDetails.builder().retryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theErrorDetailsConstructorCarriesEveryFact() {
    RateLimitedException e = new RateLimitedException("m", ErrorDetails.builder().status(429).code("RATE_LIMITED")
        .serverMessage("Too many").method("POST").path("/auth/login").retryAfter(Duration.ofSeconds(7)).build(), null);

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.code()).contains("RATE_LIMITED");
    assertThat(e.serverMessage()).contains("Too many");
    assertThat(e.method()).contains("POST");
    assertThat(e.path()).contains("/auth/login");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.errorCode()).contains(ErrorCode.RATE_LIMITED);
    assertThat(e.isRateLimited()).isTrue();
  }

  // ------------------------------------------------------------------ the helpers

  @Test
  void eachHelperIsTrueExactlyForItsType() {
    ErrorDetails d = ErrorDetails.none();
    Map<NestAuthException, Predicate<NestAuthException>> cases = new LinkedHashMap<>();
    cases.put(new InvalidCredentialsException("m", d, null), NestAuthException::isInvalidCredentials);
    cases.put(new MfaRequiredException("m", d, null), NestAuthException::isMfaRequired);
    cases.put(new InvalidCodeException("m", d, null), NestAuthException::isInvalidCode);
    cases.put(new RateLimitedException("m", d, null), NestAuthException::isRateLimited);
    cases.put(new AccountLockedException("m", d, null), NestAuthException::isAccountLocked);
    cases.put(new TenantAccessException("m", TenantAccessException.Reason.REQUIRED, d, null),
        NestAuthException::isTenantError);
    cases.put(new ValidationException("m", d, null), NestAuthException::isValidationError);
    cases.put(new SessionExpiredException("m", d, null), NestAuthException::isSessionExpired);
    cases.put(new NestAuthTimeoutException("m", d, null), NestAuthException::isTimeout);

    for (NestAuthException e : cases.keySet()) {
      for (Map.Entry<NestAuthException, Predicate<NestAuthException>> helper : cases.entrySet()) {
        assertThat(helper.getValue().test(e)).as("%s on %s", helper.getKey().getClass().getSimpleName(),
            e.getClass().getSimpleName()).isEqualTo(helper.getKey() == e);
      }
      assertThat(e.isNetworkError()).isEqualTo(e instanceof NestAuthNetworkException);
    }
    assertThat(new NestAuthNetworkException("m", d, null).isNetworkError()).isTrue();
    assertThat(new NestAuthNetworkException("m", d, null).isTimeout()).isFalse();
    assertThat(new NestAuthTimeoutException("m", d, null).isNetworkError()).isTrue();
  }

  @Test
  void aTenantExceptionNeedsAReason() {
    assertThatThrownBy(() -> new TenantAccessException("m", null, ErrorDetails.none(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
