package io.nestauth.client.exception;

import java.time.Duration;

/** 401 INVALID_CREDENTIALS: wrong password, unknown account, or a tenant the user is not a member of. */
public class InvalidCredentialsException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  public InvalidCredentialsException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
