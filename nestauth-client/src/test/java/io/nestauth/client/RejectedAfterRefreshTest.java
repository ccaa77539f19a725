package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import io.nestauth.client.exception.SessionExpiredException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SDK call answered {@code 401 INVALID_TOKEN} again and again with the tokens refreshes have just
 * issued: the server no longer accepts this session, so after a bounded number of rounds the client
 * signs out and the call fails with {@link SessionExpiredException}, blocking and async alike.
 * Without the sign-out the app would hold a "signed in" session that every call fails with. One
 * refused retry alone does not sign out: a busy server can refuse a good token for a moment, and
 * tokens can expire before they are used.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RejectedAfterRefreshTest extends ClientTestSupport {

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  void aRetriedCallRejectedAgainSignsOutAndFailsWithSessionExpired(boolean async) throws Exception {
    String oldAccess = TestJwts.access().expired().build();
    givenSession(oldAccess, TestJwts.refreshToken());
    server.enqueue(invalidToken());
    List<String> issued = new ArrayList<>();
    for (int round = 0; round < AuthInterceptor.MAX_REFRESH_ROUNDS; round++) {
      String newAccess = TestJwts.access().claim("jti", "round-" + round).build();
      issued.add(newAccess);
      server.enqueue(ok(tokensBody(newAccess, TestJwts.refreshToken(), false, "Token refreshed successfully")));
      server.enqueue(invalidToken());
    }

    Throwable thrown = failureOf(async);

    assertThat(thrown).isInstanceOf(SessionExpiredException.class);
    assertThat(((SessionExpiredException) thrown).code()).contains("INVALID_TOKEN");
    assertThat(server.getRequestCount()).as("a bounded number of refreshes and retries, no loop")
        .isEqualTo(1 + 2 * AuthInterceptor.MAX_REFRESH_ROUNDS);
    take();
    for (String newAccess : issued) {
      take();
      assertThat(take().getHeaders().get("Authorization")).as("each retry carried the newest token")
          .isEqualTo("Bearer " + newAccess);
    }
    assertThat(client.isAuthenticated()).as("signed out").isFalse();
    assertThat(client.isMfaPending()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(store.load()).isEmpty();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED, AuthEvent.Type.TOKEN_REFRESHED,
        AuthEvent.Type.TOKEN_REFRESHED, AuthEvent.Type.SIGNED_OUT);
    assertThat(events.get(3).signOutReason()).isEqualTo(Optional.of(AuthEvent.SignOutReason.SESSION_REJECTED));
  }

  /**
   * Every round's new token arrives already expired by the server's clock (its Date header): an
   * overloaded process or server, not a rejected session. The call fails; the session is kept.
   */
  @Test
  void tokensThatExpiredBeforeTheyArrivedFailTheCallButKeepTheSession() throws Exception {
    givenSession(TestJwts.access().expired().build(), TestJwts.refreshToken());
    String serverNow = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    server.enqueue(invalidToken());
    String lastAccess = null;
    for (int round = 0; round < AuthInterceptor.MAX_REFRESH_ROUNDS; round++) {
      lastAccess = TestJwts.access().expired().claim("jti", "late-" + round).build();
      server.enqueue(ok(tokensBody(lastAccess, TestJwts.refreshToken(), false, "Token refreshed successfully")));
      server.enqueue(invalidToken().newBuilder().addHeader("Date", serverNow).build());
    }

    assertThat(failureOf(false)).isInstanceOf(SessionExpiredException.class);

    assertThat(client.isAuthenticated()).as("the session is kept").isTrue();
    assertThat(client.accessToken()).contains(lastAccess);
    assertThat(eventTypes()).doesNotContain(AuthEvent.Type.SIGNED_OUT);
  }

  private Throwable failureOf(boolean async) throws Exception {
    try {
      if (async) {
        client.getSessionUserData().executeAsync().get(10, TimeUnit.SECONDS);
      } else {
        client.getSessionUserData().execute();
      }
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }
}
