package io.nestauth.client;

import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.EMAIL;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.RecordedRequest;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A server in cookie mode ({@link CookieModeServer}) needs no setting: its cookies become the
 * session as if the tokens had come in the body, the access token goes back as the cookie its guard
 * reads, and state-changing calls carry the CSRF token, learned from the server's cookie or fetched
 * when the server refuses a call for the lack of one.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CookieModeTest extends ClientTestSupport {
  private final CookieModeServer cookieServer = new CookieModeServer();

  @BeforeEach
  void cookieMode() {
    server.setDispatcher(cookieServer);
  }

  private RecordedRequest lastRequest(String path) {
    for (int i = cookieServer.requests.size() - 1; i >= 0; i--) {
      RecordedRequest request = cookieServer.requests.get(i);
      if (request.getUrl().encodedPath().equals("/api" + path)) {
        return request;
      }
    }
    throw new AssertionError("no request to " + path + " in " + cookieServer.calls());
  }

  @Test
  void aLoginAnsweredWithCookiesSignsInAsIfTheTokensHadComeInTheBody() {
    AuthResponse login = client.loginWithEmail(EMAIL, PASSWORD).execute();

    assertThat(login.isRequiresMfa()).isFalse();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).contains(cookieServer.lastAccess);
    assertThat(store.load()).contains(new StoredTokens(cookieServer.lastAccess, cookieServer.lastRefresh, false, null));
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.SIGNED_IN);
  }

  @Test
  void securedCallsCarryTheAccessTokenAsTheCookieTheGuardReads() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();

    assertThat(client.getSessionUserData().execute().email()).contains(EMAIL);

    RecordedRequest me = lastRequest("/auth/me");
    assertThat(CookieModeServer.cookies(me)).as("only what the guard reads; the refresh token stays home")
        .containsOnlyKeys("accessToken").containsEntry("accessToken", cookieServer.lastAccess);
    assertThat(me.getHeaders().get("Authorization")).isEqualTo("Bearer " + cookieServer.lastAccess);
    assertThat(me.getHeaders().get("x-csrf-token")).as("a read needs no CSRF token").isNull();
    // public calls carry nothing
    assertThat(lastRequest("/auth/login").getHeaders().get("Cookie")).isNull();
  }

  @Test
  void aSeveralAccountsServersPerAccountCookiesSignInAndItsActiveAccountCookieIsNeverSent() {
    String access = TestJwts.verifiedAccess();
    String refresh = TestJwts.refreshToken();
    cookieServer.liveAccessTokens.add(access);
    String user = "8d1f6c2e-5b7a-4f0e-9c3d-2a1b0c9d8e7f";
    cookieServer.overrides.put("/auth/login", json(200, "{\"isRequiresMfa\":false,\"message\":\"Login successful\"}")
        .newBuilder().addHeader("Set-Cookie", ServerAnswers.setCookie("accessToken_" + user, access, 900, true))
        .addHeader("Set-Cookie", ServerAnswers.setCookie("refreshToken_" + user, refresh, 604800, true))
        .addHeader("Set-Cookie", ServerAnswers.setCookie("nest_auth_active_account", user, 604800, false)).build());

    client.loginWithEmail(EMAIL, PASSWORD).execute();

    assertThat(store.load()).contains(new StoredTokens(access, refresh, false, null));
    client.getSessionUserData().execute();
    assertThat(CookieModeServer.cookies(lastRequest("/auth/me"))).as("its own token, under the name the guard "
        + "falls back to without an active-account cookie").containsOnlyKeys("accessToken")
        .containsEntry("accessToken", access);
  }

  @Test
  void aStateChangingCallCarriesTheCsrfTokenOfTheLoginAnswerAsCookieAndHeader() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    String csrf = cookieServer.lastCsrf;

    assertThat(client.sendEmailVerification().execute()).isEqualTo("done /auth/send-email-verification");

    RecordedRequest post = lastRequest("/auth/send-email-verification");
    assertThat(CookieModeServer.cookies(post)).containsEntry("nest_auth_csrf", csrf)
        .containsEntry("accessToken", cookieServer.lastAccess);
    assertThat(post.getHeaders().get("x-csrf-token")).isEqualTo(csrf);
    assertThat(cookieServer.calls()).containsExactly("POST /auth/login", "POST /auth/send-email-verification");
  }

  @Test
  void aRestoredSessionFetchesACsrfTokenWhenTheServerAsksForOneAndRepeatsTheCallOnce() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    // the app restarts: the session comes from the store, the CSRF token is not kept
    client.close();
    client = builder().build();
    cookieServer.requests.clear();

    assertThat(client.sendEmailVerification().execute()).isEqualTo("done /auth/send-email-verification");

    assertThat(cookieServer.calls()).containsExactly("POST /auth/send-email-verification", "GET /auth/csrf",
        "POST /auth/send-email-verification");
    RecordedRequest repeated = cookieServer.requests.get(2);
    assertThat(repeated.getHeaders().get("x-csrf-token")).isEqualTo(cookieServer.lastCsrf);
    assertThat(CookieModeServer.cookies(repeated)).containsEntry("nest_auth_csrf", cookieServer.lastCsrf);
    // the token is kept: the next call needs no fetch
    client.sendPhoneVerification().execute();
    assertThat(cookieServer.calls()).hasSize(4);
  }

  @Test
  void anAsynchronousCallFetchesTheCsrfTokenToo() throws Exception {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    client.close();
    client = builder().build();
    cookieServer.requests.clear();

    assertThat(client.sendEmailVerification().executeAsync().get(10, TimeUnit.SECONDS))
        .isEqualTo("done /auth/send-email-verification");

    assertThat(cookieServer.calls()).containsExactly("POST /auth/send-email-verification", "GET /auth/csrf",
        "POST /auth/send-email-verification");
  }

  @Test
  void aDerivedClientOfTheSameServerUsesTheCsrfTokenAlreadyLearned() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    cookieServer.requests.clear();

    try (NestAuthClient derived = client.newBuilder().retryPolicy(RetryPolicy.none()).build()) {
      derived.sendEmailVerification().execute();
    }

    assertThat(cookieServer.calls()).containsExactly("POST /auth/send-email-verification");
  }

  @Test
  void aCsrfRefusalAfterTheFetchFailsTheCallWithTheServersCodeAndKeepsTheSession() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    cookieServer.rejectEveryCsrf.set(true);
    cookieServer.requests.clear();
    events.clear();

    NestAuthResponseException failure = catchThrowableOfType(NestAuthResponseException.class,
        () -> client.sendEmailVerification().execute());

    assertThat(failure.status()).isEqualTo(403);
    assertThat(failure.errorCode()).contains(ErrorCode.CSRF_TOKEN_INVALID);
    assertThat(cookieServer.calls()).as("one fetch, one repetition, no loop").containsExactly(
        "POST /auth/send-email-verification", "GET /auth/csrf", "POST /auth/send-email-verification");
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void theServersOwnCsrfNamesAreUsedOnceItNamesThem() {
    cookieServer.csrfNames.set(new String[] {"X-Xsrf-Guard", "app_xsrf"});
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    cookieServer.requests.clear();

    client.sendEmailVerification().execute();

    // the login's cookie had the default name, which this server does not use: one refusal, one fetch
    assertThat(cookieServer.calls()).containsExactly("POST /auth/send-email-verification", "GET /auth/csrf",
        "POST /auth/send-email-verification");
    RecordedRequest repeated = cookieServer.requests.get(2);
    assertThat(repeated.getHeaders().get("X-Xsrf-Guard")).isEqualTo(cookieServer.lastCsrf);
    assertThat(CookieModeServer.cookies(repeated)).containsEntry("app_xsrf", cookieServer.lastCsrf);
  }

  @Test
  void anExpiredAccessTokenIsRefreshedAndTheNewCookieTokensAreKept() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    String firstRefresh = cookieServer.lastRefresh;
    cookieServer.liveAccessTokens.clear();
    events.clear();

    assertThat(client.getSessionUserData().execute().email()).contains(EMAIL);

    assertThat(cookieServer.refreshes.get()).isEqualTo(1);
    assertThat(bodyJson(lastRequest("/auth/refresh-token")).path("refreshToken").asText()).isEqualTo(firstRefresh);
    assertThat(store.load()).contains(new StoredTokens(cookieServer.lastAccess, cookieServer.lastRefresh, false, null));
    assertThat(CookieModeServer.cookie(lastRequest("/auth/me"), "accessToken")).isEqualTo(cookieServer.lastAccess);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
  }

  @Test
  void mfaWithATrustedDeviceKeepsTheTrustCookieAsTheDeviceTrustToken() {
    cookieServer.loginNeedsMfa.set(true);
    AuthResponse login = client.loginWithEmail(EMAIL, PASSWORD).execute();
    assertThat(login.isRequiresMfa()).isTrue();
    assertThat(client.isMfaPending()).isTrue();

    AuthResponse verified = client.verifyMfa("123456", MfaMethod.EMAIL, true).execute();

    assertThat(verified.hasTrustToken()).isTrue();
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.isDeviceTrusted()).isTrue();
    assertThat(store.load().map(StoredTokens::trustToken)).contains(cookieServer.lastTrust);
    String trust = cookieServer.lastTrust;

    client.logout().execute();
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    assertThat(lastRequest("/auth/login").getHeaders().get("nest_auth_device_trust")).isEqualTo(trust);
  }

  @Test
  void logoutCarriesTheCsrfTokenSoThatTheServerEndsTheSession() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();

    client.logout().execute();

    RecordedRequest logout = lastRequest("/auth/logout");
    assertThat(logout.getHeaders().get("x-csrf-token")).isEqualTo(CookieModeServer.cookie(logout, "nest_auth_csrf"))
        .isNotNull();
    assertThat(cookieServer.calls()).containsExactly("POST /auth/login", "POST /auth/logout");
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void tokensInTheBodyWinOverCookies() {
    String bodyAccess = TestJwts.verifiedAccess();
    String bodyRefresh = TestJwts.refreshToken();
    cookieServer.overrides.put("/auth/login", ok(tokensBody(bodyAccess, bodyRefresh, "Login successful")).newBuilder()
        .addHeader("Set-Cookie", "accessToken=" + TestJwts.verifiedAccess() + "; Path=/")
        .addHeader("Set-Cookie", "refreshToken=" + TestJwts.refreshToken() + "; Path=/").build());

    client.loginWithEmail(EMAIL, PASSWORD).execute();

    assertThat(store.load()).contains(new StoredTokens(bodyAccess, bodyRefresh, false, null));
  }

  /** Records what OkHttp hands the app's cookie jar, and offers one cookie of the app's own. */
  static final class AppCookieJar implements CookieJar {
    final List<Cookie> received = new CopyOnWriteArrayList<>();

    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
      received.addAll(cookies);
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
      return List.of(new Cookie.Builder().name("lb").value("node-7").hostOnlyDomain(url.host()).build(),
          new Cookie.Builder().name("accessToken").value("stale-from-the-apps-jar").hostOnlyDomain(url.host()).build());
    }
  }

  @Test
  void theAppsCookieJarKeepsItsOwnCookiesButNeverSeesTheSessions() {
    AppCookieJar jar = new AppCookieJar();
    OkHttpClient appHttp = new OkHttpClient.Builder().cookieJar(jar).build();
    cookieServer.extraSetCookies.add("lb=node-7; Path=/");
    try {
      client.close();
      client = builder().httpClient(appHttp).build();

      client.loginWithEmail(EMAIL, PASSWORD).execute();
      client.sendEmailVerification().execute();

      assertThat(jar.received).extracting(Cookie::name).containsOnly("lb");
      RecordedRequest post = lastRequest("/auth/send-email-verification");
      assertThat(CookieModeServer.cookies(post)).containsEntry("lb", "node-7")
          .containsEntry("accessToken", cookieServer.lastAccess);
      assertThat(post.getHeaders().values("Cookie")).hasSize(1);
      assertThat(post.getHeaders().get("Cookie")).doesNotContain("stale-from-the-apps-jar");
    } finally {
      BoundarySupport.shutdown(appHttp);
    }
  }

  @Test
  void aServerInHeaderModeSeesNoCsrfHeader() {
    // the tokens come in the body; no CSRF cookie was ever set
    server.setDispatcher(new mockwebserver3.QueueDispatcher());
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), "Login successful")));
    server.enqueue(io.nestauth.testfixtures.MockResponses.message("Verification email sent"));
    client.loginWithEmail(EMAIL, PASSWORD).execute();

    client.sendEmailVerification().execute();

    take();
    RecordedRequest post = take();
    assertThat(post.getHeaders().names()).doesNotContain("x-csrf-token");
    assertThat(post.getHeaders().get("Authorization")).startsWith("Bearer ");
  }
}
