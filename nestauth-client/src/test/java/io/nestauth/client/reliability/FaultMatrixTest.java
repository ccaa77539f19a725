package io.nestauth.client.reliability;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.RetryPolicy;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.NestAuthTimeoutException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static io.nestauth.client.reliability.ReliabilitySupport.assertNoLeaks;
import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.jsonBuilder;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestJwts.refreshToken;
import static io.nestauth.testfixtures.TestJwts.verifiedAccess;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network and server faults against an authenticated read, a login and a refresh (explicit, and
 * the one a 401 triggers). Every fault must end in its documented exception type, keep the
 * session (only a 401 from refresh-token ends it), send no request twice, and leave the caller's
 * OkHttpClient with no running or queued call and no busy connection.
 */
class FaultMatrixTest {
  /** Short on purpose: the "server never answers" rows wait for it. */
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
      + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
  private static final String HTML_503 = "<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
      + "<body><h1>503 Service Unavailable</h1><p>The server is temporarily down for maintenance.</p></body></html>";

  /** What the client does. */
  enum Call {
    SESSION_USER("GET", "/auth/me", 1),
    SESSION_USER_ASYNC("GET", "/auth/me", 1),
    LOGIN("POST", "/auth/login", 1),
    LOGIN_ASYNC("POST", "/auth/login", 1),
    REFRESH("POST", "/auth/refresh-token", 1),
    /** getSessionUserData meets 401 INVALID_TOKEN, the refresh it triggers meets the fault. */
    REFRESH_ON_401("POST", "/auth/refresh-token", 2);

    final String method;
    final String failingPath;
    final int requests;

    Call(String method, String failingPath, int requests) {
      this.method = method;
      this.failingPath = failingPath;
      this.requests = requests;
    }

    /** A correct success body for the request that meets the fault. */
    String successBody() {
      return this == SESSION_USER || this == SESSION_USER_ASYNC ? sessionUserBody()
          : tokensBody(verifiedAccess(), refreshToken(), this == REFRESH || this == REFRESH_ON_401
              ? "Token refreshed successfully" : "Login successful");
    }
  }

  /** What goes wrong, and the exception it must become. */
  enum Fault {
    RESET_MID_BODY(NestAuthNetworkException.class),
    RESET_BEFORE_ANSWER(NestAuthNetworkException.class),
    NEVER_ANSWERS(NestAuthTimeoutException.class),
    BODY_NEVER_COMPLETES(NestAuthTimeoutException.class),
    HTML_502_BAD_GATEWAY(NestAuthResponseException.class),
    HTML_503_UNAVAILABLE(NestAuthResponseException.class),
    MALFORMED_JSON(UnexpectedResponseException.class),
    TRUNCATED_JSON(UnexpectedResponseException.class),
    WRONG_JSON_SHAPE(UnexpectedResponseException.class),
    HUGE_BODY(UnexpectedResponseException.class),
    HUGE_CHUNKED_BODY(UnexpectedResponseException.class),
    RATE_LIMITED_429(RateLimitedException.class),
    UNKNOWN_HOST(NestAuthNetworkException.class);

    final Class<? extends NestAuthException> expected;

    Fault(Class<? extends NestAuthException> expected) {
      this.expected = expected;
    }

    MockResponse response(Call call) {
      String body = call.successBody();
      switch (this) {
        case RESET_MID_BODY:
          // headers and half the body, then the socket closes
          return jsonBuilder(200, body).onResponseBody(new SocketEffect.CloseSocket(true, false, false)).build();
        case RESET_BEFORE_ANSWER:
          // the request was read (and, for a refresh, acted upon), then the connection dropped
          return jsonBuilder(200, body).onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        case NEVER_ANSWERS:
          return jsonBuilder(200, body).onResponseStart(SocketEffect.Stall.INSTANCE).build();
        case BODY_NEVER_COMPLETES:
          return jsonBuilder(200, body).bodyDelay(30, TimeUnit.SECONDS).build();
        case HTML_502_BAD_GATEWAY:
          return new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body(HTML_502).build();
        case HTML_503_UNAVAILABLE:
          return new MockResponse.Builder().code(503).addHeader("Content-Type", "text/html; charset=utf-8")
              .body(HTML_503).build();
        case MALFORMED_JSON:
          return json(200, body.replace("\":\"", "\" \""));
        case TRUNCATED_JSON:
          return json(200, body.substring(0, body.length() / 2));
        case WRONG_JSON_SHAPE:
          return json(200, "[" + body + "]");
        case HUGE_BODY:
          return json(200, hugeJson());
        case HUGE_CHUNKED_BODY:
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .chunkedBody(hugeJson(), 64 * 1024).build();
        case RATE_LIMITED_429:
          return jsonBuilder(429, ServerAnswers.errorBody(429, "HttpException",
              "Too many requests, please try again later", "RATE_LIMITED")).addHeader("Retry-After", "30").build();
        case UNKNOWN_HOST:
        default:
          throw new IllegalStateException("no response for " + this);
      }
    }
  }

  /** A body larger than any real answer: four times the default limit. */
  static String hugeJson() {
    StringBuilder text = new StringBuilder((int) (4 * ApiClient.DEFAULT_MAX_RESPONSE_BYTES) + 64).append("{\"message\":\"");
    while (text.length() < 4 * ApiClient.DEFAULT_MAX_RESPONSE_BYTES) {
      text.append("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    }
    return text.append("\"}").toString();
  }

  /** Answers from a script; a request beyond the script is recorded and answered 500. */
  static final class ScriptDispatcher extends Dispatcher {
    final Queue<MockResponse> script = new ConcurrentLinkedQueue<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> unscripted = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String line = request.getMethod() + " " + request.getUrl().encodedPath();
      requests.add(line);
      MockResponse next = script.poll();
      if (next == null) {
        unscripted.add(line);
        return error(500, "Internal Server Error", "unscripted request " + line, null);
      }
      return next;
    }
  }

  private MockWebServer server;
  private ScriptDispatcher dispatcher;
  private OkHttpClient http;
  private InMemoryTokenStore store;
  private StoredTokens seeded;
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    dispatcher = new ScriptDispatcher();
    server.setDispatcher(dispatcher);
    server.start();
    http = ReliabilitySupport.httpClient(TIMEOUT);
    store = new InMemoryTokenStore();
    seeded = new StoredTokens(verifiedAccess(), refreshToken(), false, null);
    store.save(seeded);
  }

  @AfterEach
  void stop() {
    ReliabilitySupport.shutdown(http);
    server.close();
  }

  private NestAuthClientBuilder builder(String baseUrl) {
    return NestAuthClient.builder().baseUrl(baseUrl).httpClient(http).tokenStore(store).listener(events::add);
  }

  static Stream<Arguments> matrix() {
    List<Arguments> rows = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (Call call : Call.values()) {
        rows.add(Arguments.of(call, fault));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("matrix")
  void faultEndsInTheDocumentedExceptionKeepsTheSessionAndLeaksNothing(Call call, Fault fault) {
    String baseUrl;
    if (fault == Fault.UNKNOWN_HOST) {
      baseUrl = "http://nestauth.invalid/api";
    } else {
      baseUrl = server.url("/api").toString();
      if (call == Call.REFRESH_ON_401) {
        dispatcher.script.add(invalidToken());
      }
      dispatcher.script.add(fault.response(call));
    }
    NestAuthClient client = builder(baseUrl).allowInsecureHttp(true).retryPolicy(RetryPolicy.none()).build();

    Throwable thrown = failureOf(call, client);

    assertThat(thrown).as("%s × %s", call, fault).isExactlyInstanceOf(fault.expected);
    NestAuthException failure = (NestAuthException) thrown;
    String failingPath = fault == Fault.UNKNOWN_HOST && call == Call.REFRESH_ON_401 ? "/auth/me" : call.failingPath;
    assertThat(failure.path()).contains(failingPath);
    assertThat(failure.method()).contains(fault == Fault.UNKNOWN_HOST && call == Call.REFRESH_ON_401 ? "GET" : call.method);
    if (fault == Fault.RATE_LIMITED_429) {
      assertThat(failure.status()).isEqualTo(429);
      assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(failure.code()).contains("RATE_LIMITED");
    }
    if (fault == Fault.HTML_502_BAD_GATEWAY || fault == Fault.HTML_503_UNAVAILABLE) {
      assertThat(failure.status()).isEqualTo(fault == Fault.HTML_502_BAD_GATEWAY ? 502 : 503);
      assertThat(failure.code()).isEmpty();
      assertThat(failure.getMessage()).contains("body is not JSON");
    }
    if (fault.expected == NestAuthNetworkException.class || fault.expected == NestAuthTimeoutException.class) {
      assertThat(failure.status()).isZero();
      assertThat(failure.isNetworkError()).isTrue();
    }

    // the session survives every fault
    assertThat(store.load()).as("the token store still holds the session").contains(seeded);
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(events).as("no session event").isEmpty();
    // nothing was sent twice: no silent retry of a login or a refresh, none of a GET under RetryPolicy.none()
    int expectedRequests = fault == Fault.UNKNOWN_HOST ? 0 : call.requests;
    assertThat(dispatcher.requests).as("requests the server received").hasSize(expectedRequests);
    assertThat(dispatcher.unscripted).isEmpty();
    assertNoLeaks(http, call + " × " + fault);
    client.close();
  }

  /** Runs the call and returns what it threw (for async calls: what the future failed with). */
  private Throwable failureOf(Call call, NestAuthClient client) {
    try {
      switch (call) {
        case SESSION_USER:
          client.getSessionUserData().execute();
          break;
        case SESSION_USER_ASYNC:
          client.getSessionUserData().executeAsync().get(10, TimeUnit.SECONDS);
          break;
        case LOGIN:
          client.loginWithEmail("alice@example.com", PASSWORD).execute();
          break;
        case LOGIN_ASYNC:
          client.loginWithEmail("alice@example.com", PASSWORD).executeAsync().get(10, TimeUnit.SECONDS);
          break;
        case REFRESH:
          client.refreshSession().execute();
          break;
        case REFRESH_ON_401:
          client.getSessionUserData().execute();
          break;
        default:
          throw new IllegalStateException();
      }
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError(call + " did not fail");
  }

  // ------------------------------------------------------------------ the one failure that ends a session

  @ParameterizedTest(name = "{0}")
  @MethodSource("refreshCalls")
  void onlyTheServersRejectionOfTheRefreshTokenEndsTheSession(Call call) {
    if (call == Call.REFRESH_ON_401) {
      dispatcher.script.add(invalidToken());
    }
    dispatcher.script.add(error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID"));
    NestAuthClient client = builder(server.url("/api").toString()).retryPolicy(RetryPolicy.none()).build();

    Throwable thrown = failureOf(call, client);

    assertThat(thrown).isInstanceOf(SessionExpiredException.class);
    assertThat(store.load()).as("the rejected session is gone").isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_OUT);
    assertThat(events.get(0).signOutReason()).contains(AuthEvent.SignOutReason.SESSION_REJECTED);
    assertThat(dispatcher.requests).hasSize(call.requests);
    assertNoLeaks(http, "rejected refresh");
    client.close();
  }

  static Stream<Call> refreshCalls() {
    return Stream.of(Call.REFRESH, Call.REFRESH_ON_401);
  }

  // ------------------------------------------------------------------ the default retry policy

  @Test
  void defaultPolicyRetriesAnIdempotentGetThroughTwo503sAndAReset() {
    dispatcher.script.add(error(503, "Service Unavailable", "Service Unavailable", null));
    dispatcher.script.add(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    dispatcher.script.add(json(200, sessionUserBody()));
    NestAuthClient client = builder(server.url("/api").toString()).build();

    SessionUser me = client.getSessionUserData().execute();

    assertThat(me.id()).isEqualTo(TestUser.USER_ID);
    assertThat(dispatcher.requests).containsExactly("GET /api/auth/me", "GET /api/auth/me", "GET /api/auth/me");
    assertThat(store.load()).contains(seeded);
    assertNoLeaks(http, "default policy GET");
    client.close();
  }

  @Test
  void defaultPolicyNeverRetriesALogin() {
    dispatcher.script.add(error(503, "Service Unavailable", "Service Unavailable", null));
    NestAuthClient client = builder(server.url("/api").toString()).build();

    Throwable thrown = failureOf(Call.LOGIN, client);

    assertThat(thrown).isExactlyInstanceOf(NestAuthResponseException.class);
    assertThat(((NestAuthException) thrown).status()).isEqualTo(503);
    assertThat(dispatcher.requests).containsExactly("POST /api/auth/login");
    assertThat(store.load()).contains(seeded);
    assertNoLeaks(http, "default policy login");
    client.close();
  }

  @Test
  void defaultPolicySurfacesARetryAfterLongerThanItsMaxDelayAtOnce() {
    dispatcher.script.add(jsonBuilder(429, ServerAnswers.errorBody(429, "HttpException", "Too many requests",
        "RATE_LIMITED")).addHeader("Retry-After", "30").build());
    NestAuthClient client = builder(server.url("/api").toString()).build();
    long start = System.nanoTime();

    Throwable thrown = failureOf(Call.SESSION_USER, client);

    assertThat(thrown).isExactlyInstanceOf(RateLimitedException.class);
    assertThat(((NestAuthException) thrown).retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(dispatcher.requests).hasSize(1);
    assertNoLeaks(http, "429");
    client.close();
  }

  // ------------------------------------------------------------------ lost answers on a reused connection

  /**
   * The most dangerous fault for a rotating refresh token: the server received the refresh (and
   * rotated the token), then the pooled keep-alive connection died before the answer. Re-sending
   * the old refresh token would make the server revoke the session, so it must not be re-sent,
   * neither by the SDK nor silently by OkHttp's connection-failure recovery.
   */
  @Test
  void aRefreshWhoseAnswerIsLostOnAReusedConnectionIsNotSentTwice() {
    // warm one keep-alive connection, then lose the refresh answer on it
    dispatcher.script.add(json(200, sessionUserBody()));
    dispatcher.script.add(jsonBuilder(200, tokensBody(verifiedAccess(), refreshToken(), "Token refreshed successfully"))
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    NestAuthClient client = builder(server.url("/api").toString()).build();
    client.getSessionUserData().execute();

    Throwable thrown = failureOf(Call.REFRESH, client);

    assertThat(thrown).isExactlyInstanceOf(NestAuthNetworkException.class);
    assertThat(dispatcher.requests).containsExactly("GET /api/auth/me", "POST /api/auth/refresh-token");
    assertThat(store.load()).contains(seeded);
    assertNoLeaks(http, "lost refresh answer");
    client.close();
  }

  @Test
  void aLoginWhoseAnswerIsLostOnAReusedConnectionIsNotSentTwice() {
    dispatcher.script.add(json(200, sessionUserBody()));
    dispatcher.script.add(jsonBuilder(200, tokensBody(verifiedAccess(), refreshToken(), "Login successful"))
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    NestAuthClient client = builder(server.url("/api").toString()).build();
    client.getSessionUserData().execute();

    Throwable thrown = failureOf(Call.LOGIN, client);

    assertThat(thrown).isExactlyInstanceOf(NestAuthNetworkException.class);
    assertThat(dispatcher.requests).containsExactly("GET /api/auth/me", "POST /api/auth/login");
    assertThat(store.load()).contains(seeded);
    assertNoLeaks(http, "lost login answer");
    client.close();
  }

  @Test
  void aRefreshTriggeredByA401WhoseAnswerIsLostIsNotSentTwice() {
    dispatcher.script.add(json(200, sessionUserBody()));
    dispatcher.script.add(invalidToken());
    dispatcher.script.add(jsonBuilder(200, tokensBody(verifiedAccess(), refreshToken(), "Token refreshed successfully"))
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    NestAuthClient client = builder(server.url("/api").toString()).retryPolicy(RetryPolicy.none()).build();
    client.getSessionUserData().execute();

    Throwable thrown = failureOf(Call.REFRESH_ON_401, client);

    assertThat(thrown).isExactlyInstanceOf(NestAuthNetworkException.class);
    assertThat(dispatcher.requests).containsExactly("GET /api/auth/me", "GET /api/auth/me", "POST /api/auth/refresh-token");
    assertThat(store.load()).contains(seeded);
    assertNoLeaks(http, "lost refresh answer after 401");
    client.close();
  }
}
