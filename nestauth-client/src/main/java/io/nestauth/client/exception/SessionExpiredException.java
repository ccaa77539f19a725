package io.nestauth.client.exception;


/**
 * The session is over (revoked, expired, or its refresh was rejected); the client is signed out.
 * Sign in again.
 */
public class SessionExpiredException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a session that is over.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public SessionExpiredException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isSessionExpired() {
    return true;
  }
}
