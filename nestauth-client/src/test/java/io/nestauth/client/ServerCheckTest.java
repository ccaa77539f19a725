package io.nestauth.client;

import io.nestauth.client.ServerCheck.Finding;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.nestauth.testfixtures.MockResponses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link NestAuthClient#checkServer()} against servers that misbehave: nothing listening, a web site,
 * a redirect to another host, values meant to forge the report, and an app whose OkHttpClient would
 * add credentials. The check against real servers in each configuration is ServerConfigurationsIT
 * (nestauth-contract-tests).
 */
class ServerCheckTest extends ClientTestSupport {
  private static final String CLIENT_CONFIG = "{\"tenants\":{\"enabled\":true,\"mode\":\"shared\"},"
      + "\"emailAuth\":{\"enabled\":true},\"mfa\":{\"enabled\":true,\"methods\":[\"email\",\"totp\"]},"
      + "\"accessTokenType\":\"header\"}";
  private static final String CSRF_SECRET = "csrf-secret-0123456789";

  private void serve(Function<String, MockResponse> byPath) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return byPath.apply(request.getUrl().encodedPath());
      }
    });
  }

  /** A well-configured header-mode server under /api/auth. */
  private static MockResponse nestAuth(String path) {
    switch (path) {
      case "/api/auth/client-config":
        return json(200, CLIENT_CONFIG);
      case "/api/auth/csrf":
        return json(200, "{\"enabled\":true,\"csrfToken\":\"" + CSRF_SECRET + "\",\"headerName\":\"x-csrf-token\","
            + "\"cookieName\":\"nest_auth_csrf\"}");
      case "/api/auth/me":
        return json(401, ServerAnswers.noAuthBody());
      case "/api/auth/mfa/status":
        return json(200, ServerAnswers.mfaStatusBody());
      default:
        return json(404, ServerAnswers.notFoundBody("GET", path));
    }
  }

  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      all.add(request);
    }
    return all;
  }

  @Test
  void aServerThatDoesNotAnswerFailsTheCallWithANetworkExceptionBothWays() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (NestAuthClient nobody = NestAuthClient.builder().baseUrl("http://127.0.0.1:" + port + "/api")
        .retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> nobody.checkServer().execute()).isInstanceOf(NestAuthNetworkException.class)
          .hasMessageContaining("/auth/client-config");
      assertThat(catchThrowable(() -> nobody.checkServer().executeAsync().get(10, TimeUnit.SECONDS)))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NestAuthNetworkException.class);
    }
  }

  @Test
  void aWebSiteIsReportedAsTheWrongBaseUrlAfterABoundedSearch() throws InterruptedException {
    serve(path -> new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
        .body("<!doctype html><title>Shop</title>").build());

    ServerCheck check = client.checkServer().execute();

    assertThat(check.isCompatible()).isFalse();
    assertThat(check.serverConfig()).isEmpty();
    assertThat(check.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.topic()).isEqualTo(Finding.Topic.BASE_URL);
      assertThat(finding.found()).contains("HTTP 200 with an HTML page");
      assertThat(finding.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("HTML page"));
      assertThat(finding.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("global prefix"));
    });
    List<RecordedRequest> probes = requests();
    assertThat(probes).allSatisfy(probe -> assertThat(probe.getMethod()).isEqualTo("GET"));
    assertThat(probes.size()).isBetween(2, 40);
  }

  @Test
  void aRedirectIsReportedWithItsTargetAndNeverFollowed() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      String target = elsewhere.url("/api/auth/client-config").toString();
      serve(path -> new MockResponse.Builder().code(301).addHeader("Location", target).build());

      ServerCheck check = client.checkServer().execute();

      assertThat(check.isCompatible()).isFalse();
      Finding finding = check.mismatches().get(0);
      assertThat(finding.found()).contains("HTTP 301 redirecting to " + target);
      assertThat(finding.fix()).contains("baseUrl(\"" + elsewhere.url("/api").toString().replaceAll("/$", "")
          + "\"): where the redirect points");
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void probesCarryNoCredentialsOfTheSessionOrTheAppAndTheReportNoSecret() throws Exception {
    serve(ServerCheckTest::nestAuth);
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    String access = client.accessToken().orElseThrow();
    // an app OkHttpClient with a cookie jar and this client's authInterceptor(): the SDK's own calls use
    // the session, but the probes must go without the app's cookies and without the token
    OkHttpClient app = new OkHttpClient.Builder().addInterceptor(client.authInterceptor()).cookieJar(new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
      }

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return List.of(new Cookie.Builder().name("app_session").value("app-cookie-secret").domain(url.host()).build());
      }
    }).build();
    String withUserInfo = server.url("/api").newBuilder().username("deploy").password("pa55word-secret").build()
        .toString();

    ServerCheck check;
    try (NestAuthClient checking = client.newBuilder().baseUrl(withUserInfo).httpClient(app).build()) {
      check = checking.checkServer().execute();
    }

    assertThat(check.isCompatible()).isTrue();
    List<RecordedRequest> requests = requests();
    assertThat(requests).filteredOn(request -> request.getUrl().encodedPath().endsWith("/mfa/status"))
        .as("the one call made as the user: the SDK's own MFA status, to read mfa.required").singleElement()
        .satisfies(call -> assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + access));
    assertThat(requests).filteredOn(request -> !request.getUrl().encodedPath().endsWith("/mfa/status"))
        .hasSize(4).allSatisfy(probe -> {
          assertThat(probe.getHeaders().get("Authorization")).as(probe.getUrl().toString()).isNull();
          assertThat(String.valueOf(probe.getHeaders().get("Cookie"))).doesNotContain("app-cookie-secret");
        });
    assertThat(check.toString()).doesNotContain("pa55word", "deploy@", CSRF_SECRET, access, "app-cookie-secret")
        .contains("CSRF: on (security.csrf; header x-csrf-token, cookie nest_auth_csrf)")
        .contains("not required for everyone");
    assertThat(check.baseUrl()).isEqualTo(server.url("/api").toString());
  }

  @Test
  void valuesFromTheServerCannotForgeLinesOfTheReport() {
    serve(path -> path.equals("/api/auth/client-config")
        ? json(200, "{\"emailAuth\":{\"enabled\":true},\"accessTokenType\":\"x\\r\\n  [ok]         forged\","
            + "\"tenants\":{\"enabled\":true,\"mode\":\"weird\\n  [ok] forged\"},"
            + "\"mfa\":{\"enabled\":true,\"methods\":[\"email\",\"pigeon\\n  [ok] forged\"]}}")
        : nestAuth(path));

    ServerCheck check = client.checkServer().execute();

    String report = check.toString();
    assertThat(report).doesNotContain("\r").doesNotContain("\n  [ok] forged").doesNotContain("\n  [ok]         forged");
    assertThat(report.split("\n")).hasSize(1 + check.findings().size()
        + (int) check.findings().stream().filter(f -> f.problem().isPresent()).count()
        + (int) check.findings().stream().filter(f -> f.fix().isPresent()).count());
    assertThat(check.findings()).filteredOn(f -> f.topic() == Finding.Topic.MFA).singleElement()
        .satisfies(mfa -> assertThat(mfa.found()).contains("methods the SDK does not know: pigeon?  [ok] forged"));
  }

  @Test
  void aCompatibleServerIsReportedAsSuch() {
    serve(ServerCheckTest::nestAuth);

    ServerCheck check = client.checkServer().execute();

    assertThat(check.isCompatible()).isTrue();
    assertThat(check.mismatches()).isEmpty();
    assertThat(check.findings()).extracting(Finding::topic).containsExactly(Finding.Topic.BASE_URL,
        Finding.Topic.ROUTE_PREFIX, Finding.Topic.ERRORS, Finding.Topic.TOKEN_DELIVERY, Finding.Topic.CSRF,
        Finding.Topic.MFA, Finding.Topic.TENANTS);
    assertThat(check.toString()).startsWith("Nest Auth server check of " + baseUrl() + " with route prefix \"auth\": "
        + "compatible\n  [ok]       base URL: Nest Auth answers at " + baseUrl());
    assertThat(check).isEqualTo(client.checkServer().execute()).hasSameHashCodeAs(client.checkServer().execute());
  }

  @Test
  void aDefaultTenantForAServerWithoutTenantsIsAMismatch() {
    // the testkit's TenantMode.DISABLED: client-config says tenants are off
    serve(path -> path.equals("/api/auth/client-config")
        ? json(200, "{\"tenants\":{\"enabled\":false},\"emailAuth\":{\"enabled\":true},\"accessTokenType\":\"header\"}")
        : nestAuth(path));
    client.close();
    client = builder().defaultTenantId(io.nestauth.testfixtures.TestUser.TENANT_ID).build();

    ServerCheck check = client.checkServer().execute();

    assertThat(check.mismatches()).singleElement().satisfies(mismatch -> {
      assertThat(mismatch.topic()).isEqualTo(Finding.Topic.TENANTS);
      assertThat(mismatch.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("TENANT_NOT_ENABLED"));
      assertThat(mismatch.fix()).contains("remove defaultTenantId(...) from the builder");
    });
  }
}
