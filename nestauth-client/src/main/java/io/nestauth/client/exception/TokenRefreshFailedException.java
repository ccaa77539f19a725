package io.nestauth.client.exception;

import java.io.IOException;

/**
 * Thrown from {@link io.nestauth.client.NestAuthClient#authInterceptor()} through OkHttp when a 401
 * called for a refresh and the refresh could not complete for a transient reason (network, 5xx, 429).
 * The session is kept; {@link #getCause()} is the {@link NestAuthException} of the refresh.
 */
public final class TokenRefreshFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  public TokenRefreshFailedException(NestAuthException cause) {
    super("token refresh failed: " + cause.getMessage(), cause);
  }

  @Override
  public synchronized NestAuthException getCause() {
    return (NestAuthException) super.getCause();
  }
}
