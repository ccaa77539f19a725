package io.nestauth.store.redis;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example with the real client: two instances of a service (each with its own Redis
 * connection, as on two machines) share their users' sessions, and refresh each one once.
 */
@ExtendWith(LocalRedis.Shared.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ManySessionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalRedis redis;
  private final MockWebServer server = new MockWebServer();
  /** Refresh-token rotation as the server does it: a used one presented again is a reuse. */
  private final Set<String> usedRefreshTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> validAccessTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger reuses = new AtomicInteger();
  private final String user = "user-" + UUID.randomUUID();
  private ManySessions instanceA;
  private ManySessions instanceB;

  ManySessionsTest(LocalRedis redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        if (path.endsWith("/auth/login")) {
          return ok(tokensBody(issueAccess(), TestJwts.refreshToken(), "Login successful"));
        } else if (path.endsWith("/auth/refresh-token")) {
          String presented = refreshTokenIn(request);
          if (!usedRefreshTokens.add(presented)) {
            reuses.incrementAndGet();
            return error(401, "UnauthorizedException", "Refresh token reuse detected", "REFRESH_TOKEN_INVALID");
          }
          refreshes.incrementAndGet();
          Thread.sleep(150); // the other clients meet the expired token while this refresh is under way
          return ok(tokensBody(issueAccess(), TestJwts.refreshToken(), "Token refreshed successfully"));
        } else if (path.endsWith("/auth/me")) {
          String auth = request.getHeaders().get("Authorization");
          return auth != null && validAccessTokens.contains(auth.substring("Bearer ".length()))
              ? ok(sessionUserBody()) : invalidToken();
        }
        return error(404, "NotFoundException", "Not Found", "NOT_FOUND");
      }
    });
    server.start();
    String baseUrl = server.url("/api").toString();
    instanceA = new ManySessions(redis.client(), baseUrl);
    instanceB = new ManySessions(redis.client(), baseUrl);
  }

  private static String refreshTokenIn(RecordedRequest request) {
    try {
      return JSON.readTree(request.getBody().utf8()).path("refreshToken").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String issueAccess() {
    String access = TestJwts.access().build();
    validAccessTokens.add(access);
    return access;
  }

  @AfterEach
  void stop() {
    instanceA.close();
    instanceB.close();
    server.close();
  }

  @Test
  void aSignInOnOneInstanceIsTheUsersSessionOnEvery() {
    try (NestAuthClient signIn = instanceA.clientFor(user)) {
      signIn.loginWithEmail(TestUser.EMAIL, TestUser.PASSWORD).execute();
    }
    try (NestAuthClient elsewhere = instanceB.clientFor(user);
        NestAuthClient someoneElse = instanceB.clientFor(user + "-other")) {
      assertThat(elsewhere.isAuthenticated()).isTrue();
      assertThat(elsewhere.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
      assertThat(someoneElse.isAuthenticated()).isFalse();
    }
  }

  @Test
  void clientsOnTwoInstancesMeetingAnExpiredTokenRefreshOnce() throws Exception {
    RedisTokenStores seed = RedisTokenStores.builder(redis.client()).build();
    seed.forKey(user).save(new StoredTokens(TestJwts.expiredAccess(), TestJwts.refreshToken(), false, null));
    seed.close();
    List<NestAuthClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add(instanceA.clientFor(user));
      clients.add(instanceB.clientFor(user));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> reads = new ArrayList<>();
      for (NestAuthClient client : clients) {
        reads.add(pool.submit(() -> {
          go.await();
          return client.getSessionUserData().execute().id();
        }));
      }
      go.countDown();
      for (Future<String> read : reads) {
        assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(TestUser.USER_ID);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(NestAuthClient::close);
    }
    assertThat(reuses).as("no refresh token presented twice").hasValue(0);
    assertThat(refreshes).as("one refresh across both instances").hasValue(1);
  }
}
