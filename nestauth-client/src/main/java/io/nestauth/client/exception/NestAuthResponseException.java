package io.nestauth.client.exception;


/**
 * The server answered with an error status (4xx/5xx); {@link #status()} and {@link #code()} say
 * which, {@link #errorCode()} what the code means.
 */
public class NestAuthResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failure answered with an error status.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NestAuthResponseException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

}
