package io.nestauth.client.exception;

import java.time.Duration;

/** A 2xx answer whose body is not what the contract says (not JSON, wrong shape, too large). */
public class UnexpectedResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  public UnexpectedResponseException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
