package io.nestauth.client;

import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.UnexpectedResponseException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server (or a proxy in front of it) that answers with a redirect to another host: the SDK's calls
 * follow none, so no password, refresh token or device-trust token is re-sent to the Location, and no
 * answer of that other host is taken for the server's. The failure names the status and the target's
 * host only: a Location's user info, path and query may be secrets.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RedirectBoundaryTest extends ClientTestSupport {
  private static final String LOCATION_USER = "mallory";
  private static final String LOCATION_PASSWORD = "pa55w0rd-in-location";
  private static final String LOCATION_PATH = "/collect/loot";
  private static final String LOCATION_QUERY = "stolen=query-secret";

  private final String access = TestJwts.verifiedAccess();
  private final String refresh = TestJwts.refreshToken();
  private final String trust = "trust-" + java.util.UUID.randomUUID();

  /** The redirect target: another host (its name resolves to 127.0.0.1 only for the SDK's client). */
  private MockWebServer other;
  private final List<RecordedRequest> otherRequests = new CopyOnWriteArrayList<>();
  private OkHttpClient sdkHttp;

  @BeforeEach
  void startRedirectTarget() {
    other = BoundarySupport.startOnLoopbackAddress();
    other.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        otherRequests.add(request);
        String path = request.getUrl().encodedPath();
        if (path.startsWith(LOCATION_PATH)) {
          // whatever the attacker wants the SDK to believe
          return ok(path.endsWith("/me") ? sessionUserBody().replace("alice@example.com", "mallory@evil.test")
              : tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful"));
        }
        return json(404, "{}");
      }
    });
    // the SDK gets a client that can reach the attacker's host: only the missing redirect keeps it away
    sdkHttp = new OkHttpClient.Builder().dns(BoundarySupport.dnsMapping(BoundarySupport.ATTACKER_HOST)).build();
    client.close();
    client = builder().httpClient(sdkHttp).build();
  }

  @AfterEach
  void stopRedirectTarget() {
    client.close();
    BoundarySupport.shutdown(sdkHttp);
    other.close();
  }

  @Override
  void givenStored(StoredTokens tokens) {
    client.close();
    store.save(tokens);
    client = builder().httpClient(sdkHttp).build();
  }

  /** For a failure message: what the redirect target received, i.e. what a followed redirect leaked. */
  private String whatReachedTheLocation() {
    StringBuilder text = new StringBuilder("requests that reached the Location (a followed redirect):");
    for (RecordedRequest request : otherRequests) {
      text.append("\n  ").append(request.getMethod()).append(' ').append(request.getUrl().encodedPath())
          .append(" device-trust=").append(request.getHeaders().get("nest_auth_device_trust"))
          .append(" authorization=").append(request.getHeaders().get("Authorization") != null)
          .append(" body=").append(bodyText(request));
    }
    return text.toString();
  }

  /** A Location with user info, path and query, all of which must stay out of messages. */
  private String location(String suffix) {
    return "http://" + LOCATION_USER + ":" + LOCATION_PASSWORD + "@" + BoundarySupport.ATTACKER_HOST + ":"
        + other.getPort() + LOCATION_PATH + suffix + "?" + LOCATION_QUERY;
  }

  /** As Express's res.redirect answers: the Location is repeated in the body. */
  private MockResponse redirect(int status, String location) {
    return new MockResponse.Builder().code(status).addHeader("Location", location)
        .addHeader("Content-Type", "text/plain; charset=utf-8")
        .body((status == 307 ? "Temporary Redirect" : "Found") + ". Redirecting to " + location).build();
  }

  private void assertRedirectFailure(Throwable thrown, int status) {
    assertThat(thrown).isInstanceOf(UnexpectedResponseException.class);
    NestAuthException failure = (NestAuthException) thrown;
    assertThat(failure.status()).isEqualTo(status);
    assertThat(failure.getMessage()).contains("HTTP " + status).contains(BoundarySupport.ATTACKER_HOST);
    String text = BoundarySupport.allText(thrown);
    assertThat(text).doesNotContain(LOCATION_USER).doesNotContain(LOCATION_PASSWORD).doesNotContain(LOCATION_PATH)
        .doesNotContain("loot").doesNotContain(LOCATION_QUERY).doesNotContain("query-secret");
  }

  @Test
  void aRedirectedLoginIsNotResentToTheLocation() {
    server.enqueue(redirect(307, location("")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 307);
    assertThat(bodyText(take())).as("the server got the login").contains(PASSWORD);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aRedirectedAsyncLoginIsNotResentToTheLocation() throws InterruptedException {
    server.enqueue(redirect(307, location("")));

    Throwable thrown;
    try {
      client.loginWithEmail("alice@example.com", PASSWORD).executeAsync().get(10, TimeUnit.SECONDS);
      thrown = null;
    } catch (ExecutionException e) {
      thrown = e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the future did not complete", e);
    }

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 307);
  }

  @Test
  void aRedirectedLoginDoesNotCarryTheDeviceTrustTokenToTheLocation() {
    givenStored(StoredTokens.signedOut(trust));
    server.enqueue(redirect(307, location("")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute());

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 307);
    assertThat(take().getHeaders().get("nest_auth_device_trust")).as("the server got the trust token").isEqualTo(trust);
    assertThat(client.isDeviceTrusted()).isTrue();
    assertThat(BoundarySupport.allText(thrown)).doesNotContain(trust);
  }

  @Test
  void aRedirectedExplicitRefreshDoesNotResendTheRefreshToken() {
    givenSession(access, refresh);
    server.enqueue(redirect(307, location("")));

    Throwable thrown = catchThrowable(() -> client.refreshSession().execute());

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 307);
    assertThat(bodyText(take())).contains(refresh);
    assertThat(BoundarySupport.allText(thrown)).doesNotContain(refresh);
    // a redirect is no rejection: the session stays
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void aRedirectedRefreshAfterA401DoesNotResendTheRefreshToken() {
    givenSession(access, refresh);
    server.enqueue(invalidToken());
    server.enqueue(redirect(307, location("")));

    Throwable thrown = catchThrowable(() -> client.getSessionUserData().execute());

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 307);
    assertThat(path(take())).isEqualTo("/api/auth/me");
    assertThat(bodyText(take())).contains(refresh);
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void aRedirectedRefreshThroughTheAppsInterceptorDoesNotResendTheRefreshToken() throws IOException {
    givenSession(access, refresh);
    server.enqueue(json(401, "{}"));
    server.enqueue(redirect(307, location("")));
    OkHttpClient app = new OkHttpClient.Builder().addInterceptor(client.authInterceptor()).build();

    Throwable thrown = catchThrowable(() -> {
      try (Response response = app.newCall(new Request.Builder().url(server.url("/app/data")).build()).execute()) {
        response.code();
      }
    });

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown.getCause(), 307);
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void aRedirectedSessionReadDoesNotReturnTheOtherHostsAnswer() {
    givenSession(access, refresh);
    server.enqueue(redirect(302, location("/me")));
    java.util.concurrent.atomic.AtomicReference<SessionUser> returned = new java.util.concurrent.atomic.AtomicReference<>();

    Throwable thrown = catchThrowable(() -> returned.set(client.getSessionUserData().execute()));

    assertThat(returned.get()).as("the SDK returned the other host's answer as the signed-in user").isNull();

    assertThat(otherRequests).as(this::whatReachedTheLocation).isEmpty();
    assertRedirectFailure(thrown, 302);
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void aRelativeLocationNamesTheServersOwnHost() {
    givenSession(access, refresh);
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/elsewhere/me?token=" + access).build());

    Throwable thrown = catchThrowable(() -> client.getSessionUserData().execute());

    assertThat(thrown).isInstanceOf(UnexpectedResponseException.class);
    assertThat(thrown.getMessage()).contains("HTTP 301").contains(server.url("/").host());
    assertThat(BoundarySupport.allText(thrown)).doesNotContain("elsewhere").doesNotContain(access);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
