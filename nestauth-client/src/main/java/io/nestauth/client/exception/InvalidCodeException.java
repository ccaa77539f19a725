package io.nestauth.client.exception;

/**
 * A one-time code was refused: wrong, already used, discarded after too many wrong attempts, or
 * expired. Covers every kind the server checks: email and phone verification, MFA by email, SMS or
 * TOTP (also when confirming a new TOTP device), MFA recovery codes, the password-reset code and
 * the passwordless login code. {@link #errorCode()} says which code the server sent
 * ({@link ErrorCode#VERIFICATION_CODE_INVALID}, {@link ErrorCode#VERIFICATION_CODE_EXPIRED},
 * {@link ErrorCode#MFA_CODE_INVALID} or {@link ErrorCode#MFA_RECOVERY_CODE_INVALID}). The session is
 * kept: let the user type the code again, or send a new one.
 */
public class InvalidCodeException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a refused one-time code.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public InvalidCodeException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isInvalidCode() {
    return true;
  }
}
