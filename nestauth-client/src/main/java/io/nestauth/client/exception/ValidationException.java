package io.nestauth.client.exception;

import java.time.Duration;

/** 400 from the server's request validation; {@link #serverMessage()} names the field. */
public class ValidationException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  public ValidationException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
