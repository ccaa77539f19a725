package io.nestauth.client;

import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.NestAuthTimeoutException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.sessionNotFound;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TokenRefreshTest extends ClientTestSupport {
  final String oldAccess = TestJwts.access().expired().build();
  final String oldRefresh = TestJwts.refreshToken();
  final String newAccess = TestJwts.verifiedAccess();
  final String newRefresh = TestJwts.refreshToken();

  @Test
  void invalidTokenIsRefreshedOnceAndTheCallRetriedWithTheNewToken() {
    givenSession(oldAccess, oldRefresh);
    server.enqueue(invalidToken());
    server.enqueue(ok(tokensBody(newAccess, newRefresh, false, "Token refreshed successfully")));
    server.enqueue(ok(sessionUserBody()));

    SessionUser me = client.getSessionUserData().execute();

    assertThat(me.id()).isEqualTo(TestUser.USER_ID);
    RecordedRequest first = take();
    assertThat(path(first)).isEqualTo("/api/auth/me");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + oldAccess);
    RecordedRequest refresh = take();
    assertThat(refresh.getMethod()).isEqualTo("POST");
    assertThat(path(refresh)).isEqualTo("/api/auth/refresh-token");
    assertThat(refresh.getHeaders().get("Authorization")).as("the refresh token travels in the body only").isNull();
    assertThat(bodyJson(refresh)).isEqualTo(parse("{\"refreshToken\":\"" + oldRefresh + "\"}"));
    RecordedRequest retry = take();
    assertThat(path(retry)).isEqualTo("/api/auth/me");
    assertThat(retry.getHeaders().get("Authorization")).isEqualTo("Bearer " + newAccess);
    assertThat(server.getRequestCount()).isEqualTo(3);

    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
    assertThat(store.load()).contains(new StoredTokens(newAccess, newRefresh, false, null));
    assertThat(client.accessToken()).contains(newAccess);
  }

  @Test
  void mfaRequiredIsNotCuredByARefresh() {
    givenSession(TestJwts.pendingAccess(), oldRefresh);
    server.enqueue(error(401, "UnauthorizedException", "MFA verification required", "MFA_REQUIRED"));

    assertThat(catchThrowableOfType(MfaRequiredException.class, () -> client.getUser().execute())).isNotNull();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).isEmpty();
    assertThat(client.isMfaPending()).isTrue();
  }

  @Test
  void proactiveRefreshSkewRefreshesAnExpiringTokenBeforeTheCall() {
    store.save(new StoredTokens(TestJwts.access().expiresIn(Duration.ofSeconds(20)).build(), oldRefresh, false, null));
    client.close();
    client = builder().proactiveRefreshSkew(Duration.ofMinutes(1)).build();
    server.enqueue(ok(tokensBody(newAccess, newRefresh, false, "Token refreshed successfully")));
    server.enqueue(ok(sessionUserBody()));

    client.getSessionUserData().execute();

    assertThat(path(take())).isEqualTo("/api/auth/refresh-token");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + newAccess);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void fiftyConcurrentCallsWithAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
    givenSession(oldAccess, oldRefresh);
    AtomicInteger refreshes = new AtomicInteger();
    AtomicInteger servedWithNewToken = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        switch (path(request)) {
          case "/api/auth/refresh-token":
            refreshes.incrementAndGet();
            // a slow refresh widens the window in which the other threads meet the old token
            return ok(tokensBody(newAccess, newRefresh, false, "Token refreshed successfully")).newBuilder()
                .headersDelay(200, TimeUnit.MILLISECONDS).build();
          case "/api/auth/me":
            if (("Bearer " + newAccess).equals(auth)) {
              servedWithNewToken.incrementAndGet();
              return ok(sessionUserBody());
            }
            return invalidToken();
          default:
            return json(404, "{\"statusCode\":404,\"message\":\"Cannot GET\"}");
        }
      }
    });
    int threads = 50;
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<SessionUser>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return client.getSessionUserData().execute();
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      start.countDown();
      for (Future<SessionUser> result : results) {
        assertThat(result.get(20, TimeUnit.SECONDS).id()).isEqualTo(TestUser.USER_ID);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(refreshes.get()).as("refresh requests").isEqualTo(1);
    assertThat(servedWithNewToken.get()).isEqualTo(threads);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
    assertThat(store.load()).get().extracting(StoredTokens::refreshToken).isEqualTo(newRefresh);
  }

  // ------------------------------------------------------------------ failure rule

  static Stream<Arguments> rejectedRefreshes() {
    return Stream.of(
        Arguments.of("401 REFRESH_TOKEN_INVALID",
            error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID")),
        Arguments.of("401 REFRESH_TOKEN_EXPIRED",
            error(401, "UnauthorizedException", "Refresh token expired", "REFRESH_TOKEN_EXPIRED")),
        Arguments.of("401 Session not found (no code)",
            sessionNotFound()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedRefreshes")
  void refreshRejectedByTheServerSignsOut(String name, MockResponse refreshAnswer) {
    givenSession(oldAccess, oldRefresh);
    server.enqueue(invalidToken());
    server.enqueue(refreshAnswer);

    SessionExpiredException e = catchThrowableOfType(SessionExpiredException.class,
        () -> client.getSessionUserData().execute());

    assertThat(e.isSessionExpired()).isTrue();
    assertThat(e.status()).isEqualTo(401);
    // the call fails with the reason the session ended: the server's rejection of the refresh
    assertThat(e.method()).contains("POST");
    assertThat(e.path()).contains("/auth/refresh-token");
    assertThat(server.getRequestCount()).as("no retry after a rejected refresh").isEqualTo(2);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(store.load()).isEmpty();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
      assertThat(event.signOutReason()).contains(AuthEvent.SignOutReason.SESSION_REJECTED);
    });
  }

  @Test
  void explicitRefreshRejectedSignsOutAndThrowsSessionExpired() {
    givenSession(oldAccess, oldRefresh);
    server.enqueue(error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID"));

    assertThat(catchThrowableOfType(SessionExpiredException.class, () -> client.refreshSession().execute()))
        .isNotNull();

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).extracting(AuthEvent::signOutReason)
        .containsExactly(java.util.Optional.of(AuthEvent.SignOutReason.SESSION_REJECTED));
  }

  /** Answers every call of the old token with INVALID_TOKEN and every refresh with {@code refreshAnswer}. */
  private void refreshAlwaysAnswers(MockResponse refreshAnswer) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (path(request).equals("/api/auth/refresh-token")) {
          refreshes.incrementAndGet();
          return refreshAnswer;
        }
        reads.incrementAndGet();
        return invalidToken();
      }
    });
  }

  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger reads = new AtomicInteger();

  @Test
  void refreshAnswered503KeepsTheSession() {
    givenSession(oldAccess, oldRefresh);
    refreshAlwaysAnswers(error(503, "Service Unavailable", "Service Unavailable", null));

    NestAuthException e = catchThrowableOfType(NestAuthException.class,
        () -> client.getSessionUserData().execute());

    assertThat(e).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.method()).contains("POST");
    assertThat(e.path()).contains("/auth/refresh-token");
    assertSessionKept();
    // the read is not repeated after its refresh failed: that would POST the refresh again
    assertThat(refreshes.get()).isEqualTo(1);
    assertThat(reads.get()).isEqualTo(1);
  }

  @Test
  void refreshCutOffByTheServerKeepsTheSession() {
    givenSession(oldAccess, oldRefresh);
    // the connection dies after the request was read, before any answer is written
    refreshAlwaysAnswers(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

    NestAuthException e = catchThrowableOfType(NestAuthException.class,
        () -> client.getSessionUserData().execute());

    assertThat(e).isInstanceOf(NestAuthNetworkException.class);
    assertThat(e.isNetworkError()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.path()).contains("/auth/refresh-token");
    assertSessionKept();
    assertThat(refreshes.get()).isEqualTo(1);
    assertThat(reads.get()).isEqualTo(1);
  }

  @Test
  void refreshTimingOutKeepsTheSession() {
    givenSession(oldAccess, oldRefresh);
    client.close();
    client = builder().httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build()).build();
    refreshAlwaysAnswers(ok(tokensBody(newAccess, newRefresh, false, "Token refreshed successfully")).newBuilder()
        .headersDelay(2, TimeUnit.SECONDS).build());

    NestAuthException e = catchThrowableOfType(NestAuthException.class,
        () -> client.getSessionUserData().execute());

    assertThat(e).isInstanceOf(NestAuthTimeoutException.class).isInstanceOf(NestAuthNetworkException.class);
    assertThat(e.isTimeout()).isTrue();
    assertThat(e.path()).contains("/auth/refresh-token");
    assertSessionKept();
    assertThat(refreshes.get()).isEqualTo(1);
    assertThat(reads.get()).isEqualTo(1);
  }

  private void assertSessionKept() {
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).contains(oldAccess);
    assertThat(store.load()).contains(new StoredTokens(oldAccess, oldRefresh, false, null));
    assertThat(events).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.SIGNED_OUT);
  }
}
