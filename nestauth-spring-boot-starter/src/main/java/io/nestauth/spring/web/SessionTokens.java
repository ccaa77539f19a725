package io.nestauth.spring.web;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.SessionChangedException;
import io.nestauth.client.exception.TokenRefreshFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The access token of a {@link NestAuthClient}'s session for outgoing calls, through the client's
 * public API: {@link NestAuthClient#accessToken()}, {@link NestAuthClient#isAccessTokenExpired()}
 * and {@link NestAuthClient#refreshSession()}. Thread-safe.
 *
 * <p>The client refreshes unconditionally when asked, so concurrent callers that met the same
 * rejected token share one refresh here (single flight per instance); a caller whose token was
 * already replaced gets the new one without a request.
 */
final class SessionTokens {
  private final NestAuthClient client;
  private final Object lock = new Object();
  /** The token being replaced by {@link #replacement}; both null when no refresh is running. */
  private @Nullable String replacing;
  private @Nullable CompletableFuture<Optional<String>> replacement;

  SessionTokens(NestAuthClient client) {
    this.client = client;
  }

  /** The session's token, refreshed first when it has expired; empty when signed out. */
  CompletableFuture<Optional<String>> current() {
    Optional<String> token = client.accessToken();
    if (token.isPresent() && client.isAccessTokenExpired()) {
      return replace(token.get());
    }
    return CompletableFuture.completedFuture(token);
  }

  /**
   * A token to use instead of {@code stale}, which the target refused: the session's newer token
   * when there is one, else the result of one refresh. Empty when the session ended (the server
   * rejected the refresh, or nobody is signed in); fails with the client's
   * {@link NestAuthException} when the refresh failed for a passing reason (network, 5xx, 429).
   */
  CompletableFuture<Optional<String>> replace(String stale) {
    synchronized (lock) {
      Optional<String> now = client.accessToken();
      if (now.isEmpty() || !now.get().equals(stale)) {
        return CompletableFuture.completedFuture(now);
      }
      CompletableFuture<Optional<String>> running = replacement;
      if (running != null && stale.equals(replacing)) {
        return running;
      }
      CompletableFuture<Optional<String>> started = client.refreshSession().executeAsync()
          .handle((ignored, failure) -> afterRefresh(failure));
      replacing = stale;
      replacement = started;
      started.whenComplete((token, failure) -> {
        synchronized (lock) {
          if (replacement == started) {
            replacement = null;
            replacing = null;
          }
        }
      });
      return started;
    }
  }

  private Optional<String> afterRefresh(@Nullable Throwable failure) {
    if (failure == null) {
      return client.accessToken();
    }
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof SessionChangedException) {
      // a logout or another sign-in came first: whatever the client holds now
      return client.accessToken();
    }
    if (cause instanceof NotSignedInException
        || cause instanceof NestAuthException && ((NestAuthException) cause).isSessionExpired()) {
      return Optional.empty();
    }
    throw cause instanceof CompletionException ? (CompletionException) cause : new CompletionException(cause);
  }

  /**
   * Waits for a token on a blocking caller's thread.
   *
   * @throws TokenRefreshFailedException when the refresh failed for a passing reason
   * @throws InterruptedIOException when the thread was interrupted
   */
  static Optional<String> await(CompletableFuture<Optional<String>> token) throws IOException {
    try {
      return token.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while refreshing the session");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    }
  }

  /** The failure of a refresh as the interceptors report it: an {@link IOException}. */
  static IOException asIoException(@Nullable Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof NestAuthException) {
      return new TokenRefreshFailedException((NestAuthException) cause);
    }
    if (cause instanceof IOException) {
      return (IOException) cause;
    }
    return new IOException("refreshing the Nest Auth session failed", cause);
  }
}
