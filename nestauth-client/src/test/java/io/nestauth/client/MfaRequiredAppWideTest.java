package io.nestauth.client;

import io.nestauth.testfixtures.TestUser;
import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with {@code mfa.required} (MFA for everyone) and a user who has not enabled MFA: login and
 * signup answer {@code isRequiresMfa: true} with {@code mfaMethods: []}, while the tokens' claims say
 * {@code isMfaEnabled: false} (not pending) and the server does not restrict them
 * (spec/SERVER-BEHAVIOUR.md §5). The SDK takes the answer's word: the session is MFA-pending until a
 * verification, and stays so across a refresh (whose answer says false) and an app restart.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MfaRequiredAppWideTest extends ClientTestSupport {
  @TempDir
  Path dir;

  /** What the server issues at login in this mode: claims without a pending second factor. */
  final String notPendingByClaims = TestJwts.access().mfa(false, false).build();

  private static String requiredAnswer(String access, String message) {
    return tokensBody(access, TestJwts.refreshToken(), true, message, Map.of("mfaMethods", List.of()));
  }

  @Test
  void loginAnsweredRequiresMfaWithoutMethodsIsPendingAlthoughTheClaimsSayNothing() {
    assertThat(TokenClaims.parse(notPendingByClaims).orElseThrow().isMfaPending()).as("the claims' view").isFalse();
    server.enqueue(ok(requiredAnswer(notPendingByClaims, "Login successful")));

    AuthResponse login = client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute();

    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(login.mfaMethods()).isEmpty();
    assertThat(login.defaultMfaMethod()).isEmpty();
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load().orElseThrow().mfaPending()).isTrue();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED);
  }

  @Test
  void signupAnsweredRequiresMfaIsPendingToo() {
    server.enqueue(ok(requiredAnswer(notPendingByClaims, "Signup successful")));

    AuthResponse signup = client.signupWithEmail(TestUser.EMAIL, PASSWORD).execute();

    assertThat(signup.isRequiresMfa()).isTrue();
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED);
  }

  @Test
  void theSessionStaysPendingAcrossARefreshAndARestartUntilVerified() {
    FileTokenStore fileStore = new FileTokenStore(dir.resolve("session.json"));
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(fileStore).listener(events::add).build();
    server.enqueue(ok(requiredAnswer(notPendingByClaims, "Login successful")));
    client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute();
    // refresh-token always answers isRequiresMfa: false; the claims still say nothing
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(false, false).build(), TestJwts.refreshToken(), false,
        "Token refreshed successfully")));

    client.refreshSession().execute();

    assertThat(client.isMfaPending()).as("pending after the refresh").isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(fileStore).listener(events::add).build();
    assertThat(client.isMfaPending()).as("pending after a restart").isTrue();

    server.enqueue(message("MFA code sent successfully"));
    client.sendMfaChallenge(MfaMethod.EMAIL).execute();
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(false, true).build(), TestJwts.refreshToken(), false,
        "2FA verification successful")));
    AuthResponse verified = client.verifyMfa("593742", MfaMethod.EMAIL, false).execute();

    assertThat(verified.isRequiresMfa()).isFalse();
    assertThat(client.isMfaPending()).isFalse();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(fileStore.load().orElseThrow().mfaPending()).isFalse();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED, AuthEvent.Type.TOKEN_REFRESHED,
        AuthEvent.Type.SIGNED_IN);
  }
}
