package io.nestauth.client.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nestauth.client.exception.AccountLockedException;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.InvalidCodeException;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.TenantAccessException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import okhttp3.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the mapping of failed calls to exceptions: {@link ErrorMapper#fromErrorResponse} and
 * {@link ErrorMapper#map} with an arbitrary status, {@code Retry-After} header and body, plus
 * {@link ErrorMapper#codeOf} and {@link ErrorMapper#parseRetryAfter}. It must always return a
 * {@link NestAuthException} carrying the status (never throw), pick the subtype by the catalogue
 * {@link ErrorCode} or else by status, and never report a negative wait.
 *
 * <p>Input layout: bytes 0-1 = status (100 + n % 500), then the Retry-After value up to the first
 * newline, then the body (UTF-8). Seeds in {@code ErrorMapperFuzzTestInputs/mapAnyErrorResponse/}.
 */
class ErrorMapperFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T22:15:38Z"), ZoneOffset.UTC);
  private static final ErrorMapper MAPPER = new ErrorMapper(ApiClient.defaultObjectMapper(), CLOCK);
  private static final ApiClient.Operation LOGIN = AuthenticationApi.LOGIN;

  @FuzzTest(maxDuration = "15s")
  void mapAnyErrorResponse(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int status = 100 + (((input[0] & 0xff) << 8 | (input[1] & 0xff)) % 500);
    int newline = 2;
    while (newline < input.length && input[newline] != '\n') {
      newline++;
    }
    String retryAfter = newline == 2 ? null : new String(input, 2, newline - 2, StandardCharsets.UTF_8);
    String body = newline >= input.length ? "" : new String(input, newline + 1, input.length - newline - 1,
        StandardCharsets.UTF_8);

    NestAuthException direct = MAPPER.fromErrorResponse(status, body, retryAfter, "POST", "/auth/login",
        "POST /auth/login", null);
    check(direct, status, body);
    assertThat(direct.method()).contains("POST");
    assertThat(direct.path()).contains("/auth/login");

    // the same through map(), the way a failed generated call arrives
    Headers headers = headers(retryAfter);
    NestAuthException mapped = MAPPER.map(new ApiException("POST /auth/login answered HTTP " + status, status,
        headers, body, LOGIN));
    if (status >= 200 && status < 300) {
      assertThat(mapped).isInstanceOf(UnexpectedResponseException.class);
    } else {
      check(mapped, status, body);
      // Retry-After never changes the type; a value that is no header value is simply not sent
      assertThat(mapped.getClass()).isEqualTo(direct.getClass());
      Duration header = ErrorMapper.parseRetryAfter(headers.get("Retry-After"), CLOCK);
      if (header != null || status != 429) {
        assertThat(mapped.retryAfter()).isEqualTo(java.util.Optional.ofNullable(header));
      }
    }

    MAPPER.codeOf(body);
    Duration wait = ErrorMapper.parseRetryAfter(retryAfter, CLOCK);
    if (wait != null) {
      assertThat(wait.isNegative()).as("negative wait").isFalse();
    }
  }

  private static void check(NestAuthException e, int status, String body) {
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.getMessage()).isNotNull().contains("HTTP " + status);
    e.retryAfter().ifPresent(wait -> assertThat(wait.isNegative()).as("negative wait").isFalse());
    String code = e.code().orElse(null);
    if (status == 429) {
      assertThat(e).isInstanceOfAny(RateLimitedException.class, AccountLockedException.class);
    }
    if (e instanceof InvalidCredentialsException) {
      assertThat(status).isEqualTo(401);
      assertThat(code).isEqualTo("INVALID_CREDENTIALS");
    }
    if (e instanceof MfaRequiredException) {
      assertThat(code).isEqualTo("MFA_REQUIRED");
    }
    if (e.isValidationError()) {
      assertThat(status).isEqualTo(400);
    }
    // a listed code with a status it is sent with decides the type; these types have no other source
    java.util.Optional<ErrorCode> entry = e.errorCode();
    entry.ifPresent(known -> assertThat(e.getClass()).isEqualTo(known.exceptionType()));
    if (e instanceof InvalidCodeException || e instanceof AccountLockedException || e instanceof TenantAccessException) {
      assertThat(entry).isPresent();
    }
    e.isSessionExpired();
    e.serverMessage();
    e.toString();
  }

  private static Headers headers(String retryAfter) {
    if (retryAfter == null) {
      return Headers.of();
    }
    try {
      return Headers.of("Retry-After", retryAfter);
    } catch (IllegalArgumentException notAHeaderValue) {
      return Headers.of();
    }
  }
}
