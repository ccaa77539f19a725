package io.nestauth.client.exception;

import java.time.Duration;

/** 401 {@code MFA_REQUIRED}: the session has to pass MFA (challenge and verify) before this operation. */
public class MfaRequiredException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an MFA-required failure.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public MfaRequiredException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  /**
   * Creates an exception for an MFA-required failure from positional values.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param cause the underlying failure, or null
   * @param status the HTTP status, or 0 when no answer arrived
   * @param code the server's machine-readable error code, or null
   * @param serverMessage the server's message, or null
   * @param method the HTTP method of the failed operation (e.g. {@code POST}), or null
   * @param path the operation's path below the base URL (e.g. {@code /auth/login}), or null
   * @param retryAfter the wait the server asked for ({@code Retry-After}), or null
   * @deprecated use the ErrorDetails constructor {@link #MfaRequiredException(String, ErrorDetails, Throwable)}
   */
  @Deprecated(forRemoval = true)
  public MfaRequiredException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    this(message, ErrorDetails.legacy(status, code, serverMessage, method, path, retryAfter), cause);
  }

  @Override
  public boolean isMfaRequired() {
    return true;
  }
}
