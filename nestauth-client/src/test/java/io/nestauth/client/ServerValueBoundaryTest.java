package io.nestauth.client;

import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.UnexpectedResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tokens are values the server (or whoever answers in its place) chooses, and they go into headers
 * as they are: one that is not a legal header value (non-ASCII, CR/LF) is refused when it arrives,
 * nothing of that answer is stored, and no message repeats the value. A store holding such a value
 * reads as signed out.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerValueBoundaryTest extends ClientTestSupport {
  /** A well-formed JWT with one non-ASCII character in its signature. */
  private static String nonAsciiToken() {
    return TestJwts.verifiedAccess() + "\u00e9";
  }

  /** A trust token that would add a header (or split the request) if it were sent. */
  private static String crlfTrustToken() {
    return "trust-" + UUID.randomUUID() + "\r\nX-Injected: yes";
  }

  /** The distinctive part of a value: a message showing it would show this. */
  private static String secretPart(String value) {
    String cut = value.contains("\r") ? value.substring(0, value.indexOf('\r')) : value;
    return cut.substring(cut.lastIndexOf('.') + 1, Math.min(cut.length(), cut.lastIndexOf('.') + 1 + 24));
  }

  private void assertRefusedAndLeakFree(Throwable thrown, String value) {
    assertThat(thrown).isInstanceOf(UnexpectedResponseException.class);
    String text = BoundarySupport.allText(thrown);
    assertThat(text).doesNotContain(value).doesNotContain(secretPart(value)).doesNotContain("X-Injected");
  }

  @Test
  void aLoginAnsweredWithANonAsciiAccessTokenStoresNothing() {
    String bad = nonAsciiToken();
    server.enqueue(ok(tokensBody(bad, TestJwts.refreshToken(), false, "Login successful")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertRefusedAndLeakFree(thrown, bad);
    assertThat(store.load()).isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void aLoginAnsweredWithANonAsciiRefreshTokenStoresNothing() {
    String bad = TestJwts.refreshToken() + "\u2028";
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), bad, false, "Login successful")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertRefusedAndLeakFree(thrown, bad);
    assertThat(store.load()).isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void aLoginAnsweredWithACrLfTrustTokenStoresNothing() {
    String bad = crlfTrustToken();
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful",
        Map.of("trustToken", bad))));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertRefusedAndLeakFree(thrown, bad);
    assertThat(store.load()).isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.isDeviceTrusted()).isFalse();
  }

  @Test
  void anAsyncLoginAnsweredWithACrLfTrustTokenStoresNothing() throws Exception {
    String bad = crlfTrustToken();
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful",
        Map.of("trustToken", bad))));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).executeAsync()
        .get(10, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(java.util.concurrent.ExecutionException.class);
    assertRefusedAndLeakFree(thrown.getCause(), bad);
    assertThat(store.load()).isEmpty();
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void anMfaVerificationAnsweredWithACrLfTrustTokenKeepsThePendingSessionAsItWas() {
    String pending = TestJwts.pendingAccess();
    String pendingRefresh = TestJwts.refreshToken();
    givenSession(pending, pendingRefresh);
    StoredTokens before = store.load().orElseThrow();
    String bad = crlfTrustToken();
    server.enqueue(ok(tokensBody(TestJwts.access().mfa(true, true).build(), TestJwts.refreshToken(), false,
        "2FA verification successful", Map.of("trustToken", bad))));

    Throwable thrown = catchThrowable(() -> client.verifyMfa("534388", MfaMethod.EMAIL, true).execute());

    assertRefusedAndLeakFree(thrown, bad);
    assertThat(store.load()).contains(before);
    assertThat(client.isMfaPending()).isTrue();
    assertThat(client.isDeviceTrusted()).isFalse();
  }

  @Test
  void aRefreshAnsweredWithANonAsciiTokenKeepsTheSession() {
    String access = TestJwts.verifiedAccess();
    givenSession(access, TestJwts.refreshToken());
    StoredTokens before = store.load().orElseThrow();
    String bad = nonAsciiToken();
    server.enqueue(ok(tokensBody(bad, TestJwts.refreshToken(), false, "Token refreshed successfully")));

    Throwable thrown = catchThrowable(() -> client.refreshSession().execute());

    assertRefusedAndLeakFree(thrown, bad);
    assertThat(store.load()).contains(before);
    assertThat(client.accessToken()).contains(access);
  }

  @ParameterizedTest
  @ValueSource(strings = {"access", "refresh"})
  void aStoredTokenThatIsNoHeaderValueReadsAsSignedOut(String which) {
    String access = TestJwts.verifiedAccess() + ("access".equals(which) ? "\u00e9" : "");
    String refresh = TestJwts.refreshToken() + ("refresh".equals(which) ? "\r\nX-Injected: yes" : "");
    givenStored(new StoredTokens(access, refresh, false, null));

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    Throwable thrown = catchThrowable(() -> client.getSessionUserData().execute());
    assertThat(thrown).isInstanceOf(NotSignedInException.class);
    assertThat(BoundarySupport.allText(thrown)).doesNotContain(secretPart(access)).doesNotContain("X-Injected");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aStoredCrLfTrustTokenReadsAsSignedOutAndIsNeverSent() {
    givenStored(new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, crlfTrustToken()));

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.isDeviceTrusted()).isFalse();

    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful")));
    client.loginWithEmail("alice@example.com", PASSWORD).execute();
    var login = take();
    assertThat(login.getHeaders().get("nest_auth_device_trust")).isNull();
    assertThat(login.getHeaders().get("X-Injected")).isNull();
  }
}
