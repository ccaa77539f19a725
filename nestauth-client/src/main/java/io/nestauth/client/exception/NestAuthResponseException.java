package io.nestauth.client.exception;

import java.time.Duration;

/**
 * The server answered with an error status (4xx/5xx); {@link #status()} and {@link #code()} say
 * which, {@link #errorCode()} what the code means.
 */
public class NestAuthResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failure answered with an error status.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NestAuthResponseException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  /**
   * Creates an exception for a failure answered with an error status from positional values.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param cause the underlying failure, or null
   * @param status the HTTP status, or 0 when no answer arrived
   * @param code the server's machine-readable error code, or null
   * @param serverMessage the server's message, or null
   * @param method the HTTP method of the failed operation (e.g. {@code POST}), or null
   * @param path the operation's path below the base URL (e.g. {@code /auth/login}), or null
   * @param retryAfter the wait the server asked for ({@code Retry-After}), or null
   * @deprecated use the ErrorDetails constructor {@link #NestAuthResponseException(String, ErrorDetails, Throwable)}
   */
  @Deprecated(forRemoval = true)
  public NestAuthResponseException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    this(message, ErrorDetails.legacy(status, code, serverMessage, method, path, retryAfter), cause);
  }
}
