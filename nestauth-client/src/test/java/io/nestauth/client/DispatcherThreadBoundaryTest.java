package io.nestauth.client;

import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestUser;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.client.exception.UnexpectedResponseException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NestAuthCall#executeAsync()} runs on OkHttp's dispatcher threads: whatever the server answers
 * and whatever the app's listener or token store does, every future completes (exceptionally with a
 * {@link NestAuthException} where the call fails) and nothing reaches the threads' uncaught-exception
 * handler (where OkHttp rethrows what an interceptor throws, after failing the call).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DispatcherThreadBoundaryTest {
  private static final String PASSWORD = "Passw0rd!23";
  private static final String ME = "/api/auth/me";
  private static final String LOGIN = "/api/auth/login";
  private static final String REFRESH = "/api/auth/refresh-token";

  /** A token store whose writes can be made to fail. */
  static final class FailingStore implements TokenStore {
    volatile StoredTokens tokens;
    volatile boolean failSave;
    volatile boolean failClear;

    @Override
    public Optional<StoredTokens> load() {
      return Optional.ofNullable(tokens);
    }

    @Override
    public void save(StoredTokens newTokens) {
      if (failSave) {
        throw new IllegalStateException("disk full");
      }
      tokens = newTokens;
    }

    @Override
    public void clear() {
      if (failClear) {
        throw new IllegalStateException("read-only file system");
      }
      tokens = null;
    }
  }

  /** What the call is, what the server answers, and how the call must end (null: it succeeds). */
  enum Fault {
    LOGIN_NON_ASCII_ACCESS_TOKEN(UnexpectedResponseException.class),
    LOGIN_CRLF_TRUST_TOKEN(UnexpectedResponseException.class),
    LOGIN_TRUNCATED_BODY(UnexpectedResponseException.class),
    LOGIN_MALFORMED_JSON(UnexpectedResponseException.class),
    LOGIN_CONNECTION_DROPPED(NestAuthNetworkException.class),
    LOGIN_THROWING_LISTENER(null),
    LOGIN_STORE_THROWS_ON_SAVE(TokenStoreException.class),
    READ_500(NestAuthResponseException.class),
    READ_MALFORMED_JSON(UnexpectedResponseException.class),
    READ_TRUNCATED_BODY(UnexpectedResponseException.class),
    READ_HUGE_BODY(UnexpectedResponseException.class),
    READ_CONNECTION_DROPPED(NestAuthNetworkException.class),
    READ_WITH_UNUSABLE_STORED_TOKEN(NotSignedInException.class),
    READ_401_REFRESH_REJECTED(NestAuthException.class),
    READ_401_REFRESH_500(NestAuthException.class),
    READ_401_REFRESH_CONNECTION_DROPPED(NestAuthNetworkException.class),
    READ_401_REFRESH_NON_ASCII_TOKEN(UnexpectedResponseException.class),
    READ_401_REFRESH_MALFORMED_JSON(UnexpectedResponseException.class),
    READ_401_REFRESH_THROWING_LISTENER(null),
    READ_401_REFRESH_STORE_THROWS_ON_SAVE(TokenStoreException.class),
    READ_401_REFRESH_REJECTED_STORE_THROWS_ON_CLEAR(TokenStoreException.class),
    /** The refreshed token is rejected too: the SDK signs out, and the store cannot clear. */
    READ_401_TWICE_STORE_THROWS_ON_CLEAR(TokenStoreException.class),
    PROACTIVE_REFRESH_STORE_THROWS_ON_SAVE(null);

    final Class<? extends NestAuthException> expected;

    Fault(Class<? extends NestAuthException> expected) {
      this.expected = expected;
    }
  }

  private MockWebServer server;
  private final Map<String, Queue<MockResponse>> script = new ConcurrentHashMap<>();
  private final List<String> unscripted = new CopyOnWriteArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private final List<Thread> dispatcherThreads = new CopyOnWriteArrayList<>();
  private ThreadPoolExecutor executor;
  private OkHttpClient http;
  private final FailingStore store = new FailingStore();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        MockResponse next = Optional.ofNullable(script.get(path)).map(Queue::poll).orElse(null);
        if (next == null) {
          unscripted.add(request.getMethod() + " " + path);
          return MockResponses.jsonBuilder(500, ServerAnswers.errorBody(500, "Internal Server Error", "unscripted", null))
              .build();
        }
        return next;
      }
    });
    server.start();
    executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "test-okhttp-dispatcher");
          thread.setDaemon(true);
          thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
          dispatcherThreads.add(thread);
          return thread;
        });
    http = new OkHttpClient.Builder().dispatcher(new okhttp3.Dispatcher(executor))
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    http.connectionPool().evictAll();
    server.close();
  }

  private void answer(String path, MockResponse... responses) {
    script.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(responses));
  }

  private static MockResponse ok(String body) {
    return MockResponses.jsonBuilder(200, body).build();
  }

  private static String tokensBody(String access, String refresh) {
    return ServerAnswers.tokensBody(access, refresh, false, "Login successful", Map.of());
  }

  private static String goodTokens() {
    return tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken());
  }

  private static MockResponse invalidToken() {
    return MockResponses.jsonBuilder(401, ServerAnswers.invalidTokenBody()).build();
  }

  private static MockResponse dropped() {
    return MockResponses.jsonBuilder(200, "{}").onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  private static String meBody() {
    return "{\"id\":\"" + TestUser.USER_ID + "\",\"email\":\"alice@example.com\",\"phone\":null,"
        + "\"emailVerifiedAt\":null,\"phoneVerifiedAt\":null,\"isMfaEnabled\":false,\"metadata\":{},"
        + "\"mustChangePassword\":false,\"roles\":[],\"permissions\":[]}";
  }

  private static String huge() {
    StringBuilder text = new StringBuilder("{\"message\":\"");
    while (text.length() < 32 * 1024) {
      text.append("0123456789abcdef");
    }
    return text.append("\"}").toString();
  }

  /** Sets up the server's answers and the store for {@code fault}; returns the call to run. */
  private NestAuthCall<?> arrange(Fault fault, NestAuthClientBuilder builder) {
    boolean signedIn = fault.name().startsWith("READ") || fault.name().startsWith("PROACTIVE");
    if (signedIn) {
      String access = fault == Fault.PROACTIVE_REFRESH_STORE_THROWS_ON_SAVE
          ? TestJwts.access().expiresIn(Duration.ofSeconds(10)).build() : TestJwts.verifiedAccess();
      store.tokens = new StoredTokens(fault == Fault.READ_WITH_UNUSABLE_STORED_TOKEN ? access + "\u00e9" : access,
          TestJwts.refreshToken(), false, null);
    }
    switch (fault) {
      case LOGIN_NON_ASCII_ACCESS_TOKEN:
        answer(LOGIN, ok(tokensBody(TestJwts.verifiedAccess() + "\u00e9", TestJwts.refreshToken())));
        break;
      case LOGIN_CRLF_TRUST_TOKEN:
        answer(LOGIN, ok(ServerAnswers.tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false,
            "Login successful", Map.of("trustToken", "t\r\nX-Injected: yes"))));
        break;
      case LOGIN_TRUNCATED_BODY:
        answer(LOGIN, ok(goodTokens().substring(0, goodTokens().length() / 2)));
        break;
      case LOGIN_MALFORMED_JSON:
        answer(LOGIN, ok(goodTokens().replace("\":\"", "\" \"")));
        break;
      case LOGIN_CONNECTION_DROPPED:
        answer(LOGIN, dropped());
        break;
      case LOGIN_THROWING_LISTENER:
        answer(LOGIN, ok(goodTokens()));
        builder.listener(event -> {
          throw new IllegalStateException("the app's listener is broken");
        });
        break;
      case LOGIN_STORE_THROWS_ON_SAVE:
        answer(LOGIN, ok(goodTokens()));
        store.failSave = true;
        break;
      case READ_500:
        answer(ME, MockResponses.jsonBuilder(500, ServerAnswers.errorBody(500, "Internal Server Error", "boom", null))
            .build());
        break;
      case READ_MALFORMED_JSON:
        answer(ME, ok(meBody().replace("\":\"", "\" \"")));
        break;
      case READ_TRUNCATED_BODY:
        answer(ME, ok(meBody().substring(0, meBody().length() / 2)));
        break;
      case READ_HUGE_BODY:
        answer(ME, ok(huge()));
        break;
      case READ_CONNECTION_DROPPED:
        answer(ME, dropped());
        break;
      case READ_WITH_UNUSABLE_STORED_TOKEN:
        break;
      case READ_401_REFRESH_REJECTED:
        answer(ME, invalidToken());
        answer(REFRESH, MockResponses.jsonBuilder(401, ServerAnswers.errorBody(401, "UnauthorizedException",
            "Invalid refresh token", "REFRESH_TOKEN_INVALID")).build());
        break;
      case READ_401_REFRESH_500:
        answer(ME, invalidToken());
        answer(REFRESH, MockResponses.jsonBuilder(500, "{}").build());
        break;
      case READ_401_REFRESH_CONNECTION_DROPPED:
        answer(ME, invalidToken());
        answer(REFRESH, dropped());
        break;
      case READ_401_REFRESH_NON_ASCII_TOKEN:
        answer(ME, invalidToken());
        answer(REFRESH, ok(tokensBody(TestJwts.verifiedAccess() + "\u00e9", TestJwts.refreshToken())));
        break;
      case READ_401_REFRESH_MALFORMED_JSON:
        answer(ME, invalidToken());
        answer(REFRESH, ok(goodTokens().replace("\":\"", "\" \"")));
        break;
      case READ_401_REFRESH_THROWING_LISTENER:
        answer(ME, invalidToken(), ok(meBody()));
        answer(REFRESH, ok(goodTokens()));
        builder.listener(event -> {
          throw new IllegalStateException("the app's listener is broken");
        });
        break;
      case READ_401_REFRESH_STORE_THROWS_ON_SAVE:
        answer(ME, invalidToken());
        answer(REFRESH, ok(goodTokens()));
        store.failSave = true;
        break;
      case READ_401_REFRESH_REJECTED_STORE_THROWS_ON_CLEAR:
        answer(ME, invalidToken());
        answer(REFRESH, MockResponses.jsonBuilder(401, ServerAnswers.errorBody(401, "UnauthorizedException",
            "Invalid refresh token", "REFRESH_TOKEN_INVALID")).build());
        store.failClear = true;
        break;
      case READ_401_TWICE_STORE_THROWS_ON_CLEAR:
        // refused after every refresh the client tries: it signs out, and the store cannot clear
        answer(ME, invalidToken(), invalidToken(), invalidToken(), invalidToken());
        answer(REFRESH, ok(goodTokens()), ok(goodTokens()), ok(goodTokens()));
        store.failClear = true;
        break;
      case PROACTIVE_REFRESH_STORE_THROWS_ON_SAVE:
        answer(REFRESH, ok(goodTokens()));
        answer(ME, ok(meBody()));
        builder.proactiveRefreshSkew(Duration.ofMinutes(1));
        store.failSave = true;
        break;
      default:
        throw new IllegalStateException(fault.name());
    }
    NestAuthClient client = builder.build();
    return signedIn ? client.getSessionUserData() : client.loginWithEmail("alice@example.com", PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyFutureCompletesAndNothingReachesTheDispatchersUncaughtExceptionHandler(Fault fault)
      throws InterruptedException {
    NestAuthClientBuilder builder = NestAuthClient.builder().baseUrl(server.url("/api").toString()).tokenStore(store)
        .httpClient(http).retryPolicy(RetryPolicy.none()).maxResponseBytes(8 * 1024);
    NestAuthCall<?> call = arrange(fault, builder);

    CompletableFuture<?> future = call.executeAsync();
    Throwable failure = null;
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError(fault + ": the future never completed");
    }

    // every task of the dispatcher has ended, and with it any uncaught exception has been handed over
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    for (Thread thread : dispatcherThreads) {
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(uncaught).as(fault + ": exceptions on OkHttp's dispatcher threads").isEmpty();
    if (fault.expected == null) {
      assertThat(failure).as(fault.name()).isNull();
    } else {
      assertThat(failure).as(fault.name()).isInstanceOf(fault.expected);
    }
    assertThat(unscripted).as(fault + ": requests the script did not expect").isEmpty();
    // no response was left open: a leaked one keeps its connection busy
    assertThat(http.connectionPool().idleConnectionCount()).as(fault + ": pooled connections left busy")
        .isEqualTo(http.connectionPool().connectionCount());
  }
}
