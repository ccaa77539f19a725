package io.nestauth.client.exception;

import java.time.Duration;

/** No answer arrived: connection refused or reset, DNS, TLS, or a cut-off response. The session is kept. */
public class NestAuthNetworkException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  public NestAuthNetworkException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }

  @Override
  public boolean isNetworkError() {
    return true;
  }
}
