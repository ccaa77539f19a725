package io.nestauth.client.exception;

import java.time.Duration;

/** 429: rate limit or account lockout; {@link #retryAfter()} says how long to wait. */
public class RateLimitedException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
