package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ClientConstructionTest extends ClientTestSupport {

  @ParameterizedTest
  @ValueSource(strings = {"http://api.example.com/api", "http://10.0.0.5:3000/api", "http://localhost.example.com/api"})
  void plainHttpToANonLoopbackHostIsRejected(String url) {
    assertThatThrownBy(() -> NestAuthClient.builder().baseUrl(url).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @Test
  void plainHttpToANonLoopbackHostIsAllowedWhenAskedFor() {
    assertThatNoException().isThrownBy(() ->
        NestAuthClient.builder().baseUrl("http://api.example.com/api").allowInsecureHttp(true).build().close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:3000/api", "http://localhost:3000/api", "http://LOCALHOST/api",
      "http://[::1]:3000/api", "https://api.example.com/api"})
  void loopbackAndHttpsAreAccepted(String url) {
    assertThatNoException().isThrownBy(() -> NestAuthClient.builder().baseUrl(url).build().close());
  }

  @Test
  void missingOrMalformedBaseUrlIsRejected() {
    assertThatThrownBy(() -> NestAuthClient.builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("baseUrl");
    assertThatThrownBy(() -> NestAuthClient.builder().baseUrl("ftp://example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("baseUrl");
    assertThatThrownBy(() -> NestAuthClient.builder().defaultTenantId("acme"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tenantId");
    assertThatThrownBy(() -> NestAuthClient.builder().userAgentSuffix("bad\nsuffix"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("suffix");
  }

  @Test
  void userAgentNamesTheSdkAndCarriesTheSuffix() {
    client.close();
    client = builder().userAgentSuffix("my-app/1.4").build();
    server.enqueue(ok("{\"enabled\":false}"));

    client.getCsrfToken().execute();

    String userAgent = take().getHeaders().get("User-Agent");
    assertThat(userAgent).startsWith("nestauth-java/").endsWith(" my-app/1.4");
    // the SDK's version is a real value, not an unfiltered Maven placeholder
    assertThat(userAgent).matches("nestauth-java/[0-9A-Za-z.\\-]+ my-app/1\\.4").doesNotContain("${");
  }

  @Test
  void aUserSuppliedOkHttpClientsInterceptorsRunForSdkCalls() {
    AtomicInteger seen = new AtomicInteger();
    OkHttpClient shared = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seen.incrementAndGet();
          return chain.proceed(chain.request().newBuilder().header("X-Request-Source", "my-app").build());
        })
        .build();
    client.close();
    client = builder().httpClient(shared).build();
    server.enqueue(ok("{\"enabled\":false}"));

    client.getCsrfToken().execute();

    assertThat(seen.get()).isEqualTo(1);
    assertThat(take().getHeaders().get("X-Request-Source")).isEqualTo("my-app");
  }

  @Test
  void closeLeavesAUserSuppliedOkHttpClientWorking() throws IOException {
    OkHttpClient shared = new OkHttpClient();
    NestAuthClient onShared = builder().httpClient(shared).build();

    onShared.close();

    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    server.enqueue(ok("{}"));
    try (Response response = shared.newCall(new Request.Builder().url(server.url("/app/ping")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void callsAfterCloseThrowIllegalStateAndSendNothing() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());

    client.close();
    client.close(); // idempotent

    assertThatThrownBy(() -> client.getClientConfig().execute()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.loginWithEmail("alice@example.com", PASSWORD).execute())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.getSessionUserData().execute()).isInstanceOf(IllegalStateException.class);
    // the non-blocking form fails its future with what execute() throws
    assertThat(catchThrowable(() -> client.getClientConfig().executeAsync().get(10, TimeUnit.SECONDS)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void baseUrlWithoutPrefixIsUsedAsGiven() {
    client.close();
    client = NestAuthClient.builder().baseUrl(server.url("/").toString()).tokenStore(store).build();
    server.enqueue(ok("{\"enabled\":false}"));

    client.getCsrfToken().execute();

    RecordedRequest request = take();
    assertThat(request.getTarget()).isEqualTo("/auth/csrf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "/", "///", "a//b", "..", "auth/..", "./auth", "a b", "auth?x=1", "auth#x",
      "%2e%2e", "auth\nHost: evil", "idéntity", "\\auth"})
  void anIllegalRoutePrefixIsRejectedByTheBuilder(String prefix) {
    assertThatThrownBy(() -> NestAuthClient.builder().routePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("routePrefix")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> NestAuthClient.builder().routePrefix(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("routePrefix");
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "/identity/", "v1/auth", "auth-v2.beta_1~x"})
  void theRoutePrefixReplacesAuthInEveryPath(String prefix) {
    client.close();
    client = builder().routePrefix(prefix).build();
    server.enqueue(ok("{\"enabled\":false}"));

    client.getCsrfToken().execute();

    String expected = prefix.replaceAll("^/+|/+$", "");
    assertThat(take().getTarget()).isEqualTo("/api/" + expected + "/csrf");
  }

  @Test
  void everySdkRequestAsksForHeaderTokenDelivery() {
    // a server whose session.accessTokenType is unset lets each request choose between body and cookies
    server.enqueue(ok("{\"enabled\":false}"));

    client.getCsrfToken().execute();

    assertThat(take().getHeaders().get("x-access-token-type")).isEqualTo("header");
  }
}
