package io.nestauth.client;

import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.RateLimitedException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Automatic retries: only idempotent reads, bounded, honouring Retry-After; never a login. */
class RetryPolicyTest {
  private static final String CONFIG = "{\"tenants\":{\"enabled\":false,\"mode\":\"shared\"},\"mfa\":{\"enabled\":false,\"methods\":[]}}";

  private final MockWebServer server = new MockWebServer();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private NestAuthClient client(RetryPolicy policy) {
    return NestAuthClient.builder().baseUrl(server.url("/api").toString()).retryPolicy(policy)
        .sleeper(waits::add).build();
  }

  @Test
  void anIdempotentReadIsRetriedAfter503AndConnectionFailure() {
    server.enqueue(new MockResponse.Builder().code(503).body("<html>busy</html>").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(CONFIG).build());
    // OkHttp's own silent retry is off here, so the policy alone decides
    OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    try (NestAuthClient auth = NestAuthClient.builder().baseUrl(server.url("/api").toString()).httpClient(http)
        .retryPolicy(RetryPolicy.defaults()).sleeper(waits::add).build()) {
      assertThat(auth.getClientConfig().execute().tenantMode()).contains("shared");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void retryAfterIsHonouredAndRetriesStopAtTheCap() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
          .addHeader("Content-Type", "application/json")
          .body("{\"statusCode\":429,\"message\":\"Too many\",\"code\":\"RATE_LIMITED\"}").build());
    }
    try (NestAuthClient auth = client(RetryPolicy.of(2, Duration.ofMillis(10), Duration.ofSeconds(5)))) {
      assertThatThrownBy(() -> auth.getClientConfig().execute()).isInstanceOf(RateLimitedException.class)
          .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(1)));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void aRetryAfterLongerThanTheCapIsSurfacedNotWaited() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "120").build());
    try (NestAuthClient auth = client(RetryPolicy.defaults())) {
      assertThatThrownBy(() -> auth.getClientConfig().execute()).isInstanceOf(NestAuthResponseException.class)
          .satisfies(e -> assertThat(((NestAuthResponseException) e).status()).isEqualTo(503));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void loginIsNeverRetried() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    try (NestAuthClient auth = client(RetryPolicy.defaults())) {
      assertThatThrownBy(() -> auth.loginWithEmail("a@example.com", "Passw0rd!23").execute())
          .isInstanceOf(NestAuthResponseException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void noneTurnsRetriesOff() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    try (NestAuthClient auth = client(RetryPolicy.none())) {
      assertThatThrownBy(() -> auth.getClientConfig().execute()).isInstanceOf(NestAuthResponseException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void delaysGrowAndStayCapped() {
    RetryPolicy policy = RetryPolicy.of(5, Duration.ofMillis(100), Duration.ofMillis(350));
    assertThat(policy.delay(1, 0.999)).isEqualTo(Duration.ofMillis(99));
    assertThat(policy.delay(2, 0.999)).isEqualTo(Duration.ofMillis(199));
    assertThat(policy.delay(5, 0.999)).isEqualTo(Duration.ofMillis(349));
    assertThat(policy.delay(3, 0.0)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> RetryPolicy.of(11, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
