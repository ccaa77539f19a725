package io.nestauth.client;

import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link NestAuthClient#authInterceptor()} on the app's own OkHttpClient, calling the app's own API. */
class AuthInterceptorTest extends ClientTestSupport {
  final String access = TestJwts.verifiedAccess();
  final String refresh = TestJwts.refreshToken();
  final String newAccess = TestJwts.verifiedAccess();

  private OkHttpClient appClient() {
    return new OkHttpClient.Builder().addInterceptor(client.authInterceptor()).build();
  }

  private Response getAppData(OkHttpClient http) throws IOException {
    return http.newCall(new Request.Builder().url(server.url("/app/data")).build()).execute();
  }

  @Test
  void addsTheBearerTokenToTheAppsOwnCalls() throws IOException {
    givenSession(access, refresh);
    server.enqueue(ok("{\"items\":[]}"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(200);
    }

    RecordedRequest request = take();
    assertThat(path(request)).isEqualTo("/app/data");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + access);
  }

  @Test
  void on401RefreshesOnceThroughTheSdkAndRetriesWithTheNewToken() throws IOException {
    givenSession(access, refresh);
    // the app's API need not speak Nest Auth's error format
    server.enqueue(json(401, "{\"error\":\"unauthorized\"}"));
    server.enqueue(ok(tokensBody(newAccess, TestJwts.refreshToken(), false, "Token refreshed successfully")));
    server.enqueue(ok("{\"items\":[1]}"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("{\"items\":[1]}");
    }

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + access);
    RecordedRequest refreshCall = take();
    assertThat(path(refreshCall)).isEqualTo("/api/auth/refresh-token");
    assertThat(bodyJson(refreshCall).path("refreshToken").asText()).isEqualTo(refresh);
    RecordedRequest retry = take();
    assertThat(path(retry)).isEqualTo("/app/data");
    assertThat(retry.getHeaders().get("Authorization")).isEqualTo("Bearer " + newAccess);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(client.accessToken()).contains(newAccess);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
  }

  @Test
  void aSecond401IsHandedToTheAppWithoutAnotherRefresh() throws IOException {
    givenSession(access, refresh);
    server.enqueue(json(401, "{}"));
    server.enqueue(ok(tokensBody(newAccess, TestJwts.refreshToken(), false, "Token refreshed successfully")));
    server.enqueue(json(401, "{}"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void mfaRequiredFromTheAppIsNotRefreshed() throws IOException {
    givenSession(TestJwts.pendingAccess(), refresh);
    server.enqueue(error(401, "UnauthorizedException", "MFA verification required", "MFA_REQUIRED"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void withoutASessionNoHeaderIsAdded() throws IOException {
    server.enqueue(json(401, "{}"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(401);
    }

    assertThat(take().getHeaders().get("Authorization")).isNull();
    assertThat(server.getRequestCount()).as("no refresh without a session").isEqualTo(1);
  }

  @Test
  void anAuthorizationHeaderTheAppSetItselfIsLeftAlone() throws IOException {
    givenSession(access, refresh);
    server.enqueue(ok("{}"));

    try (Response response = appClient().newCall(new Request.Builder().url(server.url("/app/data"))
        .header("Authorization", "ApiKey pub.priv").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("ApiKey pub.priv");
  }

  @Test
  void aTransientRefreshFailureReachesTheAppAsAnIOExceptionAndKeepsTheSession() {
    givenSession(access, refresh);
    server.enqueue(json(401, "{}"));
    server.enqueue(error(503, "Service Unavailable", "Service Unavailable", null));

    TokenRefreshFailedException e = catchThrowableOfType(TokenRefreshFailedException.class,
        () -> getAppData(appClient()).close());

    assertThat(e.getCause().status()).isEqualTo(503);
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void aRejectedRefreshSignsOutAndHandsTheOriginal401ToTheApp() throws IOException {
    givenSession(access, refresh);
    server.enqueue(json(401, "{}"));
    server.enqueue(error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID"));

    try (Response response = getAppData(appClient())) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(events).extracting(AuthEvent::signOutReason)
        .containsExactly(java.util.Optional.of(AuthEvent.SignOutReason.SESSION_REJECTED));
  }
}
