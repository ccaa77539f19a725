package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import io.nestauth.client.exception.SessionChangedException;
import io.nestauth.client.exception.SessionExpiredException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session change (logout, another user's sign-in) while a call of the old session is in flight:
 * the late answer belongs to a session that is gone and must neither revive it, nor replace or end
 * the new one, nor be shown as the new one's. The server holds the in-flight answer on a latch until
 * the test has changed the session, so the order is certain and nothing sleeps.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SessionRaceTest extends ClientTestSupport {
  static final String B_USER_ID = "bb1859e0-b47e-43cc-902c-5474c0b6a6b9";
  static final String B_EMAIL = "bob@example.com";

  @TempDir
  Path dir;

  final String aExpiredAccess = TestJwts.access().expired().build();
  final String aValidAccess = TestJwts.verifiedAccess();
  final String aRefresh = TestJwts.refreshToken();
  final String aNewAccess = TestJwts.verifiedAccess();
  final String aNewRefresh = TestJwts.refreshToken();
  final String bAccess = TestJwts.access().userId(B_USER_ID).claim("email", B_EMAIL).build();
  final String bRefresh = TestJwts.refresh().userId(B_USER_ID).claim("email", B_EMAIL).build();

  /** One held answer: the server says when the request arrived and waits for the test's release. */
  static final class Hold {
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    void block() {
      arrived.countDown();
      try {
        // bounded: a failing test must not leave MockWebServer's thread stuck
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitArrival() throws InterruptedException {
      assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the held request reached the server").isTrue();
    }
  }

  final Hold refreshHold = new Hold();
  final Hold meHold = new Hold();
  final Hold loginHold = new Hold();
  /** What the held refresh answers once released. */
  final AtomicReference<MockResponse> refreshAnswer = new AtomicReference<>();
  /** Whether /auth/me and /auth/login are held (the refresh always is). */
  volatile boolean holdMe;
  volatile boolean holdLogin;
  /** The tokens a login answers. */
  volatile String loginAccess = bAccess;
  volatile String loginRefresh = bRefresh;

  FileTokenStore fileStore;
  ExecutorService background;

  @BeforeEach
  void raceServer() {
    fileStore = new FileTokenStore(dir.resolve("session.json"));
    background = Executors.newSingleThreadExecutor();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        switch (request.getMethod() + " " + path(request)) {
          case "POST /api/auth/refresh-token":
            refreshHold.block();
            return refreshAnswer.get();
          case "POST /api/auth/login":
            if (holdLogin) {
              loginHold.block();
            }
            return ok(tokensBody(loginAccess, loginRefresh, false, "Login successful"));
          case "POST /api/auth/logout":
            return message("Logged out successfully");
          case "GET /api/auth/me":
            if (("Bearer " + aExpiredAccess).equals(auth)) {
              return invalidToken();
            }
            if (holdMe) {
              meHold.block();
            }
            return ok(("Bearer " + bAccess).equals(auth) ? bobBody() : sessionUserBody());
          default:
            return json(404, "{\"statusCode\":404,\"message\":\"Cannot " + request.getMethod() + "\"}");
        }
      }
    });
  }

  @AfterEach
  void releaseEverything() {
    refreshHold.release.countDown();
    meHold.release.countDown();
    loginHold.release.countDown();
    background.shutdownNow();
  }

  static String bobBody() {
    return sessionUserBody().replace(TestUser.USER_ID, B_USER_ID).replace("alice@example.com", B_EMAIL);
  }

  /** A client over the file store, which starts with A's session. */
  private NestAuthClient clientWithSessionOfA(String aAccess) {
    fileStore.save(new StoredTokens(aAccess, aRefresh, false, null));
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(fileStore).listener(events::add).build();
    return client;
  }

  /** @return what the call of the old session failed with; a result it returned instead, wrapped in an AssertionError */
  private static Throwable failureOf(Future<?> call) throws InterruptedException {
    try {
      Object result = call.get(15, TimeUnit.SECONDS);
      return new AssertionError("the call of the old session returned " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call of the old session did not end", e);
    }
  }

  // ------------------------------------------------------------------ (a) logout while A's refresh is in flight

  @Test
  void logoutWhileTheRefreshIsInFlightStaysSignedOutAndTheLateTokensAreNotWritten() throws Exception {
    NestAuthClient client = clientWithSessionOfA(aExpiredAccess);
    refreshAnswer.set(ok(tokensBody(aNewAccess, aNewRefresh, false, "Token refreshed successfully")));
    Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
    refreshHold.awaitArrival();

    client.logout().execute();
    assertThat(fileStore.file()).as("logout removed the file").doesNotExist();
    refreshHold.release.countDown();

    Throwable failure = failureOf(aRead);
    assertThat(fileStore.file()).as("the late refresh answer did not recreate the token file").doesNotExist();
    assertThat(fileStore.load()).isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.isMfaPending()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_OUT);
    assertThat(events.get(0).signOutReason()).contains(AuthEvent.SignOutReason.LOGOUT);
    // the read is not repeated with tokens of a session that ended: its original 401 is the answer
    assertThat(failure).as("the read of the ended session fails").isInstanceOf(SessionExpiredException.class);
  }

  // ------------------------------------------------------------------ (b) B signs in, A's refresh is rejected

  @Test
  void aRejectionOfTheOldSessionsRefreshDoesNotSignOutTheUserWhoSignedInMeanwhile() throws Exception {
    NestAuthClient client = clientWithSessionOfA(aExpiredAccess);
    refreshAnswer.set(error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID"));
    Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
    refreshHold.awaitArrival();

    client.loginWithEmail(B_EMAIL, PASSWORD).execute();
    refreshHold.release.countDown();

    Throwable failure = failureOf(aRead);
    assertBobIsSignedIn(client);
    assertThat(events).extracting(AuthEvent::type).as("no SIGNED_OUT for A's rejection")
        .containsExactly(AuthEvent.Type.SIGNED_IN);
    assertThat(failure).isInstanceOf(SessionExpiredException.class);
  }

  // ------------------------------------------------------------------ (c) B signs in, A's refresh succeeds

  @Test
  void aLateSuccessfulRefreshOfTheOldSessionDoesNotReplaceTheTokensOfTheUserWhoSignedInMeanwhile() throws Exception {
    NestAuthClient client = clientWithSessionOfA(aExpiredAccess);
    refreshAnswer.set(ok(tokensBody(aNewAccess, aNewRefresh, false, "Token refreshed successfully")));
    Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
    refreshHold.awaitArrival();

    client.loginWithEmail(B_EMAIL, PASSWORD).execute();
    refreshHold.release.countDown();

    Throwable failure = failureOf(aRead);
    assertBobIsSignedIn(client);
    assertThat(events).extracting(AuthEvent::type).as("A's refresh is not announced")
        .containsExactly(AuthEvent.Type.SIGNED_IN);
    assertThat(failure).as("A's read is not repeated with B's token").isInstanceOf(SessionExpiredException.class);
    // B's session works with B's token, and what it reads is B
    assertThat(client.getSessionUserData().execute().id()).isEqualTo(B_USER_ID);
  }

  // ------------------------------------------------------------------ (d) A's read in flight, B signs in

  @Test
  void theOldSessionsProfileIsNeverReturnedOnceAnotherUserSignedIn() throws Exception {
    NestAuthClient client = clientWithSessionOfA(aValidAccess);
    holdMe = true;
    Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
    meHold.awaitArrival();

    client.loginWithEmail(B_EMAIL, PASSWORD).execute();
    meHold.release.countDown();

    Throwable failure = failureOf(aRead);
    assertThat(failure).isInstanceOf(SessionChangedException.class);
    assertBobIsSignedIn(client);
  }

  @Test
  void theOldSessionsProfileIsNeverReturnedOnceAnotherUserSignedInAsyncToo() throws Exception {
    NestAuthClient client = clientWithSessionOfA(aValidAccess);
    holdMe = true;
    java.util.concurrent.CompletableFuture<SessionUser> aRead = client.getSessionUserData().executeAsync();
    meHold.awaitArrival();

    client.loginWithEmail(B_EMAIL, PASSWORD).execute();
    meHold.release.countDown();

    assertThat(failureOf(aRead)).isInstanceOf(SessionChangedException.class);
    assertBobIsSignedIn(client);
  }

  // ------------------------------------------------------------------ (e) a sign-in answer after a logout

  @Test
  void aSignInAnswerThatArrivesAfterALogoutIsDropped() throws Exception {
    fileStore.clear();
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(fileStore).listener(events::add).build();
    NestAuthClient client = this.client;
    holdLogin = true;
    loginAccess = aValidAccess;
    loginRefresh = aRefresh;
    Future<AuthResponse> aLogin = background.submit(() -> client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute());
    loginHold.awaitArrival();

    // the user gave up waiting and signed out (nothing to end on the server yet)
    client.logout().execute();
    loginHold.release.countDown();

    Throwable failure = failureOf(aLogin);
    assertThat(fileStore.file()).as("the late sign-in answer was not stored").doesNotExist();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).isEmpty();
    assertThat(failure).isInstanceOf(SessionChangedException.class);
  }

  private void assertBobIsSignedIn(NestAuthClient client) {
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).contains(bAccess);
    assertThat(client.accessTokenClaims().flatMap(TokenClaims::userId)).contains(B_USER_ID);
    assertThat(fileStore.load()).as("the file holds B's tokens")
        .contains(new StoredTokens(bAccess, bRefresh, false, null));
    assertThat(List.copyOf(events)).noneMatch(event -> event.type() == AuthEvent.Type.SIGNED_OUT);
  }
}
