package io.nestauth.client;

import java.time.Duration;

/**
 * When the client repeats a failed call by itself. Only operations that are safe to repeat are
 * retried: the idempotent GETs of the contract (session user, MFA status, client config…), on a
 * connection failure or a 503/429 answer. Timeouts are not retried (a slow server would only be
 * waited for longer). Login, signup, refresh and every one-time-code verification are never
 * retried automatically: repeating them could consume a code or rotate a token twice. Waits grow
 * exponentially with full jitter and honour {@code Retry-After} up to {@link #maxDelay()}; a
 * longer {@code Retry-After} is surfaced instead of waited for. Immutable and thread-safe.
 *
 * <pre>{@code
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     // up to 3 retries; waits start at 250 ms and never exceed 5 s
 *     .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(250), Duration.ofSeconds(5)))
 *     .build();
 *
 * NestAuthClient noRetries = auth.newBuilder().retryPolicy(RetryPolicy.none()).build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
  private static final RetryPolicy DEFAULTS = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2));

  private final int maxRetries;
  private final Duration baseDelay;
  private final Duration maxDelay;

  private RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /** @return no automatic retries */
  public static RetryPolicy none() {
    return NONE;
  }

  /** @return up to 2 retries, 200 ms base delay, waits capped at 2 s (the default) */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Creates a policy. Unless the server sends {@code Retry-After}, the wait before retry {@code n}
   * is a random share of {@code min(baseDelay * 2^(n-1), maxDelay)}.
   *
   * @param maxRetries retries after the first attempt, 0 to 10
   * @param baseDelay the first wait before jitter
   * @param maxDelay the longest single wait, and the longest Retry-After honoured
   * @return the policy
   * @throws IllegalArgumentException when {@code maxRetries} is outside 0 to 10, a delay is null or
   *     negative, or {@code maxDelay} is shorter than {@code baseDelay}
   */
  public static RetryPolicy of(int maxRetries, Duration baseDelay, Duration maxDelay) {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 10");
    }
    if (baseDelay == null || baseDelay.isNegative() || maxDelay == null || maxDelay.isNegative()
        || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("delays must be non-negative and maxDelay >= baseDelay");
    }
    return new RetryPolicy(maxRetries, baseDelay, maxDelay);
  }

  /** @return how many times a call is repeated at most after the first attempt */
  public int maxRetries() {
    return maxRetries;
  }

  /** @return the wait before the first retry, before jitter */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** @return the longest single wait, and the longest {@code Retry-After} honoured */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** @return the wait before retry number {@code retry} (1-based), with full jitter in [0, 1) */
  Duration delay(int retry, double jitter) {
    long base = baseDelay.toMillis() << Math.min(retry - 1, 20);
    long capped = Math.min(Math.max(base, 0), maxDelay.toMillis());
    return Duration.ofMillis((long) (capped * jitter));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay + "}";
  }
}
