package io.nestauth.client.reliability;

import io.nestauth.testfixtures.TestUser;
import io.nestauth.testfixtures.MockResponses;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.SessionExpiredException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The answer to a refresh is lost after the server rotated the refresh token: the connection (a
 * pooled, already used one) closes once the request was read. The client cannot know the new token,
 * so the refresh fails with a network error and the session is kept. The next refresh presents the
 * old token, which the server ({@link FaithfulServer}) takes for a replay and answers by revoking the
 * session: the app gets a {@link SessionExpiredException} that says so, and the client is signed out.
 *
 * <p>Nothing may re-send the lost refresh by itself. OkHttp would, with
 * {@code retryOnConnectionFailure(true)}: it re-sends a request (POSTs included) that failed on a
 * reused connection, so the replay, and the revocation, would happen inside the first call.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LostRefreshAnswerTest {
  private MockWebServer server;
  private FaithfulServer faithful;
  private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean loseNextRefreshAnswer = new AtomicBoolean();
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private NestAuthClient client;

  /** Requests to {@code /warm} wait here until two have arrived: they hold two connections at once. */
  private final CountDownLatch warmBarrier = new CountDownLatch(2);
  /** The app's OkHttpClient, whose connection pool the SDK's calls share. */
  private OkHttpClient http;

  private void start(Duration accessTtl) throws IOException {
    faithful = new FaithfulServer(accessTtl);
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        received.add(request);
        if (request.getUrl().encodedPath().equals("/warm")) {
          warmBarrier.countDown();
          try {
            warmBarrier.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return MockResponses.json(200, "{}");
        }
        MockResponse answer = faithful.dispatch(request);
        if (request.getUrl().encodedPath().endsWith("/auth/refresh-token") && loseNextRefreshAnswer.getAndSet(false)) {
          // the server has acted on the request (rotated the token); the answer never leaves
          return answer.newBuilder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        return answer;
      }
    });
    server.start();
    http = new OkHttpClient();
    client = NestAuthClient.builder().baseUrl(server.url("/api").toString()).tokenStore(store).httpClient(http)
        .listener(events::add).build();
  }

  /**
   * Puts two used, idle connections into the pool (two requests held until both arrived). A refresh
   * triggered by a 401 is sent while that 401's answer still holds its connection, so it takes
   * another pooled connection: the second one.
   */
  private void warmTwoConnections() throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        codes.add(two.submit(() -> {
          try (Response response = http.newCall(new Request.Builder().url(server.url("/warm")).build()).execute()) {
            response.body().string();
            return response.code();
          }
        }));
      }
      for (Future<Integer> code : codes) {
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      two.shutdownNow();
    }
    assertThat(http.connectionPool().idleConnectionCount()).isEqualTo(2);
  }

  @BeforeEach
  void nothingYet() {
    received.clear();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (http != null) {
      ReliabilitySupport.shutdown(http);
    }
    if (server != null) {
      server.close();
    }
  }

  /** The API requests the server received, in order (without the warm-up). */
  private List<String> requestLines() {
    return received.stream().filter(r -> !r.getUrl().encodedPath().equals("/warm"))
        .map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).collect(Collectors.toList());
  }

  private RecordedRequest firstRefresh() {
    return received.stream().filter(r -> r.getUrl().encodedPath().endsWith("/auth/refresh-token")).findFirst()
        .orElseThrow();
  }

  /** The lost refresh went over a connection that had carried an earlier request (a pooled, reused one). */
  private void assertLostOnAReusedConnection(RecordedRequest lost) {
    assertThat(lost.getExchangeIndex()).as("exchanges on that connection before the refresh").isPositive();
    assertThat(received.subList(0, received.indexOf(lost)))
        .as("an earlier request went over the connection of the lost refresh")
        .anyMatch(earlier -> earlier.getConnectionIndex() == lost.getConnectionIndex());
  }

  private void assertSessionKept(StoredTokens before) {
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(store.load()).contains(before);
    assertThat(client.accessToken()).contains(before.accessToken());
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_IN);
  }

  private void assertRevokedAndSignedOut(Throwable second) {
    assertThat(faithful.replays.get()).as("the server saw the old refresh token again").isEqualTo(1);
    assertThat(faithful.revocations.get()).isEqualTo(1);
    assertThat(second).isInstanceOf(SessionExpiredException.class);
    SessionExpiredException expired = (SessionExpiredException) second;
    assertThat(expired.code()).contains("REFRESH_TOKEN_INVALID");
    assertThat(expired.path()).contains("/auth/refresh-token");
    assertThat(expired.getMessage()).as("the message says the server rejected the session and why")
        .contains("POST /auth/refresh-token").contains("REFRESH_TOKEN_INVALID")
        .containsIgnoringCase("rejected").containsIgnoringCase("replayed").containsIgnoringCase("revoke");
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_IN, AuthEvent.Type.SIGNED_OUT);
    assertThat(events.get(1).signOutReason()).isEqualTo(Optional.of(AuthEvent.SignOutReason.SESSION_REJECTED));
  }

  @Test
  void anExplicitRefreshWhoseAnswerIsLostKeepsTheSessionAndTheNextOneEndsItAsAReplay() throws IOException {
    start(Duration.ofMinutes(15));
    client.loginWithEmail(TestUser.USER_ID + "@example.com", PASSWORD).execute();
    client.getSessionUserData().execute();
    StoredTokens before = store.load().orElseThrow();
    loseNextRefreshAnswer.set(true);

    Throwable first = catchThrowable(() -> client.refreshSession().execute());

    assertThat(requestLines()).as("the refresh was sent once, and not again by anyone")
        .containsExactly("POST /api/auth/login", "GET /api/auth/me", "POST /api/auth/refresh-token");
    assertThat(faithful.refreshes.get()).as("the server rotated the refresh token").isEqualTo(1);
    assertLostOnAReusedConnection(firstRefresh());
    assertThat(first).isInstanceOf(NestAuthNetworkException.class);
    assertThat(((NestAuthException) first).path()).contains("/auth/refresh-token");
    assertSessionKept(before);

    Throwable second = catchThrowable(() -> client.refreshSession().execute());

    assertThat(requestLines()).hasSize(4).last().isEqualTo("POST /api/auth/refresh-token");
    assertRevokedAndSignedOut(second);
  }

  @Test
  void aRefreshOnA401WhoseAnswerIsLostKeepsTheSessionAndTheNextOneEndsItAsAReplay() throws Exception {
    // every access token is expired by the time it is used: each read meets 401 INVALID_TOKEN and refreshes
    start(Duration.ofNanos(1));
    warmTwoConnections();
    client.loginWithEmail(TestUser.USER_ID + "@example.com", PASSWORD).execute();
    StoredTokens before = store.load().orElseThrow();
    loseNextRefreshAnswer.set(true);

    Throwable first = catchThrowable(() -> client.getSessionUserData().execute());

    assertThat(requestLines()).as("the refresh was sent once, and neither it nor the read again")
        .containsExactly("POST /api/auth/login", "GET /api/auth/me", "POST /api/auth/refresh-token");
    assertThat(faithful.refreshes.get()).isEqualTo(1);
    assertLostOnAReusedConnection(firstRefresh());
    assertThat(first).isInstanceOf(NestAuthNetworkException.class);
    assertThat(((NestAuthException) first).path()).contains("/auth/refresh-token");
    assertSessionKept(before);

    Throwable second = catchThrowable(() -> client.getSessionUserData().execute());

    assertThat(requestLines()).hasSize(5).endsWith("GET /api/auth/me", "POST /api/auth/refresh-token");
    assertRevokedAndSignedOut(second);
  }
}
