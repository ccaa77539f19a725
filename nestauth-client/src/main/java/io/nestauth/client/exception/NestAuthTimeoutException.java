package io.nestauth.client.exception;


/** The call timed out (connect, read, write or call timeout of the OkHttpClient). The session is kept. */
public class NestAuthTimeoutException extends NestAuthNetworkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a timed-out call.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NestAuthTimeoutException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isTimeout() {
    return true;
  }
}
