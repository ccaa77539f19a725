package io.nestauth.client;

import io.nestauth.generated.invoker.ApiException;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One prepared operation: its arguments are already checked, so it runs either on the calling
 * thread or on OkHttp's dispatcher with the same result handling.
 *
 * @param <W> the wire answer
 * @param <R> what the user gets
 */
final class Op<W, R> {
  @FunctionalInterface
  interface Blocking<W> {
    W call() throws ApiException;
  }

  final Blocking<W> blocking;
  final Supplier<CompletableFuture<W>> async;
  final Function<W, R> after;

  Op(Blocking<W> blocking, Supplier<CompletableFuture<W>> async, Function<W, R> after) {
    this.blocking = blocking;
    this.async = async;
    this.after = after;
  }

  static <W> Op<W, W> of(Blocking<W> blocking, Supplier<CompletableFuture<W>> async) {
    return new Op<>(blocking, async, Function.identity());
  }
}
