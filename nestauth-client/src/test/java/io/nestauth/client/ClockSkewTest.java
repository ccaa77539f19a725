package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device whose clock is 20 minutes off: the proactive refresh judges a token by its lifetime as
 * the server wrote it ({@code exp - iat}) counted from its arrival, so a clock ahead does not refresh
 * on every call and a clock behind still refreshes a token that really is about to expire. The fake
 * server issues tokens by the real clock and rejects them after their real expiry.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClockSkewTest extends ClientTestSupport {
  static final Duration SKEW = Duration.ofSeconds(30);

  /** The access-token lifetime of the next login (refreshes always issue 15 minutes). */
  volatile Duration loginLifetime = Duration.ofMinutes(15);
  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();
  final Map<String, Instant> accessExpiry = new ConcurrentHashMap<>();
  final List<String> bearers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void realClockServer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        switch (request.getMethod() + " " + path(request)) {
          case "POST /api/auth/login":
            return ok(tokensBody(issue(loginLifetime), TestJwts.refreshToken(), false, "Login successful"));
          case "POST /api/auth/refresh-token":
            refreshes.incrementAndGet();
            return ok(tokensBody(issue(Duration.ofMinutes(15)), TestJwts.refreshToken(), false,
                "Token refreshed successfully"));
          case "GET /api/auth/me": {
            String auth = request.getHeaders().get("Authorization");
            String token = auth == null ? "" : auth.substring("Bearer ".length());
            bearers.add(token);
            Instant exp = accessExpiry.get(token);
            if (exp == null || !exp.isAfter(Instant.now())) {
              rejected.incrementAndGet();
              return invalidToken();
            }
            return ok(sessionUserBody());
          }
          default:
            return json(404, "{\"statusCode\":404,\"message\":\"Cannot " + request.getMethod() + "\"}");
        }
      }
    });
  }

  /** An access token as the server issues it: iat is the server's (real) now, exp = iat + lifetime. */
  private String issue(Duration lifetime) {
    Instant iat = Instant.now();
    Instant exp = iat.plus(lifetime);
    String token = TestJwts.access().claim("iat", iat.getEpochSecond()).expiresAt(exp).build();
    accessExpiry.put(token, Instant.ofEpochSecond(exp.getEpochSecond()));
    return token;
  }

  private NestAuthClient deviceClientOffBy(long minutes) {
    client.close();
    client = builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(minutes)))
        .proactiveRefreshSkew(SKEW).build();
    return client;
  }

  @ParameterizedTest(name = "device clock {0} min off")
  @ValueSource(longs = {20, -20})
  void aFifteenMinuteTokenIsNotRefreshedOnAnyOfTenCalls(long minutesOff) {
    NestAuthClient client = deviceClientOffBy(minutesOff);
    client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute();
    String issued = client.accessToken().orElseThrow();

    int failures = 0;
    for (int i = 0; i < 10; i++) {
      try {
        assertThat(client.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
      } catch (RuntimeException e) {
        failures++;
      }
    }

    assertThat(refreshes.get()).as("refreshes").isZero();
    assertThat(failures).as("failed calls").isZero();
    assertThat(rejected.get()).as("calls the server rejected").isZero();
    assertThat(bearers).hasSize(10).containsOnly(issued);
    assertThat(client.isAccessTokenExpired()).isFalse();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.SIGNED_IN);
  }

  @ParameterizedTest(name = "device clock {0} min off")
  @ValueSource(longs = {20, -20})
  void aTokenThatReallyExpiresWithinTheSkewIsRefreshedBeforeTheCall(long minutesOff) {
    loginLifetime = Duration.ofSeconds(20);
    NestAuthClient client = deviceClientOffBy(minutesOff);
    client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute();
    String shortLived = client.accessToken().orElseThrow();

    for (int i = 0; i < 3; i++) {
      client.getSessionUserData().execute();
    }

    assertThat(refreshes.get()).as("one refresh, before the first call").isEqualTo(1);
    assertThat(rejected.get()).as("no call needed the 401 round trip").isZero();
    assertThat(bearers).hasSize(3).doesNotContain(shortLived).containsOnly(client.accessToken().orElseThrow());
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.SIGNED_IN, AuthEvent.Type.TOKEN_REFRESHED);
  }
}
