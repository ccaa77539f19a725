package io.nestauth.client.exception;

import java.io.IOException;

/**
 * Thrown from {@link io.nestauth.client.NestAuthClient#authInterceptor()} through OkHttp when a 401
 * called for a refresh and the refresh could not complete for a transient reason (network, 5xx, 429).
 * The session is kept; {@link #getCause()} is the {@link NestAuthException} of the refresh.
 */
public final class TokenRefreshFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps the failure of a refresh so that it can travel through OkHttp as an {@link IOException}.
   *
   * @param cause the exception of the failed refresh call; its message becomes part of this one
   */
  public TokenRefreshFailedException(NestAuthException cause) {
    super("token refresh failed: " + cause.getMessage(), cause);
  }

  @Override
  public synchronized NestAuthException getCause() {
    return (NestAuthException) super.getCause();
  }
}
