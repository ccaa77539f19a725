package io.nestauth.client;

import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.generated.invoker.ApiClient;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Applies a {@link RetryPolicy} to the SDK's own idempotent operations (GETs of the contract). */
final class RetryInterceptor implements Interceptor {
  /** Waits; replaceable in tests. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;

  RetryInterceptor(RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    ApiClient.Operation operation = request.tag(ApiClient.Operation.class);
    if (policy.maxRetries() == 0 || operation == null || !"GET".equals(operation.method())) {
      return chain.proceed(request);
    }
    for (int retry = 1; ; retry++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        // a timeout may mean the server is slow, not down: repeating it multiplies the wait.
        // A failed token refresh is not repeated either: repeating the read would send
        // POST /auth/refresh-token again, and the refresh is never retried (it rotates tokens)
        if (retry > policy.maxRetries() || chain.call().isCanceled() || e instanceof InterruptedIOException
            || e instanceof TokenRefreshFailedException) {
          throw e;
        }
        pause(policy.delay(retry, ThreadLocalRandom.current().nextDouble()));
        continue;
      }
      if (retry > policy.maxRetries() || (response.code() != 503 && response.code() != 429)) {
        return response;
      }
      Duration wait = ErrorMapper.parseRetryAfter(response.header("Retry-After"), clock);
      if (wait == null) {
        wait = policy.delay(retry, ThreadLocalRandom.current().nextDouble());
      } else if (wait.compareTo(policy.maxDelay()) > 0) {
        return response;
      }
      response.close();
      pause(wait);
    }
  }

  private void pause(Duration wait) throws IOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
