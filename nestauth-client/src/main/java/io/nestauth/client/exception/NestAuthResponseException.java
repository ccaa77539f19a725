package io.nestauth.client.exception;

import java.time.Duration;

/** The server answered with an error status (4xx/5xx); {@link #status()} and {@link #code()} say which. */
public class NestAuthResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  public NestAuthResponseException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
