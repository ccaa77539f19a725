package io.nestauth.client;

import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server with registration.autoLoginAfterSignup: false answers signup without tokens (Nest Auth 2.11.1:
 * HTTP 200, both tokens "", its controller's message "Signup successful"): the account exists, no session
 * was started. Only signup may answer so; half a pair is broken everywhere.
 */
class SignupWithoutSessionTest extends ClientTestSupport {
  static final String PLEASE_LOGIN = "Account created successfully. Please login.";

  /** The answer Nest Auth 2.11.1 sends, tokens as empty strings; then its service's own message; then tokens absent, then no message. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"accessToken\":\"\",\"refreshToken\":\"\",\"isRequiresMfa\":false,\"message\":\"Signup successful\"}",
      "{\"message\":\"Account created successfully. Please login.\",\"accessToken\":\"\",\"refreshToken\":\"\",\"isRequiresMfa\":false}",
      "{\"message\":\"Account created successfully. Please login.\"}",
      "{\"accessToken\":\"\",\"refreshToken\":null}",
      "{}"})
  void signupAnsweredWithoutTokensSucceedsWithoutASession(String body) {
    server.enqueue(json(200, body));

    AuthResponse response = client.signupWithEmail("alice@example.com", PASSWORD).execute();

    assertThat(response.hasSession()).isFalse();
    assertThat(response.isRequiresMfa()).isFalse();
    assertThat(response.claims()).isEmpty();
    assertThat(response.message()).isEqualTo(body.contains("Please login") ? PLEASE_LOGIN
        : body.contains("Signup successful") ? "Signup successful" : "");
    assertThat(response.toString()).contains("session=false");
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).isEmpty();
  }

  /** Any 2xx: a server of another version may answer 201 Created. */
  @Test
  void everySignupOperationAcceptsTheAnswer() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(201, tokensBody("", "", PLEASE_LOGIN)));
    }
    assertThat(client.signupWithPhone("+14155550101", PASSWORD).execute().hasSession()).isFalse();
    assertThat(client.signupWithEmail("bob@example.com", PASSWORD, Map.of("displayName", "Bob")).execute()
        .hasSession()).isFalse();
    assertThat(client.signup(SignupRequest.builder().email("carol@example.com").password(PASSWORD).build())
        .execute().hasSession()).isFalse();
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).isEmpty();
  }

  /** A signup with tokens replaces a session the client holds; one without tokens leaves it alone. */
  @Test
  void signupWithoutTokensKeepsTheSessionTheClientAlreadyHolds() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    StoredTokens before = store.load().orElseThrow();
    server.enqueue(json(201, tokensBody("", "", PLEASE_LOGIN)));

    AuthResponse response = client.signupWithEmail("bob@example.com", PASSWORD).execute();

    assertThat(response.hasSession()).isFalse();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(store.load()).containsSame(before);
    assertThat(events).isEmpty();
  }

  @Test
  void signupWithTokensStartsASession() {
    server.enqueue(json(201, tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), "Signup successful")));

    AuthResponse response = client.signupWithEmail("alice@example.com", PASSWORD).execute();

    assertThat(response.hasSession()).isTrue();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.SIGNED_IN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"access", "refresh"})
  void signupWithHalfAPairIsABrokenAnswer(String present) {
    String token = present.equals("access") ? TestJwts.verifiedAccess() : TestJwts.refreshToken();
    server.enqueue(json(201, present.equals("access") ? tokensBody(token, "", "x") : tokensBody("", token, "x")));

    assertThatThrownBy(() -> client.signupWithEmail("alice@example.com", PASSWORD).execute())
        .isInstanceOf(UnexpectedResponseException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void loginAnsweredWithoutTokensIsStillABrokenAnswer() {
    server.enqueue(json(200, tokensBody("", "", "Login successful")));

    assertThatThrownBy(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute())
        .isInstanceOf(UnexpectedResponseException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void refreshAnsweredWithoutTokensIsStillABrokenAnswer() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    server.enqueue(json(200, tokensBody("", "", "Token refreshed successfully")));

    assertThatThrownBy(() -> client.refreshSession().execute()).isInstanceOf(UnexpectedResponseException.class);
  }

  @Test
  void mfaVerifyAnsweredWithoutTokensIsStillABrokenAnswer() {
    givenSession(TestJwts.pendingAccess(), TestJwts.refreshToken());
    server.enqueue(json(200, tokensBody("", "", "MFA verified")));

    assertThatThrownBy(() -> client.verifyMfa("123456", MfaMethod.EMAIL, false).execute())
        .isInstanceOf(UnexpectedResponseException.class);
  }
}
