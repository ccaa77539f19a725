package io.nestauth.client.reliability;

import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared helpers of the reliability suite: the claims check and the leak check of an OkHttpClient.
 * Test JWTs and the server's answers come from nestauth-test-fixtures ({@code io.nestauth.testfixtures}).
 */
final class ReliabilitySupport {
  private ReliabilitySupport() {
  }

  /** Calls every reader of the claims, as a user would; none may throw. */
  static void touch(io.nestauth.client.TokenClaims claims) {
    claims.userId();
    claims.sessionId();
    claims.email();
    claims.phone();
    claims.tenantId();
    claims.type();
    claims.isMfaEnabled();
    claims.isMfaVerified();
    claims.isMfaPending();
    claims.expiresAt();
    claims.issuedAt();
    claims.asMap();
    claims.toString();
  }

  // ------------------------------------------------------------------ OkHttp hygiene

  /** A user-supplied OkHttpClient with short timeouts, so its dispatcher and pool can be inspected. */
  static OkHttpClient httpClient(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .build();
  }

  /**
   * Asserts that no call is running or queued and every pooled connection is idle, then evicts
   * them and checks the pool is empty.
   */
  static void assertNoLeaks(OkHttpClient http, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    // async calls leave the dispatcher just after their future completes
    while ((http.dispatcher().runningCallsCount() > 0 || http.dispatcher().queuedCallsCount() > 0
        || http.connectionPool().connectionCount() != http.connectionPool().idleConnectionCount())
        && System.nanoTime() < deadline) {
      sleep(5);
    }
    assertThat(http.dispatcher().runningCallsCount()).as(what + ": running calls").isZero();
    assertThat(http.dispatcher().queuedCallsCount()).as(what + ": queued calls").isZero();
    assertThat(http.connectionPool().connectionCount()).as(what + ": only idle connections are pooled")
        .isEqualTo(http.connectionPool().idleConnectionCount());
    http.connectionPool().evictAll();
    assertThat(http.connectionPool().connectionCount()).as(what + ": evictAll empties the pool").isZero();
  }

  static void shutdown(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
