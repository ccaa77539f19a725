package io.nestauth.client;

import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class AsyncClientTest extends ClientTestSupport {

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  /** The NestAuthException inside the ExecutionException/CompletionException a failed future throws. */
  static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    Throwable joined = catchThrowable(future::join);
    assertThat(joined).isInstanceOf(CompletionException.class);
    assertThat(joined.getCause()).isSameAs(thrown.getCause());
    return thrown.getCause();
  }

  @Test
  void loginVerifyMfaSessionUserAndLogoutCompleteLikeTheBlockingCalls() throws Exception {
    String pending = TestJwts.pendingAccess();
    String verified = TestJwts.access().mfa(true, true).build();
    server.enqueue(ok(tokensBody(pending, TestJwts.refreshToken(), true, "Login successful")));
    server.enqueue(ok(tokensBody(verified, TestJwts.refreshToken(), false, "2FA verification successful")));
    server.enqueue(ok(sessionUserBody()));
    server.enqueue(message("Logged out successfully"));

    AuthResponse login = await(client.loginWithEmail("carol@example.com", PASSWORD).executeAsync());
    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(client.isMfaPending()).isTrue();

    AuthResponse mfa = await(client.verifyMfa("534388", MfaMethod.EMAIL, false).executeAsync());
    assertThat(mfa.message()).isEqualTo("2FA verification successful");
    assertThat(client.isAuthenticated()).isTrue();

    SessionUser me = await(client.getSessionUserData().executeAsync());
    assertThat(me.id()).isEqualTo(TestUser.USER_ID);
    assertThat(me.raw()).containsEntry("avatarColor", "teal");

    assertThat(await(client.logout().executeAsync())).isNull();
    assertThat(client.isAuthenticated()).isFalse();

    RecordedRequest loginRequest = take();
    assertThat(path(loginRequest)).isEqualTo("/api/auth/login");
    assertThat(loginRequest.getHeaders().get("Authorization")).isNull();
    RecordedRequest verify = take();
    assertThat(path(verify)).isEqualTo("/api/auth/mfa/verify");
    assertThat(verify.getHeaders().get("Authorization")).isEqualTo("Bearer " + pending);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + verified);
    assertThat(path(take())).isEqualTo("/api/auth/logout");
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.MFA_REQUIRED, AuthEvent.Type.SIGNED_IN,
        AuthEvent.Type.SIGNED_OUT);
  }

  @Test
  void failuresCompleteExceptionallyWithTheNestAuthSubtype() {
    server.enqueue(error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS"));

    Throwable cause = failureOf(client.loginWithEmail("alice@example.com", "wrong-pass-1").executeAsync());

    assertThat(cause).isInstanceOf(InvalidCredentialsException.class);
    assertThat(((NestAuthException) cause).path()).contains("/auth/login");
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void mfaRequiredFailsTheFutureWithoutARefresh() {
    givenSession(TestJwts.pendingAccess(), TestJwts.refreshToken());
    server.enqueue(error(401, "UnauthorizedException", "MFA verification required", "MFA_REQUIRED"));

    assertThat(failureOf(client.getUser().executeAsync())).isInstanceOf(MfaRequiredException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void invalidTokenIsRefreshedAndRetriedOnTheAsyncPathToo() throws Exception {
    String oldAccess = TestJwts.access().expired().build();
    String oldRefresh = TestJwts.refreshToken();
    String newAccess = TestJwts.verifiedAccess();
    givenSession(oldAccess, oldRefresh);
    server.enqueue(invalidToken());
    server.enqueue(ok(tokensBody(newAccess, TestJwts.refreshToken(), false, "Token refreshed successfully")));
    server.enqueue(ok(sessionUserBody()));

    SessionUser me = await(client.getSessionUserData().executeAsync());

    assertThat(me.id()).isEqualTo(TestUser.USER_ID);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + oldAccess);
    RecordedRequest refresh = take();
    assertThat(path(refresh)).isEqualTo("/api/auth/refresh-token");
    assertThat(bodyJson(refresh).path("refreshToken").asText()).isEqualTo(oldRefresh);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + newAccess);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
  }

  @Test
  void badArgumentsThrowAtOnceAndNotSignedInFailsBeforeSending() {
    // a bad argument throws when the operation is called, before there is a call to execute
    assertThatThrownBy(() -> client.loginWithEmail(" ", PASSWORD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email");
    // the session is checked when the call is executed: the future fails, nothing is sent
    assertThat(failureOf(client.getSessionUserData().executeAsync()))
        .isInstanceOf(io.nestauth.client.exception.NotSignedInException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void asyncLogoutClearsLocallyWhenTheServerFails() throws Exception {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    server.enqueue(error(500, "InternalServerErrorException", "Internal server error", null));

    await(client.logout().executeAsync());

    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
  }
}
