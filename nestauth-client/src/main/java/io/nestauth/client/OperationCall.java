package io.nestauth.client;

import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The one implementation of {@link NestAuthCall}: a generated {@link ApiClient.PreparedCall}, the
 * checks made when it starts, and what the SDK does with the answer. Blocking and asynchronous
 * execution share every step, so they cannot drift apart.
 *
 * @param <W> the wire answer
 * @param <R> what the user gets
 */
final class OperationCall<W, R> implements NestAuthCall<R> {
  /** Turns a wire answer into the user's result; may change the session (it is told the session the call started in). */
  @FunctionalInterface
  interface Finisher<W, R> {
    R finish(W answer, SessionManager.Generation startedIn);
  }

  private final ClientCore core;
  private final boolean needsSession;
  private final boolean needsBody;
  private final Supplier<ApiClient.PreparedCall<W>> prepare;
  private final Finisher<W, R> finisher;

  OperationCall(ClientCore core, boolean needsSession, boolean needsBody, Supplier<ApiClient.PreparedCall<W>> prepare,
      Finisher<W, R> finisher) {
    this.core = core;
    this.needsSession = needsSession;
    this.needsBody = needsBody;
    this.prepare = prepare;
    this.finisher = finisher;
  }

  @Override
  public R execute() {
    ApiClient.PreparedCall<W> call = start();
    SessionManager.Generation startedIn = core.session().generation();
    W answer;
    try {
      answer = call.execute();
    } catch (ApiException e) {
      throw core.mapFailure(e);
    }
    return finish(call, answer, startedIn);
  }

  @Override
  public CompletableFuture<R> executeAsync() {
    CompletableFuture<R> result = new CompletableFuture<>();
    ApiClient.PreparedCall<W> call;
    try {
      call = start();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    SessionManager.Generation startedIn = core.session().generation();
    CompletableFuture<W> sent = call.executeAsync();
    sent.whenComplete((answer, error) -> {
      // runs on OkHttp's dispatcher: nothing may escape from here
      try {
        if (error != null) {
          result.completeExceptionally(core.mapFailure(unwrap(error)));
        } else {
          result.complete(finish(call, answer, startedIn));
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        sent.cancel(true);
      }
    });
    return result;
  }

  private ApiClient.PreparedCall<W> start() {
    core.ensureOpen();
    if (needsSession) {
      core.requireSession();
    }
    return prepare.get();
  }

  private R finish(ApiClient.PreparedCall<W> call, W answer, SessionManager.Generation startedIn) {
    if (needsBody && answer == null) {
      ApiClient.Operation operation = call.operation();
      throw UnexpectedResponseException.of(operation.method() + " " + operation.pathTemplate()
          + " answered HTTP 2xx with no response object (empty body or JSON null)", operation.method(),
          operation.pathTemplate(), 200);
    }
    try {
      return finisher.finish(answer, startedIn);
    } catch (IllegalArgumentException wrongShape) {
      // the SDK's types refuse an answer without what the contract promises; their messages name
      // the missing field, never a value
      ApiClient.Operation operation = call.operation();
      throw UnexpectedResponseException.of(operation.method() + " " + operation.pathTemplate()
          + " answered HTTP 200 with a body that breaks the contract: " + wrongShape.getMessage(), operation.method(),
          operation.pathTemplate(), 200);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /** @return the operation only: arguments may be secrets */
  @Override
  public String toString() {
    return "NestAuthCall[" + prepare.get().operation().id() + "]";
  }
}
