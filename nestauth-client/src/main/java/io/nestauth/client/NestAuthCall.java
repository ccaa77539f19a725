package io.nestauth.client;

import java.util.concurrent.CompletableFuture;

/**
 * One prepared Nest Auth operation, returned by every operation of {@link NestAuthClient}: its
 * arguments are already checked (a bad argument throws {@link IllegalArgumentException} when the
 * operation is called, before anything is sent), and nothing is sent until it is executed.
 *
 * <pre>{@code
 * AuthResponse login = auth.loginWithEmail(email, password).execute();        // blocking
 * auth.loginWithEmail(email, password).executeAsync()                          // non-blocking
 *     .thenAccept(result -> ui.showSignedIn());
 * }</pre>
 *
 * <p>Both forms run the same definition and end the same way: where {@link #execute()} throws a
 * {@link io.nestauth.client.exception.NestAuthException}, the future of {@link #executeAsync()}
 * completes exceptionally with that same exception. A call may be executed more than once; each
 * execution sends its own request. Thread-safe.
 *
 * @param <T> what the operation returns
 */
public interface NestAuthCall<T> {
  /**
   * Runs the operation on the calling thread.
   *
   * @return the result
   * @throws io.nestauth.client.exception.NestAuthException when the call fails
   * @throws IllegalStateException when the client is closed
   */
  T execute();

  /**
   * Runs the operation without blocking: the request goes out on OkHttp's dispatcher and the
   * future completes there. Cancelling the future cancels the HTTP call.
   *
   * @return the result's future; it completes exceptionally with the exception {@link #execute()}
   *     would throw
   */
  CompletableFuture<T> executeAsync();
}
