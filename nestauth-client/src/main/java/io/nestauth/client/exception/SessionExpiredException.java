package io.nestauth.client.exception;

import java.time.Duration;

/** The session is over (revoked, expired, or its refresh was rejected); the client is signed out. Sign in again. */
public class SessionExpiredException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  public SessionExpiredException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }

  @Override
  public boolean isSessionExpired() {
    return true;
  }
}
