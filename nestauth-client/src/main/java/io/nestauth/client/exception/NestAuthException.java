package io.nestauth.client.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * Base of every exception the SDK throws for a failed call (unchecked). Carries the HTTP status
 * (0 when no response arrived), the server's machine-readable {@code code} when it sent one, the
 * server's message, the operation ({@code POST /auth/login}) and {@code Retry-After}.
 *
 * <p>Branch with the subtypes or the {@code is…()} helpers (each is true exactly for its subtype),
 * or on {@link #errorCode()}, the server's code looked up in the SDK's catalogue {@link ErrorCode}.
 * Messages say what failed (operation, status, code) and never contain passwords, tokens,
 * one-time codes or the server's message; that is in {@link #serverMessage()}.
 *
 * <pre>{@code
 * try {
 *   auth.loginWithEmail(email, password).execute();
 * } catch (InvalidCredentialsException e) {
 *   showError("Wrong email or password");
 * } catch (RateLimitedException | AccountLockedException e) {
 *   Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
 *   showError("Too many attempts; try again in " + wait.toSeconds() + " seconds");
 * } catch (NestAuthException e) {
 *   if (e.isNetworkError()) {
 *     showError("No connection to the server");
 *   } else {
 *     // status() is 0 when no answer arrived; code() is the server's error code, if it sent one
 *     logger.warn("login failed: HTTP " + e.status() + ", code " + e.code().orElse("none")
 *         + ": " + e.getMessage());
 *   }
 * }
 * }</pre>
 */
public class NestAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is known about the failed call. */
  private final ErrorDetails details;

  /**
   * Creates an exception for a failed call.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NestAuthException(String message, ErrorDetails details, Throwable cause) {
    super(message, cause);
    this.details = details == null ? ErrorDetails.none() : details;
  }

  /** @return everything known about the failed call */
  public ErrorDetails details() {
    return details;
  }

  /** @return the HTTP status, or 0 when the server's answer never arrived */
  public int status() {
    return details.status();
  }

  /** @return the server's machine-readable code (e.g. {@code INVALID_CREDENTIALS}); absent on validation errors */
  public Optional<String> code() {
    return details.code();
  }

  /**
   * The server's code looked up in the SDK's catalogue: empty when the server sent no code, a code
   * the catalogue does not list, or a listed code with a status the server does not send it with.
   *
   * @return the catalogue entry for this failure, e.g. {@link ErrorCode#VERIFICATION_CODE_INVALID}
   */
  public Optional<ErrorCode> errorCode() {
    return ErrorCode.find(details.code().orElse(null), details.status(), details.path().orElse(null));
  }

  /** @return the server's message (the first one when it sent a list), or empty */
  public Optional<String> serverMessage() {
    return details.serverMessage();
  }

  /** @return the HTTP method of the failed operation, e.g. {@code POST} */
  public Optional<String> method() {
    return details.method();
  }

  /** @return the path of the failed operation below the base URL, e.g. {@code /auth/login} */
  public Optional<String> path() {
    return details.path();
  }

  /** @return how long the server asked to wait ({@code Retry-After}), when it did */
  public Optional<Duration> retryAfter() {
    return details.retryAfter();
  }

  /**
   * Tells whether the server answered with this machine-readable code.
   *
   * @param expected the code to compare with, e.g. {@code INVALID_TOKEN}; null never matches
   * @return true when the server sent exactly this code
   */
  public boolean hasCode(String expected) {
    return expected != null && expected.equals(details.code().orElse(null));
  }

  /** @return true for an {@link InvalidCredentialsException}: wrong password or unknown user */
  public boolean isInvalidCredentials() {
    return false;
  }

  /** @return true for an {@link MfaRequiredException}: the session must pass MFA first */
  public boolean isMfaRequired() {
    return false;
  }

  /** @return true for an {@link InvalidCodeException}: a wrong, used or expired one-time code */
  public boolean isInvalidCode() {
    return false;
  }

  /** @return true for a {@link RateLimitedException} (429, not a lockout); see {@link #retryAfter()} */
  public boolean isRateLimited() {
    return false;
  }

  /** @return true for an {@link AccountLockedException} (429 ACCOUNT_LOCKED); see {@link #retryAfter()} */
  public boolean isAccountLocked() {
    return false;
  }

  /** @return true for a {@link TenantAccessException}; {@link TenantAccessException#reason()} says which */
  public boolean isTenantError() {
    return false;
  }

  /** @return true for a {@link ValidationException}: the server rejected the request's fields */
  public boolean isValidationError() {
    return false;
  }

  /** @return true for a {@link SessionExpiredException}: the session is gone, sign in again */
  public boolean isSessionExpired() {
    return false;
  }

  /** @return true for a {@link NestAuthNetworkException}: no answer arrived (connection, DNS, TLS, timeout) */
  public boolean isNetworkError() {
    return false;
  }

  /** @return true for a {@link NestAuthTimeoutException}: the call timed out */
  public boolean isTimeout() {
    return false;
  }
}
