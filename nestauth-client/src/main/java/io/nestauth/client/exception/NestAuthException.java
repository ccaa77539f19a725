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
 */
public class NestAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String serverMessage;
  private final String method;
  private final String path;
  private final Duration retryAfter;

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

  /** @return true when the server sent this code */
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
