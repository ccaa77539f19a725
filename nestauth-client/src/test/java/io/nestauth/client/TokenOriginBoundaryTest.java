package io.nestauth.client;

import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's OkHttpClient with {@link NestAuthClient#authInterceptor()} talks to more than the Nest Auth
 * server: the access token goes only to the server's origin and to origins the app authorized, and
 * never over plain http to a host that is not loopback (unless insecure http is allowed). Another
 * host's 401 never makes the SDK refresh.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TokenOriginBoundaryTest extends ClientTestSupport {
  private final String access = TestJwts.verifiedAccess();
  private final String refresh = TestJwts.refreshToken();

  /** Another host: 127.0.0.1 (the test's server is localhost) and another port. */
  private MockWebServer other;
  private final List<RecordedRequest> otherRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger otherStatus = new AtomicInteger(200);
  /** Requests that reached the Nest Auth server: every one would be a refresh here. */
  private final List<String> serverRequests = new CopyOnWriteArrayList<>();
  private OkHttpClient appHttp;

  @BeforeEach
  void startOtherHost() {
    other = BoundarySupport.startOnLoopbackAddress();
    other.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        otherRequests.add(request);
        int status = otherStatus.get();
        return status == 401 ? invalidToken() : ok("{\"other\":\"host\"}");
      }
    });
    // a refresh would reach the server: answer it (with the fix it never comes)
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        serverRequests.add(request.getMethod() + " " + path(request));
        return ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Token refreshed successfully"));
      }
    });
    givenSession(access, refresh);
  }

  @AfterEach
  void stopOtherHost() {
    if (appHttp != null) {
      BoundarySupport.shutdown(appHttp);
    }
    other.close();
  }

  private OkHttpClient appClient(NestAuthClient auth) {
    appHttp = new OkHttpClient.Builder()
        .dns(BoundarySupport.dnsMapping(BoundarySupport.ATTACKER_HOST, "example.invalid"))
        .addInterceptor(auth.authInterceptor())
        .build();
    return appHttp;
  }

  private String otherUrl(String host, String path) {
    return "http://" + host + ":" + other.getPort() + path;
  }

  private static int get(OkHttpClient http, String url) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    }
  }

  @Test
  void anotherHostNeverGetsTheToken() throws IOException {
    OkHttpClient http = appClient(client);

    assertThat(get(http, otherUrl("127.0.0.1", "/collect"))).isEqualTo(200);
    assertThat(get(http, otherUrl(BoundarySupport.ATTACKER_HOST, "/collect"))).isEqualTo(200);

    assertThat(otherRequests).hasSize(2);
    assertThat(otherRequests).allSatisfy(request ->
        assertThat(request.getHeaders().get("Authorization")).as("Authorization sent to another host").isNull());
    assertThat(serverRequests).isEmpty();
  }

  @Test
  void fiveUnauthorizedAnswersFromAnotherHostCauseNoRefresh() throws IOException {
    otherStatus.set(401);
    OkHttpClient http = appClient(client);

    for (int i = 0; i < 5; i++) {
      assertThat(get(http, otherUrl("127.0.0.1", "/api/data"))).as("the other host's 401 reaches the app").isEqualTo(401);
    }

    assertThat(serverRequests).as("refreshes caused by another host's 401").isEmpty();
    assertThat(events).isEmpty();
    assertThat(otherRequests).as("each call sent once, never retried").hasSize(5);
    assertThat(otherRequests).allSatisfy(request -> assertThat(request.getHeaders().get("Authorization")).isNull());
    assertThat(client.accessToken()).contains(access);
  }

  @Test
  void anAuthorizedOriginGetsTheToken() throws IOException {
    client.close();
    client = builder().authorizedOrigin("http://127.0.0.1:" + other.getPort()).build();
    OkHttpClient http = appClient(client);

    assertThat(get(http, otherUrl("127.0.0.1", "/api/data"))).isEqualTo(200);
    // the same server under a name that is not authorized is another origin
    assertThat(get(http, otherUrl(BoundarySupport.ATTACKER_HOST, "/api/data"))).isEqualTo(200);

    assertThat(otherRequests).hasSize(2);
    assertThat(otherRequests.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer " + access);
    assertThat(otherRequests.get(1).getHeaders().get("Authorization")).isNull();
    assertThat(serverRequests).isEmpty();
  }

  @Test
  void plainHttpToANonLoopbackAuthorizedOriginGetsTheTokenOnlyWithAllowInsecureHttp() throws IOException {
    String origin = "http://example.invalid:" + other.getPort();
    client.close();
    client = builder().authorizedOrigin(origin).build();
    assertThat(get(appClient(client), origin + "/api/data")).isEqualTo(200);
    BoundarySupport.shutdown(appHttp);

    client.close();
    client = builder().authorizedOrigin(origin).allowInsecureHttp(true).build();
    assertThat(get(appClient(client), origin + "/api/data")).isEqualTo(200);

    assertThat(otherRequests).hasSize(2);
    assertThat(otherRequests.get(0).getHeaders().get("Authorization"))
        .as("plain http to a non-loopback host without allowInsecureHttp").isNull();
    assertThat(otherRequests.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer " + access);
  }

  /** The origin exactly as an app would write it (port 80), observed before the network. */
  @Test
  void plainHttpOnTheDefaultPortIsObservedBeforeTheNetwork() throws IOException {
    List<Request> seen = new CopyOnWriteArrayList<>();
    Interceptor shortCircuit = chain -> {
      seen.add(chain.request());
      return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
          .body(ResponseBody.create("{}", null)).build();
    };
    client.close();
    client = builder().authorizedOrigin("http://example.invalid").authorizedOrigin("https://example.invalid").build();
    OkHttpClient insecureRefused = new OkHttpClient.Builder().addInterceptor(client.authInterceptor())
        .addInterceptor(shortCircuit).build();
    assertThat(get(insecureRefused, "http://example.invalid/api/data")).isEqualTo(200);
    assertThat(get(insecureRefused, "https://example.invalid/api/data")).isEqualTo(200);

    NestAuthClient insecure = builder().authorizedOrigin("http://example.invalid").allowInsecureHttp(true).build();
    try {
      OkHttpClient insecureAllowed = new OkHttpClient.Builder().addInterceptor(insecure.authInterceptor())
          .addInterceptor(shortCircuit).build();
      assertThat(get(insecureAllowed, "http://example.invalid/api/data")).isEqualTo(200);
    } finally {
      insecure.close();
    }

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).header("Authorization")).as("http://example.invalid without allowInsecureHttp").isNull();
    assertThat(seen.get(1).header("Authorization")).as("https://example.invalid").isEqualTo("Bearer " + access);
    assertThat(seen.get(2).header("Authorization")).as("http://example.invalid with allowInsecureHttp")
        .isEqualTo("Bearer " + access);
    assertThat(serverRequests).isEmpty();
  }
}
