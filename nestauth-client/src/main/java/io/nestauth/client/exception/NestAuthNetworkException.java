package io.nestauth.client.exception;


/**
 * No answer arrived: connection refused or reset, DNS, TLS, or a cut-off response. The session is
 * kept; {@link #status()} is 0.
 */
public class NestAuthNetworkException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failure where no answer arrived.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NestAuthNetworkException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isNetworkError() {
    return true;
  }
}
