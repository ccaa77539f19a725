package io.nestauth.client.exception;

import java.time.Duration;

/** The operation needs a session and the client has none; nothing was sent. */
public class NotSignedInException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  public NotSignedInException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
