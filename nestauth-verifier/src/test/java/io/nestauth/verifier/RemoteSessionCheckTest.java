package io.nestauth.verifier;

import static io.nestauth.verifier.TestTokens.NOW;
import static io.nestauth.verifier.TestTokens.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nestauth.verifier.TokenVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteSessionCheckTest {
  private static final String ALIVE = "{\"valid\":true,\"userId\":\"" + TestTokens.USER_ID
      + "\",\"expiresAt\":\"2026-11-28T10:00:00.000Z\"}";
  private static final String SESSION_NOT_FOUND =
      "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Session not found\"}";

  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = new MutableClock(NOW);

  @BeforeEach
  void start() throws Exception {
    server.start(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String baseUrl() {
    return server.url("/api").toString();
  }

  private RemoteSessionCheck.Builder check() {
    return RemoteSessionCheck.builder(baseUrl()).clock(clock);
  }

  private NestAuthTokenVerifier verifier(RemoteSessionCheck check) {
    return NestAuthTokenVerifier.builder().secret(TestTokens.SECRET).clock(clock).remoteCheck(check).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static TokenVerificationException refused(NestAuthTokenVerifier verifier, String token, Reason reason) {
    return NestAuthTokenVerifierTest.refused(verifier, token, reason);
  }

  @Test
  void aLiveSessionVerifiesAndTheServerSeesTheTokenAsBearer() throws Exception {
    server.enqueue(json(200, ALIVE));
    String token = access().build();

    NestAuthPrincipal principal = verifier(check().build()).verify(token);

    assertThat(principal.userId()).isEqualTo(TestTokens.USER_ID);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/auth/verify-session");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
  }

  @Test
  void aTrailingSlashInTheBaseUrlMakesNoDifference() throws Exception {
    server.enqueue(json(200, ALIVE));
    verifier(RemoteSessionCheck.builder(baseUrl() + "/").build()).verify(access().build());
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/auth/verify-session");
  }

  @Test
  void theSessionIsAskedAboutBelowTheServersRoutePrefix() throws Exception {
    for (String prefix : List.of("identity", "/v1/auth/", "auth-v2.beta_1~x")) {
      server.enqueue(json(200, ALIVE));
      RemoteSessionCheck check = check().routePrefix(prefix).build();

      verifier(check).verify(access().build());

      String expected = "/api/" + prefix.replaceAll("^/+|/+$", "") + "/verify-session";
      assertThat(server.takeRequest().getUrl().encodedPath()).as(prefix).isEqualTo(expected);
      assertThat(check.toString()).as(prefix).contains(expected);
    }
    assertThat(RemoteSessionCheck.DEFAULT_ROUTE_PREFIX).isEqualTo("auth");
  }

  @Test
  void anIllegalRoutePrefixIsRefusedBeforeAnyRequest() throws Exception {
    RemoteSessionCheck.Builder builder = check();
    List<String> bad = new ArrayList<>(List.of("", " ", "/", "///", "a//b", "..", "auth/..", "./auth", "a b",
        "auth?x=1", "auth#x", "%2e%2e", "auth\nHost: evil", "idéntity", "\\auth", "https://evil.example.com/auth",
        "a".repeat(201)));
    bad.add(null);
    for (String prefix : bad) {
      assertThatThrownBy(() -> builder.routePrefix(prefix)).as(String.valueOf(prefix))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("routePrefix")
          .hasMessageNotContaining("\n").hasMessageNotContaining("evil");
    }
    assertThat(server.getRequestCount()).isZero();

    // a refused value leaves the builder as it was
    server.enqueue(json(200, ALIVE));
    verifier(builder.build()).verify(access().build());
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/auth/verify-session");
  }

  @Test
  void aSessionTheServerNoLongerKnowsIsRevoked() {
    server.enqueue(json(401, SESSION_NOT_FOUND));

    TokenVerificationException e = refused(verifier(check().build()), access().build(), Reason.REVOKED);

    assertThat(e).hasMessageContaining("HTTP 401").hasMessageContaining("Session not found");
    assertThat(e.isTokenRejected()).isTrue();
  }

  @Test
  void aDeactivatedUserIsRevokedAndTheServersCodeIsKept() {
    server.enqueue(json(401, "{\"statusCode\":401,\"error\":\"UnauthorizedException\","
        + "\"message\":\"User is not active\",\"code\":\"ACCOUNT_INACTIVE\"}"));

    TokenVerificationException e = refused(verifier(check().build()), access().build(), Reason.REVOKED);

    assertThat(e).hasMessageContaining("ACCOUNT_INACTIVE").hasMessageContaining("User is not active");
  }

  @Test
  void validFalseIsRevoked() {
    server.enqueue(json(200, "{\"valid\":false}"));
    refused(verifier(check().build()), access().build(), Reason.REVOKED);
  }

  @Test
  void localChecksComeFirstAndAskNothing() {
    NestAuthTokenVerifier verifier = verifier(check().build());

    refused(verifier, access().expiresIn(Duration.ofHours(-1)).build(), Reason.EXPIRED);
    refused(verifier, access().secret("another-secret-that-is-long-enough-0123456789").build(), Reason.BAD_SIGNATURE);
    refused(verifier, TestTokens.refresh().build(), Reason.WRONG_TYPE);
    refused(verifier, access().mfa(true, false).build(), Reason.MFA_PENDING);

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anMfaPendingSessionAllowedLocallyIsAskedAbout() {
    server.enqueue(json(200, ALIVE));
    NestAuthTokenVerifier verifier = NestAuthTokenVerifier.builder().secret(TestTokens.SECRET).clock(clock)
        .allowMfaPending(true).remoteCheck(check().build()).build();

    assertThat(verifier.verify(access().mfa(true, false).build()).mfaPending()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void answersAreCachedForTheTtlThenAskedAgain() {
    NestAuthTokenVerifier verifier = verifier(check().cacheTtl(Duration.ofSeconds(10)).build());
    String token = access().build();
    server.enqueue(json(200, ALIVE));
    server.enqueue(json(401, SESSION_NOT_FOUND));

    verifier.verify(token);
    clock.advance(Duration.ofSeconds(9));
    verifier.verify(token);
    assertThat(server.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    refused(verifier, token, Reason.REVOKED);
    assertThat(server.getRequestCount()).isEqualTo(2);

    // a refusal is cached too: a revoked session does not come back
    refused(verifier, token, Reason.REVOKED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void eachTokenHasItsOwnEntryAndTheCacheIsBounded() {
    RemoteSessionCheck check = check().maxCacheEntries(2).build();
    NestAuthTokenVerifier verifier = verifier(check);
    List<String> tokens = List.of(access().claim("n", 1).build(), access().claim("n", 2).build(),
        access().claim("n", 3).build());
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(200, ALIVE));
    }

    for (String token : tokens) {
      verifier.verify(token);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(check.cachedAnswers()).isEqualTo(2);

    verifier.verify(tokens.get(2)); // still cached
    assertThat(server.getRequestCount()).isEqualTo(3);
    verifier.verify(tokens.get(0)); // evicted as least recently used
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aZeroTtlOrSizeTurnsTheCacheOff() {
    for (RemoteSessionCheck check : List.of(check().cacheTtl(Duration.ZERO).build(), check().maxCacheEntries(0).build())) {
      int before = server.getRequestCount();
      server.enqueue(json(200, ALIVE));
      server.enqueue(json(200, ALIVE));
      NestAuthTokenVerifier verifier = verifier(check);
      String token = access().build();
      verifier.verify(token);
      verifier.verify(token);
      assertThat(server.getRequestCount() - before).isEqualTo(2);
      assertThat(check.cachedAnswers()).isZero();
    }
  }

  @Test
  void theCacheKeyIsAHashNotTheToken() {
    String token = access().build();
    String key = RemoteSessionCheck.cacheKey(token);
    assertThat(key).hasSize(44).doesNotContain(token.split("\\.")[0]).isNotEqualTo(token);
    assertThat(RemoteSessionCheck.cacheKey(token)).isEqualTo(key);
    assertThat(RemoteSessionCheck.cacheKey(token + "x")).isNotEqualTo(key);
  }

  @Test
  void serverErrorsFailTheCheckAndAreNotCached() {
    NestAuthTokenVerifier verifier = verifier(check().build());
    String token = access().build();
    server.enqueue(json(500, "{\"statusCode\":500,\"message\":\"Internal server error\"}"));
    server.enqueue(json(200, ALIVE));

    TokenVerificationException e = refused(verifier, token, Reason.CHECK_FAILED);
    assertThat(e.isTokenRejected()).isFalse();
    assertThat(e).hasMessageContaining("HTTP 500");

    assertThat(verifier.verify(token)).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void otherRefusalsThan401AreNotARevocation() {
    NestAuthTokenVerifier verifier = verifier(check().build());
    for (int code : List.of(403, 404, 429, 502)) {
      server.enqueue(json(code, "{}"));
      refused(verifier, access().claim("n", code).build(), Reason.CHECK_FAILED);
    }
  }

  @Test
  void unclearAnswersFailTheCheck() {
    NestAuthTokenVerifier verifier = verifier(check().build());
    server.enqueue(json(200, "<html>login</html>"));
    refused(verifier, access().claim("n", 1).build(), Reason.CHECK_FAILED);
    server.enqueue(json(200, "{\"ok\":true}"));
    refused(verifier, access().claim("n", 2).build(), Reason.CHECK_FAILED);
    server.enqueue(json(200, "{\"valid\":true,\"userId\":\"someone-else\"}"));
    TokenVerificationException e = refused(verifier, access().claim("n", 3).build(), Reason.CHECK_FAILED);
    assertThat(e).hasMessageContaining("another user");
  }

  @Test
  void redirectsAreNeverFollowed() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(0);
      elsewhere.enqueue(json(200, ALIVE));
      server.enqueue(new MockResponse.Builder().code(302)
          .setHeader("Location", elsewhere.url("/api/auth/verify-session").toString()).build());

      TokenVerificationException e = refused(verifier(check().build()), access().build(), Reason.CHECK_FAILED);

      assertThat(e).hasMessageContaining("302").hasMessageContaining("redirects are not followed");
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void aSlowServerFailsTheCheckWithinTheTimeout() {
    server.enqueue(new MockResponse.Builder().code(200).body(ALIVE).headersDelay(3, TimeUnit.SECONDS).build());
    NestAuthTokenVerifier verifier = verifier(check().timeout(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    TokenVerificationException e = refused(verifier, access().build(), Reason.CHECK_FAILED);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(e).hasMessageContaining("no answer");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void anUnreachableServerFailsTheCheck() {
    String url = baseUrl();
    server.close();
    refused(verifier(RemoteSessionCheck.builder(url).build()), access().build(), Reason.CHECK_FAILED);
  }

  @Test
  void concurrentChecksOfOneTokenShareOneRequest() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(ALIVE).headersDelay(300, TimeUnit.MILLISECONDS).build());
    NestAuthTokenVerifier verifier = verifier(check().build());
    String token = access().build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<NestAuthPrincipal>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return verifier.verify(token);
        }));
      }
      go.countDown();
      for (Future<NestAuthPrincipal> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).userId()).isEqualTo(TestTokens.USER_ID);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theSharedClientsInterceptorsNeverSeeTheToken() {
    AtomicInteger seen = new AtomicInteger();
    OkHttpClient shared = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seen.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .addNetworkInterceptor(chain -> {
          seen.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
    server.enqueue(json(200, ALIVE));

    verifier(check().httpClient(shared).build()).verify(access().build());

    assertThat(seen).hasValue(0);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theBaseUrlMustBeHttpsOrLoopback() {
    for (String ok : List.of("https://auth.example.com/api", "https://auth.example.com", "http://localhost:3000/api",
        "http://127.0.0.1:3000/api", "http://127.5.6.7/api", "http://[::1]:3000/api", "HTTPS://Auth.Example.com/api/")) {
      assertThat(RemoteSessionCheck.builder(ok).build()).as(ok).isNotNull();
    }
    for (String bad : List.of("http://auth.example.com/api", "http://10.0.0.1/api", "http://127.0.0.1.example.com/api",
        "http://localhost.example.com/api", "ftp://auth.example.com", "auth.example.com/api", "", " ",
        "https://auth.example.com/api?x=1", "https://user:pass@auth.example.com/api")) {
      assertThatThrownBy(() -> RemoteSessionCheck.builder(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(RemoteSessionCheck.builder("https://auth.example.com/api/").build().toString())
        .contains("https://auth.example.com/api/auth/verify-session");
  }

  @Test
  void badSettingsAreRefused() {
    RemoteSessionCheck.Builder builder = check();
    assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.cacheTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxCacheEntries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.httpClient(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusalsFromTheServerKeepTheTokenOutOfTheirMessages() {
    String token = access().build();
    server.enqueue(json(401, "{\"message\":\"Session not found\",\"echo\":\"" + token + "\"}"));
    TokenVerificationException e = catchThrowableOfType(TokenVerificationException.class,
        () -> verifier(check().build()).verify(token));
    MessagesKeepTokensOutTest.assertNoPartOf(token, e);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
