package io.nestauth.client.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * Base of every exception the SDK throws for a failed call (unchecked). Carries the HTTP status
 * (0 when no response arrived), the server's machine-readable {@code code} when it sent one, the
 * server's message, the operation ({@code POST /auth/login}) and {@code Retry-After}.
 *
 * <p>Branch with the subtypes or the {@code is…()} helpers. Messages never contain passwords,
 * tokens or one-time codes.
 *
 * <pre>{@code
 * try {
 *   auth.loginWithEmail(email, password);
 * } catch (InvalidCredentialsException e) {
 *   showError("Wrong email or password");
 * } catch (RateLimitedException e) {
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

  /** The HTTP status, or 0 when no answer arrived. */
  private final int status;
  /** The server's machine-readable error code, or null. */
  private final String code;
  /** The server's message (the first one of a list), or null. */
  private final String serverMessage;
  /** The HTTP method of the failed operation, or null. */
  private final String method;
  /** The path of the failed operation below the base URL, or null. */
  private final String path;
  /** The wait the server asked for with {@code Retry-After}, or null. */
  private final Duration retryAfter;

  /**
   * Creates an exception for a failed call.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param cause the underlying failure, or null
   * @param status the HTTP status, or 0 when no answer arrived
   * @param code the server's machine-readable error code, or null
   * @param serverMessage the server's message, or null
   * @param method the HTTP method of the failed operation (e.g. {@code POST}), or null
   * @param path the operation's path below the base URL (e.g. {@code /auth/login}), or null
   * @param retryAfter the wait the server asked for ({@code Retry-After}), or null
   */
  public NestAuthException(String message, Throwable cause, int status, String code, String serverMessage,
      String method, String path, Duration retryAfter) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.method = method;
    this.path = path;
    this.retryAfter = retryAfter;
  }

  /** @return the HTTP status, or 0 when the server's answer never arrived */
  public int status() {
    return status;
  }

  /** @return the server's machine-readable code (e.g. {@code INVALID_CREDENTIALS}); absent on validation errors */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** @return the server's message (the first one when it sent a list), or empty */
  public Optional<String> serverMessage() {
    return Optional.ofNullable(serverMessage);
  }

  /** @return the HTTP method of the failed operation, e.g. {@code POST} */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** @return the path of the failed operation below the base URL, e.g. {@code /auth/login} */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** @return how long the server asked to wait ({@code Retry-After}), when it did */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Tells whether the server answered with this machine-readable code.
   *
   * @param expected the code to compare with, e.g. {@code INVALID_TOKEN}; null never matches
   * @return true when the server sent exactly this code
   */
  public boolean hasCode(String expected) {
    return expected != null && expected.equals(code);
  }

  /** @return true for a wrong password, unknown user, or a tenant the user does not belong to */
  public boolean isInvalidCredentials() {
    return hasCode("INVALID_CREDENTIALS");
  }

  /** @return true when the session must pass MFA first (401 MFA_REQUIRED) */
  public boolean isMfaRequired() {
    return hasCode("MFA_REQUIRED");
  }

  /** @return true for 429 (rate limit or account lockout); see {@link #retryAfter()} */
  public boolean isRateLimited() {
    return status == 429;
  }

  /** @return true when the server rejected the request's fields (400 without a code, or a missing field) */
  public boolean isValidationError() {
    return status == 400 && (code == null || "MISSING_REQUIRED_FIELD".equals(code)
        || "MISSING_REQUIRED_FIELDS".equals(code));
  }

  /** @return true when the session is gone: sign in again */
  public boolean isSessionExpired() {
    return false;
  }

  /** @return true when no answer arrived (connection, DNS, TLS, timeout) */
  public boolean isNetworkError() {
    return false;
  }

  /** @return true when the call timed out */
  public boolean isTimeout() {
    return false;
  }
}
