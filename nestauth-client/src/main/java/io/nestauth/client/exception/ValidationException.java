package io.nestauth.client.exception;


/**
 * 400 from the server's request validation (a JSON answer without a code, or
 * {@code MISSING_REQUIRED_FIELD} / {@code MISSING_REQUIRED_FIELDS}); {@link #serverMessage()} names
 * the field.
 */
public class ValidationException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a validation failure.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public ValidationException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isValidationError() {
    return true;
  }
}
