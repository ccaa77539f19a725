package io.nestauth.client.exception;


/** The operation needs a session and the client has none; nothing was sent ({@link #status()} is 0). */
public class NotSignedInException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a missing session.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public NotSignedInException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  /**
   * Creates the exception for an operation that needs a session when the client has none. No
   * request was sent: {@link #status()} is 0, and code, method and path are empty.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   */
  public NotSignedInException(String message) {
    this(message, ErrorDetails.none(), null);
  }

}
