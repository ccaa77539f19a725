package io.nestauth.client.exception;


/**
 * 429 {@code RATE_LIMITED} (or a 429 without a code or with an unlisted one): too many requests;
 * {@link #retryAfter()} says how long to wait. An account lockout is an
 * {@link AccountLockedException} instead.
 */
public class RateLimitedException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a rate-limit failure.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public RateLimitedException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public boolean isRateLimited() {
    return true;
  }
}
