package io.nestauth.client.exception;

/**
 * 429 {@code ACCOUNT_LOCKED}: too many failed logins locked the account for a while (the server's
 * lockout, separate from its rate limit, {@link RateLimitedException}). {@link #retryAfter()} is the
 * time left until the lock ends: the {@code Retry-After} header, or without one the
 * {@code retryAfter} seconds of the answer's body.
 */
public class AccountLockedException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a locked account.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public AccountLockedException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isAccountLocked() {
    return true;
  }
}
