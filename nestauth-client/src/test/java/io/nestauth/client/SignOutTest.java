package io.nestauth.client;

import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The ways a session ends on the client: password change/reset (the server revokes all sessions) and logout. */
class SignOutTest extends ClientTestSupport {
  static final String NEW_PASSWORD = "N3w-Passw0rd!45";

  @BeforeEach
  void signedIn() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
  }

  @Test
  void changePasswordSignsOutBecauseTheServerRevokedEverySession() {
    server.enqueue(message("Password changed successfully"));

    client.changePassword(PASSWORD, NEW_PASSWORD).execute();

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
      assertThat(event.signOutReason()).contains(AuthEvent.SignOutReason.PASSWORD_CHANGED);
    });
  }

  @Test
  void failedChangePasswordKeepsTheSession() {
    server.enqueue(error(400, "BadRequestException", "Current password is incorrect", "CURRENT_PASSWORD_INCORRECT"));

    NestAuthResponseException e = catchThrowableOfType(NestAuthResponseException.class,
        () -> client.changePassword("wrong-pass-1", NEW_PASSWORD).execute());

    assertThat(e.code()).contains("CURRENT_PASSWORD_INCORRECT");
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void resetPasswordOfTheSignedInUserSignsOut() {
    server.enqueue(message("Password has been reset successfully"));
    // the reset token of the real server carries userId (not id/sub)
    String resetToken = TestJwts.access().claim("type", "password-reset").build();

    client.resetPassword(resetToken, NEW_PASSWORD).execute();

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).extracting(AuthEvent::signOutReason)
        .containsExactly(java.util.Optional.of(AuthEvent.SignOutReason.PASSWORD_RESET));
  }

  @Test
  void resetPasswordOfAnotherUserKeepsThisSession() {
    server.enqueue(message("Password has been reset successfully"));
    String otherUsersToken = TestJwts.access().userId("bb1859e0-b47e-43cc-902c-5474c0b6a6b9").build();

    client.resetPassword(otherUsersToken, NEW_PASSWORD).execute();

    assertThat(client.isAuthenticated()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void logoutClearsLocallyEvenWhenTheServerFails() {
    server.enqueue(error(500, "InternalServerErrorException", "Internal server error", null));

    client.logout().execute();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).extracting(AuthEvent::signOutReason)
        .containsExactly(java.util.Optional.of(AuthEvent.SignOutReason.LOGOUT));
  }

  @Test
  void logoutClearsLocallyWhenTheServerCannotBeReached() throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String deadUrl = gone.url("/api").toString();
    gone.close(); // nothing listens on that port any more: connection refused
    client.close();
    client = NestAuthClient.builder().baseUrl(deadUrl).tokenStore(store).listener(events::add).build();
    assertThat(client.isAuthenticated()).isTrue();

    client.logout().execute();

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_OUT);
  }

  @Test
  void logoutWithoutASessionSendsNothing() {
    client.close();
    store.clear();
    client = builder().build();

    client.logout().execute();

    assertThat(server.getRequestCount()).isZero();
    assertThat(events).as("no session ended, so no event").isEmpty();
  }
}
