package io.nestauth.client.exception;

import java.time.Duration;

/** The call timed out (connect, read, write or call timeout of the OkHttpClient). The session is kept. */
public class NestAuthTimeoutException extends NestAuthNetworkException {
  private static final long serialVersionUID = 1L;

  public NestAuthTimeoutException(String message, Throwable cause, int status, String code, String serverMessage, String method,
      String path, Duration retryAfter) {
    super(message, cause, status, code, serverMessage, method, path, retryAfter);
  }

  @Override
  public boolean isTimeout() {
    return true;
  }
}
