package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.nestauth.client.exception.SessionExpiredException;

/**
 * Several independent clients (not derived from each other: as in separate processes) over one
 * stored session. The server here behaves like Nest Auth: every refresh rotates the refresh token,
 * and a used refresh token presented again revokes the whole session. So unless the refresh is
 * single-flight across the clients, and each adopts what another saved, the session dies.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedStoreRefreshTest extends ClientTestSupport {
  static final int CLIENTS = 4;

  @TempDir
  Path dir;

  final RotatingServer rotating = new RotatingServer();

  /** A server that rotates refresh tokens and revokes the session on reuse, like Nest Auth. */
  static final class RotatingServer extends Dispatcher {
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger reuses = new AtomicInteger();
    final AtomicInteger serial = new AtomicInteger();
    final Set<String> usedRefreshTokens = ConcurrentHashMap.newKeySet();
    final Set<String> validAccessTokens = ConcurrentHashMap.newKeySet();
    volatile String currentRefresh;
    volatile boolean revoked;

    /** The session's first tokens: an access token the server no longer accepts, and a refresh token. */
    StoredTokens startSession() {
      currentRefresh = TestJwts.refresh().claim("jti", "r" + serial.incrementAndGet()).build();
      return new StoredTokens(TestJwts.access().expired().build(), currentRefresh, false, null);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      String path = request.getUrl().encodedPath();
      if (path.endsWith("/auth/refresh-token")) {
        String presented = ClientTestSupport.bodyJson(request).path("refreshToken").asText();
        synchronized (this) {
          if (revoked || usedRefreshTokens.contains(presented)) {
            reuses.incrementAndGet();
            revoked = true;
            return error(401, "UnauthorizedException", "Refresh token reuse detected", "REFRESH_TOKEN_INVALID");
          }
          if (!presented.equals(currentRefresh)) {
            return error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID");
          }
          usedRefreshTokens.add(presented);
          refreshes.incrementAndGet();
          String access = TestJwts.access().claim("jti", "a" + serial.incrementAndGet()).build();
          currentRefresh = TestJwts.refresh().claim("jti", "r" + serial.incrementAndGet()).build();
          validAccessTokens.add(access);
          // slow enough that the other clients meet the expired token while this refresh is in flight
          Thread.sleep(150);
          return ok(tokensBody(access, currentRefresh, false, "Token refreshed successfully"));
        }
      }
      if (path.endsWith("/auth/logout")) {
        return ok("{\"message\":\"Logged out successfully\"}");
      }
      if (path.endsWith("/auth/me")) {
        String auth = request.getHeaders().get("Authorization");
        boolean valid = !revoked && auth != null && validAccessTokens.contains(auth.substring("Bearer ".length()));
        return valid ? ok(sessionUserBody()) : invalidToken();
      }
      return json(404, "{\"statusCode\":404,\"message\":\"Not Found\"}");
    }
  }

  @BeforeEach
  void rotatingServer() {
    server.setDispatcher(rotating);
  }

  /** Independent clients, each over the store {@code storeFor} gives it (the same store, or one per "process"). */
  private List<NestAuthClient> clients(Supplier<TokenStore> storeFor) {
    List<NestAuthClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(storeFor.get()).build());
    }
    return clients;
  }

  /** Every client reads the user at the same moment; each meets the expired access token. */
  private void allReadTheUserAtOnce(List<NestAuthClient> clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SessionUser>> reads = new ArrayList<>();
      for (NestAuthClient each : clients) {
        Callable<SessionUser> read = () -> {
          start.await();
          return each.getSessionUserData().execute();
        };
        reads.add(pool.submit(read));
      }
      start.countDown();
      for (Future<SessionUser> read : reads) {
        assertThat(read.get(20, TimeUnit.SECONDS).id()).isNotBlank();
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(NestAuthClient::close);
    }
  }

  @Test
  void clientsOverOneFileRefreshOnceAndAllKeepTheSession() throws Exception {
    Path file = dir.resolve("session.json");
    new FileTokenStore(file).save(rotating.startSession());

    // a FileTokenStore per client, as each process of an app would have its own
    allReadTheUserAtOnce(clients(() -> new FileTokenStore(file)));

    assertThat(rotating.reuses).as("no refresh token was presented twice").hasValue(0);
    assertThat(rotating.refreshes).as("one refresh for the expired token").hasValue(1);
    assertThat(new FileTokenStore(file).load()).get().extracting(StoredTokens::refreshToken)
        .isEqualTo(rotating.currentRefresh);
  }

  @Test
  void clientsOverOneInMemoryStoreRefreshOnce() throws Exception {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    shared.save(rotating.startSession());

    allReadTheUserAtOnce(clients(() -> shared));

    assertThat(rotating.reuses).hasValue(0);
    assertThat(rotating.refreshes).hasValue(1);
  }

  @Test
  void anExplicitRefreshUsesTheRefreshTokenAnotherClientSaved() {
    Path file = dir.resolve("session.json");
    new FileTokenStore(file).save(rotating.startSession());
    NestAuthClient first = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file)).build();
    NestAuthClient second = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file)).build();
    try {
      first.refreshSession().execute();
      // the second client still holds the rotated refresh token in memory
      second.refreshSession().execute();

      assertThat(rotating.reuses).as("the rotated refresh token was not replayed").hasValue(0);
      assertThat(rotating.refreshes).hasValue(2);
      assertThat(second.isAuthenticated()).isTrue();
      assertThat(first.getSessionUserData().execute().id()).as("the first client adopts the newer session")
          .isNotBlank();
    } finally {
      first.close();
      second.close();
    }
  }

  /**
   * Another client refreshed and saved, but its access token expired before this client used it (a
   * slow process, short-lived tokens): the adopted tokens are refreshed in turn, not taken as a sign
   * that the server rejected the session.
   */
  @Test
  void adoptedTokensThatExpiredMeanwhileAreRefreshedNotSignedOut() {
    Path file = dir.resolve("session.json");
    FileTokenStore store = new FileTokenStore(file);
    store.save(new StoredTokens(TestJwts.access().expired().claim("jti", "stale").build(),
        TestJwts.refresh().claim("jti", "rotated-long-ago").build(), false, null));
    NestAuthClient slow = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file))
        .listener(events::add).build();
    try {
      // meanwhile another process refreshed and saved; its access token has expired since
      store.save(rotating.startSession());

      assertThat(slow.getSessionUserData().execute().id()).isNotBlank();

      assertThat(rotating.reuses).hasValue(0);
      assertThat(rotating.refreshes).as("the adopted tokens were refreshed once").hasValue(1);
      assertThat(events).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.SIGNED_OUT);
      assertThat(slow.isAuthenticated()).isTrue();
    } finally {
      slow.close();
    }
  }

  /**
   * Another client over the store signed out (the server ended the session): this one, which still
   * holds the session in memory, learns it from the server at its next refresh and signs out too;
   * it does not write the ended session back into the store.
   */
  @Test
  void aSignOutByAnotherClientOverTheStoreEndsThisOneAtItsNextRefresh() {
    Path file = dir.resolve("session.json");
    new FileTokenStore(file).save(rotating.startSession());
    NestAuthClient other = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file)).build();
    NestAuthClient stale = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file))
        .listener(events::add).build();
    try {
      other.logout().execute();
      rotating.revoked = true; // what the server's logout does

      assertThatThrownBy(() -> stale.getSessionUserData().execute()).isInstanceOf(SessionExpiredException.class);

      assertThat(rotating.refreshes).hasValue(0);
      assertThat(stale.isAuthenticated()).isFalse();
      assertThat(new FileTokenStore(file).load()).as("nothing written back").isEmpty();
      assertThat(events).extracting(AuthEvent::signOutReason)
          .containsExactly(java.util.Optional.of(AuthEvent.SignOutReason.SESSION_REJECTED));
    } finally {
      other.close();
      stale.close();
    }
  }

  /**
   * The server refuses every token this client gets, but meanwhile another client over the store has
   * saved a newer session: the refusals were about tokens already replaced, so this client adopts the
   * newer session instead of signing out (and clearing what the other client saved).
   */
  @Test
  void repeatedRefusalsDoNotClearANewerSessionAnotherClientSaved() {
    Path file = dir.resolve("session.json");
    StoredTokens newer = new StoredTokens(TestJwts.access().claim("jti", "other-client").build(),
        TestJwts.refresh().claim("jti", "other-client").build(), false, null);
    AtomicInteger refusals = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().endsWith("/auth/refresh-token")) {
          return ok(tokensBody(TestJwts.access().claim("jti", "r" + refusals.get()).build(),
              TestJwts.refresh().claim("jti", "r" + refusals.get()).build(), false, "Token refreshed successfully"));
        }
        if (refusals.incrementAndGet() == 1 + AuthInterceptor.MAX_REFRESH_ROUNDS) {
          new FileTokenStore(file).save(newer); // another process refreshed meanwhile
        }
        return invalidToken();
      }
    });
    new FileTokenStore(file).save(new StoredTokens(TestJwts.access().expired().build(), TestJwts.refreshToken(),
        false, null));
    NestAuthClient refused = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(new FileTokenStore(file))
        .listener(events::add).build();
    try {
      assertThatThrownBy(() -> refused.getSessionUserData().execute()).isInstanceOf(SessionExpiredException.class);

      assertThat(events).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.SIGNED_OUT);
      assertThat(refused.accessToken()).contains(newer.accessToken());
      assertThat(new FileTokenStore(file).load()).as("the other client's session stays").contains(newer);
    } finally {
      refused.close();
    }
  }

  @Test
  void builtInStoresSayThatTheyCoordinate() {
    assertThat(new InMemoryTokenStore().coordinatesRefresh()).isTrue();
    assertThat(new FileTokenStore(dir.resolve("s.json")).coordinatesRefresh()).isTrue();
    TokenStore plain = new TokenStore() {
      @Override
      public java.util.Optional<StoredTokens> load() {
        return java.util.Optional.empty();
      }

      @Override
      public void save(StoredTokens tokens) {
      }

      @Override
      public void clear() {
      }
    };
    assertThat(plain.coordinatesRefresh()).as("a store that does not say so does not coordinate").isFalse();
    assertThat(plain.withRefreshLock(() -> "ran")).isEqualTo("ran");
  }
}
