package io.nestauth.client;

import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.MockResponses.sessionNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session revoked elsewhere (logout-all on another device, a password change) answers
 * 401 "Session not found" without a code. The client must not stay "signed in" on stale tokens.
 */
class RevokedSessionTest extends ClientTestSupport {

  @Test
  void sessionNotFoundOnACallEndsTheLocalSessionThroughARejectedRefresh() throws Exception {
    givenSession(TestJwts.access().build(), "refresh-1");
    server.enqueue(sessionNotFound());
    server.enqueue(sessionNotFound());

    assertThatThrownBy(() -> client.getSessionUserData().execute()).isInstanceOf(SessionExpiredException.class);

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load().filter(StoredTokens::hasSession)).isEmpty();
    assertThat(events).anySatisfy(event -> {
      assertThat(event.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
      assertThat(event.signOutReason()).contains(AuthEvent.SignOutReason.SESSION_REJECTED);
    });
    RecordedRequest call = server.takeRequest();
    RecordedRequest refresh = server.takeRequest();
    assertThat(path(call)).isEqualTo("/api/auth/me");
    assertThat(path(refresh)).isEqualTo("/api/auth/refresh-token");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void mfaRequiredIsNotARevokedSession() {
    givenSession(TestJwts.access().build(), "refresh-1");
    server.enqueue(error(401, "UnauthorizedException", "MFA verification required", "MFA_REQUIRED"));

    assertThatThrownBy(() -> client.getUser().execute())
        .isInstanceOf(io.nestauth.client.exception.MfaRequiredException.class);

    assertThat(client.isAuthenticated()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** The server's reset tokens carry the user as {@code userId}, not {@code id}/{@code sub}. */
  @Test
  void resettingAnotherUsersPasswordKeepsThisSession() {
    givenSession(TestJwts.access().build(), "refresh-1");
    server.enqueue(message("Password has been reset successfully"));
    String otherUsersResetToken = TestJwts.passwordReset().userId("11111111-1111-4111-8111-111111111111").build();

    client.resetPassword(otherUsersResetToken, "N3w-Passw0rd!").execute();

    assertThat(client.isAuthenticated()).isTrue();
  }
}
