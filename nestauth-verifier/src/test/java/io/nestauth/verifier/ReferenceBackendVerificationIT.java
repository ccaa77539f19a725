package io.nestauth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.User;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.UserFlags;
import io.nestauth.testkit.NestAuthTestServer;
import io.nestauth.verifier.TokenVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verifier against the real server: the reference backend ({@code @ackplus/nest-auth} 2.11.1)
 * issues the tokens, a user signs up and in with the SDK's client.
 */
class ReferenceBackendVerificationIT {
  /** The reference backend's {@code jwt.secret}: its default, or JWT_SECRET as it reads it too. */
  private static final String JWT_SECRET = System.getenv().getOrDefault("JWT_SECRET",
      "nestauth-reference-backend-test-only-jwt-secret-0123456789");
  private static final String PASSWORD = "Verifi3r-Passw0rd";

  @RegisterExtension
  static NestAuthTestServer server = NestAuthTestServer.builder().build();

  private final BackendHooks hooks = server.hooks();
  private final NestAuthTokenVerifier local = NestAuthTokenVerifier.builder().secret(JWT_SECRET).build();
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private NestAuthClient auth;
  private String email;

  @BeforeEach
  void signUp() {
    auth = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).build();
    email = "verifier-" + UUID.randomUUID() + "@example.com";
    auth.signupWithEmail(email, PASSWORD).execute();
  }

  @AfterEach
  void closeClient() {
    auth.close();
  }

  private String accessToken() {
    return auth.accessToken().orElseThrow();
  }

  private RemoteSessionCheck.Builder remoteCheck() {
    return RemoteSessionCheck.builder(server.baseUrl());
  }

  private static TokenVerificationException refused(NestAuthTokenVerifier verifier, String token, Reason reason) {
    return NestAuthTokenVerifierTest.refused(verifier, token, reason);
  }

  @Test
  void aSignedInUsersTokenVerifiesAsThatUser() {
    User user = auth.getUser().execute();

    NestAuthPrincipal principal = local.verify(accessToken());

    assertThat(principal.userId()).isEqualTo(user.id());
    assertThat(principal.email()).contains(email);
    assertThat(principal.phone()).isEmpty();
    assertThat(principal.tenantId()).isEmpty();
    assertThat(principal.sessionId()).isNotBlank();
    assertThat(principal.roles()).isEmpty();
    assertThat(principal.mfaPending()).isFalse();
    assertThat(Duration.between(principal.issuedAt(), principal.expiresAt())).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void rolesAreTheServersRoleObjectsNamesAndItsTokensCarryNoPermissions() {
    hooks.giveRole(email, "editor", "posts.write");
    auth.logout().execute();
    auth.loginWithEmail(email, PASSWORD).execute();

    NestAuthPrincipal principal = local.verify(accessToken());

    assertThat(principal.roles()).containsExactly("editor");
    // the role object as the server puts it: {id, name, guard, tenantId, isSystem, isActive}
    assertThat(principal.claims().get("roles")).asInstanceOf(LIST).singleElement().asInstanceOf(MAP)
        .containsEntry("name", "editor").containsKey("guard").doesNotContainKey("permissions");
    // the session has the permission (GET /auth/me), the token does not
    assertThat(principal.permissions()).isEmpty();
    assertThat(auth.getSessionUserData().execute().permissions()).contains("posts.write");
  }

  @Test
  void theRefreshTokenIsRefused() {
    String refreshToken = store.load().orElseThrow().refreshToken();
    assertThat(refreshToken).isNotNull();

    refused(local, refreshToken, Reason.WRONG_TYPE);
  }

  @Test
  void aTamperedTokenIsRefused() {
    String[] parts = accessToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"email\":\"" + email + "\"", "\"email\":\"mallory@example.com\"");
    assertThat(payload).contains("mallory@example.com");
    String tampered = parts[0] + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
        + parts[2];

    refused(local, tampered, Reason.BAD_SIGNATURE);
  }

  @Test
  void anotherSecretThanTheServersRefusesEveryToken() {
    NestAuthTokenVerifier wrongSecret = NestAuthTokenVerifier.builder()
        .secret("not-the-servers-secret-not-the-servers-secret").build();
    refused(wrongSecret, accessToken(), Reason.BAD_SIGNATURE);
  }

  @Test
  void anExpiredCopySignedByTheServerIsRefused() {
    refused(local, hooks.expiredCopyOf(accessToken()), Reason.EXPIRED);
  }

  @Test
  void anMfaPendingTokenIsRefusedUnlessAllowed() {
    auth.toggleMfa(true).execute();
    auth.logout().execute();
    AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
    assertThat(login.isRequiresMfa()).isTrue();
    String pending = accessToken();

    refused(local, pending, Reason.MFA_PENDING);

    NestAuthTokenVerifier allowing = NestAuthTokenVerifier.builder().secret(JWT_SECRET).allowMfaPending(true)
        .remoteCheck(remoteCheck().build()).build();
    NestAuthPrincipal principal = allowing.verify(pending);
    assertThat(principal.mfaPending()).isTrue();
    assertThat(principal.mfaEnabled()).isTrue();
    assertThat(principal.mfaVerified()).isFalse();
  }

  @Test
  void afterLogoutOnlyTheRemoteCheckRefusesTheStillUnexpiredToken() {
    NestAuthTokenVerifier remote = NestAuthTokenVerifier.builder().secret(JWT_SECRET)
        .remoteCheck(remoteCheck().build()).build();
    String token = accessToken();
    assertThat(remote.verify(token).email()).contains(email);

    auth.logout().execute();

    // a local check cannot see the logout: the signature and exp are as good as before
    assertThat(local.verify(token).email()).contains(email);
    // the server no longer knows the session (a fresh check, nothing cached)
    NestAuthTokenVerifier freshRemote = NestAuthTokenVerifier.builder().secret(JWT_SECRET)
        .remoteCheck(remoteCheck().build()).build();
    TokenVerificationException e = refused(freshRemote, token, Reason.REVOKED);
    assertThat(e).hasMessageContaining("401").hasMessageContaining("Session not found");
  }

  @Test
  void aCachedAnswerHidesTheLogoutForTheTtlOnly() {
    RemoteSessionCheckTest.MutableClock cacheClock = new RemoteSessionCheckTest.MutableClock(Instant.now());
    NestAuthTokenVerifier remote = NestAuthTokenVerifier.builder().secret(JWT_SECRET)
        .remoteCheck(remoteCheck().cacheTtl(Duration.ofSeconds(10)).clock(cacheClock).build()).build();
    String token = accessToken();
    remote.verify(token);

    auth.logout().execute();

    assertThat(remote.verify(token)).as("alive answer cached before the logout").isNotNull();
    cacheClock.advance(Duration.ofSeconds(10));
    refused(remote, token, Reason.REVOKED);
  }

  @Test
  void aDeactivatedUsersSessionIsRevoked() {
    NestAuthTokenVerifier remote = NestAuthTokenVerifier.builder().secret(JWT_SECRET)
        .remoteCheck(remoteCheck().build()).build();
    String token = accessToken();

    hooks.setUserFlags(email, UserFlags.unchanged().active(false));

    assertThat(local.verify(token)).isNotNull();
    TokenVerificationException e = refused(remote, token, Reason.REVOKED);
    assertThat(e).hasMessageContaining("ACCOUNT_INACTIVE");
  }

  @Test
  void logoutAllRevokesEverySessionOfTheUser() {
    String first = accessToken();
    try (NestAuthClient other = NestAuthClient.builder().baseUrl(server.baseUrl()).build()) {
      other.loginWithEmail(email, PASSWORD).execute();
      String second = other.accessToken().orElseThrow();
      NestAuthTokenVerifier remote = NestAuthTokenVerifier.builder().secret(JWT_SECRET)
          .remoteCheck(remoteCheck().cacheTtl(Duration.ZERO).build()).build();
      assertThat(remote.verify(first).sessionId()).isNotEqualTo(remote.verify(second).sessionId());

      other.logoutAll().execute();

      refused(remote, first, Reason.REVOKED);
      refused(remote, second, Reason.REVOKED);
      assertThat(local.verify(first)).isNotNull();
    }
  }
}
