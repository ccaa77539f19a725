package io.nestauth.client;

import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.TestUser.EMAIL;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The cookies of a cookie-mode server and its CSRF token are credentials: they go to the server's
 * origin only (never to another host the app calls with the SDK's interceptor, never across a
 * redirect to another host), a hostile {@code Set-Cookie} is refused without a trace of its value,
 * a stored token that is no legal cookie value is not sent as one, and no value reaches a log.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CookieBoundaryTest extends ClientTestSupport {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final CookieModeServer cookieServer = new CookieModeServer();
  /** Another host: 127.0.0.1 (the server is localhost) and another port. */
  private MockWebServer other;
  private final List<RecordedRequest> otherRequests = new CopyOnWriteArrayList<>();
  private OkHttpClient appHttp;

  @BeforeEach
  void startOtherHost() {
    server.setDispatcher(cookieServer);
    other = BoundarySupport.startOnLoopbackAddress();
    other.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        otherRequests.add(request);
        // the other host tries to plant its own session and CSRF token
        return ok("{\"other\":\"host\"}").newBuilder()
            .addHeader("Set-Cookie", "accessToken=" + TestJwts.verifiedAccess() + "; Path=/")
            .addHeader("Set-Cookie", "refreshToken=" + TestJwts.refreshToken() + "; Path=/")
            .addHeader("Set-Cookie", "nest_auth_csrf=planted-by-the-other-host; Path=/").build();
      }
    });
  }

  @AfterEach
  void stopOtherHost() {
    if (appHttp != null) {
      BoundarySupport.shutdown(appHttp);
    }
    other.close();
  }

  private OkHttpClient appClient() {
    appHttp = new OkHttpClient.Builder()
        .dns(BoundarySupport.dnsMapping(BoundarySupport.ATTACKER_HOST))
        .addInterceptor(client.authInterceptor())
        .build();
    return appHttp;
  }

  private String otherUrl(String host, String path) {
    return "http://" + host + ":" + other.getPort() + path;
  }

  private static int call(OkHttpClient http, String method, String url) throws IOException {
    RequestBody body = "GET".equals(method) ? null : RequestBody.create("{}", JSON_TYPE);
    try (Response response = http.newCall(new Request.Builder().url(url).method(method, body).build()).execute()) {
      return response.code();
    }
  }

  private void signedIn() {
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    assertThat(cookieServer.lastCsrf).isNotNull();
  }

  private static void carriesNoCredential(RecordedRequest request) {
    assertThat(request.getHeaders().get("Cookie")).as("Cookie sent to another host").isNull();
    assertThat(request.getHeaders().get("x-csrf-token")).as("CSRF token sent to another host").isNull();
    assertThat(request.getHeaders().get("Authorization")).as("bearer sent to another host").isNull();
  }

  // ---------------------------------------------------------------- other hosts

  @Test
  void theAppsCallsToAnotherHostCarryNoCookieNoCsrfTokenAndNoBearer() throws IOException {
    signedIn();
    String access = cookieServer.lastAccess;
    OkHttpClient http = appClient();

    for (String host : List.of("127.0.0.1", BoundarySupport.ATTACKER_HOST)) {
      assertThat(call(http, "GET", otherUrl(host, "/api/auth/me"))).isEqualTo(200);
      assertThat(call(http, "POST", otherUrl(host, "/api/orders"))).isEqualTo(200);
    }

    assertThat(otherRequests).hasSize(4).allSatisfy(CookieBoundaryTest::carriesNoCredential);
    // what the other host set was not taken: the session and its CSRF token are the server's
    assertThat(client.accessToken()).contains(access);
    client.sendEmailVerification().execute();
    RecordedRequest post = cookieServer.requests.get(cookieServer.requests.size() - 1);
    assertThat(post.getHeaders().get("x-csrf-token")).isEqualTo(cookieServer.lastCsrf);
    assertThat(CookieModeServer.cookie(post, "accessToken")).isEqualTo(access);
  }

  @Test
  void theAppsCallsToTheServerCarryTheSessionCookieAndTheCsrfToken() throws IOException {
    signedIn();

    assertThat(call(appClient(), "POST", server.url("/api/orders").toString())).isEqualTo(200);

    RecordedRequest post = cookieServer.requests.get(cookieServer.requests.size() - 1);
    assertThat(CookieModeServer.cookies(post)).containsEntry("accessToken", cookieServer.lastAccess)
        .containsEntry("nest_auth_csrf", cookieServer.lastCsrf);
    assertThat(post.getHeaders().get("x-csrf-token")).isEqualTo(cookieServer.lastCsrf);
  }

  @Test
  void anAuthorizedOriginGetsTheBearerButNeitherTheCookieNorTheCsrfToken() throws IOException {
    client.close();
    client = builder().authorizedOrigin("http://127.0.0.1:" + other.getPort()).build();
    signedIn();

    assertThat(call(appClient(), "POST", otherUrl("127.0.0.1", "/api/orders"))).isEqualTo(200);

    RecordedRequest post = otherRequests.get(0);
    assertThat(post.getHeaders().get("Authorization")).isEqualTo("Bearer " + cookieServer.lastAccess);
    assertThat(post.getHeaders().get("Cookie")).isNull();
    assertThat(post.getHeaders().get("x-csrf-token")).isNull();
  }

  // ---------------------------------------------------------------- redirects

  @Test
  void aRedirectFromTheServerToAnotherHostTakesNoCookieAlong() throws IOException {
    signedIn();
    cookieServer.overrides.put("/orders", new MockResponse.Builder().code(302)
        .addHeader("Location", otherUrl(BoundarySupport.ATTACKER_HOST, "/collect")).build());

    assertThat(call(appClient(), "GET", server.url("/api/orders").toString())).isEqualTo(200);

    RecordedRequest atServer = cookieServer.requests.get(cookieServer.requests.size() - 1);
    assertThat(CookieModeServer.cookie(atServer, "accessToken")).as("the server's origin gets it")
        .isEqualTo(cookieServer.lastAccess);
    assertThat(otherRequests).singleElement().satisfies(CookieBoundaryTest::carriesNoCredential);
  }

  @Test
  void aStateChangingRequestCarryingTheCsrfTokenIsNotRedirectedToAnotherHost() {
    signedIn();
    cookieServer.overrides.put("/orders", new MockResponse.Builder().code(307)
        .addHeader("Location", otherUrl(BoundarySupport.ATTACKER_HOST, "/collect")).build());

    Throwable failure = catchThrowable(() -> call(appClient(), "POST", server.url("/api/orders").toString()));

    assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("redirect")
        .hasMessageContaining(BoundarySupport.ATTACKER_HOST);
    assertThat(BoundarySupport.allText(failure)).doesNotContain(cookieServer.lastCsrf)
        .doesNotContain(TestJwts.signature(cookieServer.lastAccess));
    assertThat(otherRequests).as("the other host got nothing").isEmpty();
    assertThat(client.isAuthenticated()).isTrue();
  }

  // ---------------------------------------------------------------- hostile Set-Cookie

  /** Token cookies the SDK refuses; {@code %s} is a real token. */
  @ParameterizedTest
  @ValueSource(strings = {
      "accessToken=%s; Domain=attacker.test; Path=/",             // another domain
      "accessToken=%s; Domain=test; Path=/",                      // a public suffix
      "accessToken=%sHUGE; Path=/",                               // 8 KiB and more
      "accessToken=\"%s\"; Path=/",                               // quotes
      "accessToken=%s x; Path=/",                                 // a space inside
      "accessToken=%s,x; Path=/",                                 // a comma
      "accessToken=%s\\x; Path=/",                                // a backslash
  })
  void aHostileTokenCookieIsRefusedAndNothingIsStored(String hostile) {
    String access = TestJwts.verifiedAccess();
    String value = hostile.replace("HUGE", "x".repeat(9000)).formatted(access);
    cookieServer.overrides.put("/auth/login", json(200, "{\"isRequiresMfa\":false,\"message\":\"Login successful\"}")
        .newBuilder().addHeaderLenient("Set-Cookie", value)
        .addHeader("Set-Cookie", "refreshToken=" + TestJwts.refreshToken() + "; Path=/").build());

    UnexpectedResponseException failure = catchThrowableOfType(UnexpectedResponseException.class,
        () -> client.loginWithEmail(EMAIL, PASSWORD).execute());

    assertThat(failure.status()).isEqualTo(200);
    assertThat(failure.getMessage()).contains("HTTP 200").doesNotContain(TestJwts.signature(access));
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "accessToken_alice=%s; Path=/|refreshToken_bob=%s; Path=/",           // two accounts' halves
      "accessToken_a=%s; Path=/|refreshToken_a=%s; Path=/|accessToken_b=%1$s; Path=/|refreshToken_b=%2$s; Path=/",
      "accessToken_a!b=%s; Path=/|refreshToken_a!b=%s; Path=/",             // an account key that is no plain name
      "accessToken_=%s; Path=/|refreshToken_=%s; Path=/",                   // no account key
  })
  void perAccountTokenCookiesThatNameNoSingleAccountAreRefused(String hostile) {
    MockResponse.Builder answer = json(200, "{\"isRequiresMfa\":false,\"message\":\"Login successful\"}").newBuilder();
    for (String cookie : hostile.formatted(TestJwts.verifiedAccess(), TestJwts.refreshToken()).split("\\|")) {
      answer.addHeaderLenient("Set-Cookie", cookie);
    }
    cookieServer.overrides.put("/auth/login", answer.build());

    assertThat(catchThrowable(() -> client.loginWithEmail(EMAIL, PASSWORD).execute()))
        .isInstanceOf(UnexpectedResponseException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aTokenCookieWithAControlCharacterIsRefused() {
    cookieServer.overrides.put("/auth/login", json(200, "{\"isRequiresMfa\":false,\"message\":\"Login successful\"}")
        .newBuilder().addHeaderLenient("Set-Cookie", "accessToken=" + TestJwts.verifiedAccess() + "\u007f; Path=/")
        .addHeader("Set-Cookie", "refreshToken=" + TestJwts.refreshToken() + "; Path=/").build());

    assertThat(catchThrowable(() -> client.loginWithEmail(EMAIL, PASSWORD).execute()))
        .isInstanceOf(UnexpectedResponseException.class);
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aHostileCsrfCookieIsNeitherLearnedNorSent() {
    signedIn();
    cookieServer.overrides.put("/auth/me", ok(io.nestauth.testfixtures.ServerAnswers.sessionUserBody()).newBuilder()
        .addHeaderLenient("Set-Cookie", "nest_auth_csrf=bad\"token; Path=/").build());
    client.getSessionUserData().execute();
    cookieServer.overrides.clear();
    cookieServer.requests.clear();

    client.sendEmailVerification().execute();

    assertThat(cookieServer.requests).allSatisfy(request -> {
      assertThat(request.getHeaders().get("x-csrf-token")).isNotEqualTo("bad\"token");
      assertThat(request.getHeaders().get("Cookie")).doesNotContain("bad");
    });
  }

  @Test
  void csrfNamesThatWouldOverwriteOtherCredentialsAreRefused() {
    signedIn();
    cookieServer.csrfNames.set(new String[] {"Authorization", "accessToken"});
    cookieServer.requests.clear();

    NestAuthResponseException failure = catchThrowableOfType(NestAuthResponseException.class,
        () -> client.sendEmailVerification().execute());

    // nothing usable was learned, so nothing is repeated; the session's credentials stay as they were
    assertThat(failure.status()).isEqualTo(403);
    assertThat(cookieServer.calls()).containsExactly("POST /auth/send-email-verification", "GET /auth/csrf");
    assertThat(client.accessToken()).contains(cookieServer.lastAccess);
    client.getSessionUserData().execute();
    RecordedRequest me = cookieServer.requests.get(2);
    assertThat(me.getHeaders().get("Authorization")).isEqualTo("Bearer " + cookieServer.lastAccess);
    assertThat(CookieModeServer.cookie(me, "accessToken")).isEqualTo(cookieServer.lastAccess);
  }

  // ---------------------------------------------------------------- hostile stored value

  @Test
  void aStoredTokenThatIsNoLegalCookieValueTravelsOnlyAsBearer() {
    // a legal header value, but as a cookie it would plant a CSRF token of the attacker's choice
    String planted = "x; nest_auth_csrf=planted";
    givenSession(planted, TestJwts.refreshToken());
    cookieServer.csrfProtection.set(false);

    catchThrowable(() -> client.getSessionUserData().execute());

    RecordedRequest me = cookieServer.requests.get(0);
    assertThat(me.getHeaders().get("Authorization")).isEqualTo("Bearer " + planted);
    assertThat(me.getHeaders().get("Cookie")).isNull();
  }

  // ---------------------------------------------------------------- logs and toString

  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs();

  @Test
  void noCookieOrCsrfValueReachesALogOrAToString() {
    List<String> secrets = new ArrayList<>();
    cookieServer.loginNeedsMfa.set(true);
    client.loginWithEmail(EMAIL, PASSWORD).execute();
    secrets.add(cookieServer.lastAccess);
    secrets.add(cookieServer.lastRefresh);
    secrets.add(cookieServer.lastCsrf);
    client.verifyMfa("123456", MfaMethod.EMAIL, true).execute();
    secrets.add(cookieServer.lastAccess);
    secrets.add(cookieServer.lastRefresh);
    secrets.add(cookieServer.lastTrust);
    secrets.add(cookieServer.lastCsrf);
    cookieServer.liveAccessTokens.clear();
    client.getSessionUserData().execute();
    secrets.add(cookieServer.lastAccess);
    secrets.add(cookieServer.lastRefresh);
    client.close();
    client = builder().build();
    client.sendEmailVerification().execute();
    secrets.add(cookieServer.lastCsrf);
    CsrfToken csrf = client.getCsrfToken().execute();
    secrets.add(cookieServer.lastCsrf);

    List<String> texts = new ArrayList<>(logs.lines());
    texts.add(client.toString());
    texts.add(csrf.toString());
    texts.add(store.load().orElseThrow().toString());
    texts.add(String.valueOf(client.authInterceptor()));
    assertThat(logs.lines()).as("debug lines were written").isNotEmpty();
    for (String secret : secrets) {
      String shown = secret.contains(".") ? TestJwts.signature(secret) : secret;
      assertThat(texts).noneMatch(text -> text.contains(shown));
    }
  }
}
