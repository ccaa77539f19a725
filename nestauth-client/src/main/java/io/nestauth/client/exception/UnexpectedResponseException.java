package io.nestauth.client.exception;

import java.time.Duration;

/** A 2xx answer whose body is not what the contract says (not JSON, wrong shape, too large). */
public class UnexpectedResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failure for an answer that breaks the contract.
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
  public UnexpectedResponseException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
