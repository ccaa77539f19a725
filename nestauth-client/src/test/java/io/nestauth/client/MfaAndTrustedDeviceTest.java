package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

class MfaAndTrustedDeviceTest extends ClientTestSupport {
  static final String TRUST_TOKEN = "GWE4YvVcy6CSNmYytfy5GSkGjuhqpPbZhEj8oN1_X6s";
  static final String DEVICE_TRUST_HEADER = "nest_auth_device_trust";

  @Test
  void loginAnsweringRequiresMfaLeavesAnMfaPendingSession() {
    server.enqueue(ok(tokensBody(TestJwts.pendingAccess(), TestJwts.refreshToken(), true, "Login successful",
        Map.of("mfaMethods", List.of("email", "sms"), "defaultMfaMethod", "email"))));

    AuthResponse login = client.loginWithEmail("carol@example.com", PASSWORD).execute();

    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(login.mfaMethods()).containsExactly(MfaMethod.EMAIL, MfaMethod.SMS);
    assertThat(login.defaultMfaMethod()).contains(MfaMethod.EMAIL);
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.toString()).contains("mfa-pending");
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED);
  }

  @Test
  void passwordlessLoginOfAnMfaUserIsPendingAlthoughTheServerSaysNoMfa() {
    // the server answers isRequiresMfa=false for passwordless logins; the claims tell the truth
    server.enqueue(ok(tokensBody(TestJwts.pendingAccess(), TestJwts.refreshToken(), false, "Login successful")));

    AuthResponse login = client.loginWithPasswordlessCode("carol@example.com", "481516", PasswordlessChannel.EMAIL).execute();

    assertThat(login.serverRequiresMfa()).isFalse();
    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED);
  }

  /**
   * Without listeners the claims still decide the MFA state of a login, and whatever asks later (the
   * response, the client, the store's value) gets the one read made when the tokens were stored.
   */
  @Test
  void withoutListenersTheClaimsStillDecideTheMfaState() {
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(store).build();
    String pending = TestJwts.pendingAccess();
    String refresh = TestJwts.refreshToken();
    server.enqueue(ok(tokensBody(pending, refresh, false, "Login successful")));

    AuthResponse login = client.loginWithPasswordlessCode("carol@example.com", "481516", PasswordlessChannel.EMAIL).execute();

    StoredTokens stored = store.load().orElseThrow();
    assertThat(stored.accessToken()).isEqualTo(pending);
    assertThat(stored.mfaPending()).isTrue();
    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(login.claims()).get().extracting(TokenClaims::isMfaPending).isEqualTo(true);
    // one read per token: the response, the client and the stored value share it
    assertThat(login.claims().orElseThrow()).isSameAs(client.accessTokenClaims().orElseThrow())
        .isSameAs(stored.claims().orElseThrow());
    assertThat(stored).isEqualTo(new StoredTokens(pending, refresh, true, null))
        .hasSameHashCodeAs(new StoredTokens(pending, refresh, true, null));
  }

  @Test
  void withoutListenersATokenWhoseClaimsCannotBeReadTakesTheServersWord() {
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(store).build();
    server.enqueue(ok(tokensBody("opaque-access-token", "opaque-refresh-token", true, "Login successful")));
    server.enqueue(ok(tokensBody("opaque-access-token-2", "opaque-refresh-token-2", false, "Login successful")));

    AuthResponse pending = client.loginWithEmail("carol@example.com", PASSWORD).execute();
    assertThat(pending.isRequiresMfa()).isTrue();
    assertThat(pending.claims()).isEmpty();
    assertThat(client.isMfaPending()).isTrue();
    assertThat(store.load().orElseThrow().mfaPending()).isTrue();

    AuthResponse signedIn = client.loginWithEmail("carol@example.com", PASSWORD).execute();
    assertThat(signedIn.isRequiresMfa()).isFalse();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(store.load().orElseThrow().mfaPending()).isFalse();
  }

  @Test
  void verifyMfaUpgradesThePendingSessionUsingThePendingTokenAsBearer() {
    String pending = TestJwts.pendingAccess();
    String verified = TestJwts.access().mfa(true, true).build();
    server.enqueue(ok(tokensBody(pending, TestJwts.refreshToken(), true, "Login successful")));
    server.enqueue(message("MFA code sent successfully"));
    server.enqueue(ok(tokensBody(verified, TestJwts.refreshToken(), false, "2FA verification successful")));

    client.loginWithEmail("carol@example.com", PASSWORD).execute();
    client.sendMfaChallenge(MfaMethod.EMAIL).execute();
    AuthResponse result = client.verifyMfa("534388", MfaMethod.EMAIL, false).execute();

    take();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + pending);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + pending);
    assertThat(result.isRequiresMfa()).isFalse();
    assertThat(result.hasTrustToken()).isFalse();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.isMfaPending()).isFalse();
    assertThat(client.accessToken()).contains(verified);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED, AuthEvent.Type.SIGNED_IN);
    assertThat(events.get(1).claims()).get().extracting(TokenClaims::isMfaVerified).isEqualTo(true);
  }

  @Test
  void trustTokenFromVerifyMfaIsSentOnLaterLoginsSurvivesLogoutAndIsDroppedByForgetTrustedDevice() {
    givenSession(TestJwts.pendingAccess(), TestJwts.refreshToken());
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false,
        "2FA verification successful", Map.of("trustToken", TRUST_TOKEN))));
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false, "Login successful")));
    server.enqueue(message("Logged out successfully"));
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false, "Login successful")));
    server.enqueue(ok(tokensBody(TestJwts.pendingAccess(), TestJwts.refreshToken(), true, "Login successful")));

    AuthResponse verified = client.verifyMfa("534388", MfaMethod.EMAIL, true).execute();
    assertThat(bodyJson(take()).path("trustDevice").asBoolean()).isTrue();
    assertThat(verified.hasTrustToken()).isTrue();
    assertThat(client.isDeviceTrusted()).isTrue();

    client.loginWithEmail("carol@example.com", PASSWORD).execute();
    assertThat(take().getHeaders().get(DEVICE_TRUST_HEADER)).isEqualTo(TRUST_TOKEN);

    client.logout().execute();
    take();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.isDeviceTrusted()).as("logout keeps the device trust").isTrue();
    assertThat(store.load()).get().extracting(StoredTokens::trustToken).isEqualTo(TRUST_TOKEN);

    client.loginWithEmail("carol@example.com", PASSWORD).execute();
    assertThat(take().getHeaders().get(DEVICE_TRUST_HEADER)).isEqualTo(TRUST_TOKEN);

    client.forgetTrustedDevice();
    assertThat(client.isDeviceTrusted()).isFalse();
    client.loginWithEmail("carol@example.com", PASSWORD).execute();
    RecordedRequest untrusted = take();
    assertThat(untrusted.getHeaders().get(DEVICE_TRUST_HEADER)).isNull();
    assertThat(client.isMfaPending()).isTrue();
  }

  @Test
  void trustTokenFromARecoveryCodeIsKeptAcrossARefresh() {
    givenSession(TestJwts.pendingAccess(), TestJwts.refreshToken());
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false,
        "Recovery code verification successful", Map.of("trustToken", TRUST_TOKEN))));
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false,
        "Token refreshed successfully")));

    client.verifyRecoveryCode("V2wdQrKVkSkuE-4T-WXA3DMuX00", true).execute();
    client.refreshSession().execute();

    assertThat(store.load()).get().extracting(StoredTokens::trustToken).isEqualTo(TRUST_TOKEN);
    assertThat(client.isDeviceTrusted()).isTrue();
  }

  @Test
  void refreshOfAPendingSessionStaysPendingAlthoughTheServerSaysNoMfa() {
    givenSession(TestJwts.pendingAccess(), TestJwts.refreshToken());
    server.enqueue(ok(tokensBody(TestJwts.pendingAccess(), TestJwts.refreshToken(), false, "Token refreshed successfully")));

    client.refreshSession().execute();

    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isAuthenticated()).isFalse();
  }
}
