package io.nestauth.client.exception;

import java.time.Duration;

/** 401 MFA_REQUIRED: the session has to pass MFA (challenge and verify) before this operation. */
public class MfaRequiredException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  public MfaRequiredException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }
}
