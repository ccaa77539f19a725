package io.nestauth.client.exception;


/**
 * 401 {@code INVALID_CREDENTIALS}: wrong password, unknown account, or a login to a tenant the user
 * is not a member of.
 */
public class InvalidCredentialsException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an invalid-credentials failure.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public InvalidCredentialsException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isInvalidCredentials() {
    return true;
  }
}
