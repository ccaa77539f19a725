package io.nestauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import io.nestauth.spring.web.NestAuthExchangeFilterFunction;
import io.nestauth.spring.web.OutgoingOrigins;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The outgoing interceptors against MockWebServers: one plays the Nest Auth server (refresh) and an
 * API that accepts only the session's current access token, another a host that is not configured.
 */
class OutgoingInterceptorsTest {
  private final MockWebServer api = new MockWebServer();
  private final MockWebServer elsewhere = new MockWebServer();
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final AtomicInteger refreshes = new AtomicInteger();
  /** What the refresh endpoint answers: null issues a new pair, else this status. */
  private volatile Integer refreshFailure;
  /** The access token the API accepts. */
  private volatile String valid;
  private NestAuthClient client;
  private OutgoingOrigins origins;

  @BeforeEach
  void start() throws Exception {
    api.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/api/auth/refresh-token")) {
          refreshes.incrementAndGet();
          if (refreshFailure != null) {
            return refreshFailure == 401 ? MockResponses.error(401, "UnauthorizedException", "Refresh token is invalid",
                "REFRESH_TOKEN_INVALID") : MockResponses.json(refreshFailure, "{}");
          }
          valid = TestJwts.access().build();
          return MockResponses.ok(ServerAnswers.tokensBody(valid, TestJwts.refresh().build(),
              "Token refreshed successfully"));
        }
        boolean authorized = ("Bearer " + valid).equals(request.getHeaders().get("Authorization"));
        return authorized ? MockResponses.ok("{\"orders\":[]}") : MockResponses.invalidToken();
      }
    });
    api.start();
    elsewhere.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return MockResponses.json(401, "{}");
      }
    });
    elsewhere.start();
    client = NestAuthClient.builder().baseUrl(api.url("/api").toString()).tokenStore(store).build();
    origins = OutgoingOrigins.of(List.of(api.url("/").toString()), false);
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
    elsewhere.close();
  }

  private void signIn(String accessToken) {
    store.save(new StoredTokens(accessToken, TestJwts.refresh().build(), false, null));
    client.close();
    client = NestAuthClient.builder().baseUrl(api.url("/api").toString()).tokenStore(store).build();
  }

  private RestClient restClient() {
    return RestClient.builder().requestInterceptor(new NestAuthClientHttpRequestInterceptor(client, origins)).build();
  }

  private ResponseEntity<String> get(RestClient rest, MockWebServer server) {
    return rest.get().uri(server.url("/orders").uri()).retrieve()
        .onStatus(status -> true, (request, response) -> { })
        .toEntity(String.class);
  }

  private List<String> authorizationsSeenBy(MockWebServer server) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      if (!request.getUrl().encodedPath().equals("/api/auth/refresh-token")) {
        seen.add(String.valueOf(request.getHeaders().get("Authorization")));
      }
    }
    return seen;
  }

  @Test
  void theTokenGoesToAConfiguredOriginOnly() throws Exception {
    valid = TestJwts.access().build();
    signIn(valid);
    RestClient rest = restClient();

    assertThat(get(rest, api).getStatusCode().value()).isEqualTo(200);
    assertThat(get(rest, elsewhere).getStatusCode().value()).isEqualTo(401);

    assertThat(authorizationsSeenBy(api)).containsExactly("Bearer " + valid);
    // no token, and its 401 caused no refresh
    assertThat(authorizationsSeenBy(elsewhere)).containsExactly("null");
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void a401RefreshesOnceAndRetriesWithTheNewToken() throws Exception {
    String old = TestJwts.access().build();
    signIn(old);
    valid = "not-yet";   // the API no longer takes the old token, as after a server-side expiry

    ResponseEntity<String> response = get(restClient(), api);

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(refreshes).hasValue(1);
    assertThat(authorizationsSeenBy(api)).containsExactly("Bearer " + old, "Bearer " + valid);
    assertThat(client.accessToken()).contains(valid);
  }

  @Test
  void anExpiredTokenIsRefreshedBeforeTheRequest() throws Exception {
    signIn(TestJwts.expiredAccess());

    assertThat(get(restClient(), api).getStatusCode().value()).isEqualTo(200);
    assertThat(refreshes).hasValue(1);
    assertThat(authorizationsSeenBy(api)).containsExactly("Bearer " + valid);
  }

  @Test
  void aRejectedRefreshGivesTheCallerTheTargets401() throws Exception {
    signIn(TestJwts.access().build());
    refreshFailure = 401;

    assertThat(get(restClient(), api).getStatusCode().value()).isEqualTo(401);
    assertThat(refreshes).hasValue(1);
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void aPassingRefreshFailureFailsTheCallAndKeepsTheSession() {
    signIn(TestJwts.access().build());
    refreshFailure = 503;

    assertThatThrownBy(() -> get(restClient(), api)).isInstanceOf(ResourceAccessException.class)
        .hasCauseInstanceOf(TokenRefreshFailedException.class);
    assertThat(client.isAuthenticated()).isTrue();
  }

  @Test
  void anAuthorizationHeaderOfTheCallerIsLeftAlone() throws Exception {
    signIn(TestJwts.access().build());

    restClient().get().uri(api.url("/orders").uri()).header("Authorization", "Bearer callers-own")
        .retrieve().onStatus(status -> true, (request, response) -> { }).toBodilessEntity();

    assertThat(authorizationsSeenBy(api)).containsExactly("Bearer callers-own");
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void concurrent401sShareOneRefresh() throws Exception {
    String old = TestJwts.access().build();
    signIn(old);
    valid = "not-yet";
    RestClient rest = restClient();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = Collections.nCopies(8, () -> get(rest, api).getStatusCode().value());
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(calls, 30, TimeUnit.SECONDS)) {
        statuses.add(status.get());
      }
      assertThat(statuses).containsOnly(200);
      assertThat(refreshes).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void restTemplateToo() throws Exception {
    signIn(TestJwts.access().build());
    valid = "not-yet";
    RestTemplate template = new RestTemplate();
    template.getInterceptors().add(new NestAuthClientHttpRequestInterceptor(client, origins));

    assertThat(template.getForObject(api.url("/orders").uri(), String.class)).isEqualTo("{\"orders\":[]}");
    assertThat(refreshes).hasValue(1);
  }

  // ------------------------------------------------------------------ WebClient

  private int status(WebClient web, MockWebServer server) {
    return web.get().uri(server.url("/orders").uri()).exchangeToMono(response -> response.releaseBody()
        .thenReturn(response.statusCode().value())).block(java.time.Duration.ofSeconds(30));
  }

  @Test
  void theWebClientFilterFollowsTheSameRules() throws Exception {
    String old = TestJwts.access().build();
    signIn(old);
    valid = "not-yet";
    WebClient web = WebClient.builder().filter(new NestAuthExchangeFilterFunction(client, origins)).build();

    assertThat(status(web, api)).isEqualTo(200);
    assertThat(status(web, elsewhere)).isEqualTo(401);

    assertThat(refreshes).hasValue(1);
    assertThat(authorizationsSeenBy(api)).containsExactly("Bearer " + old, "Bearer " + valid);
    assertThat(authorizationsSeenBy(elsewhere)).containsExactly("null");

    refreshFailure = 401;
    valid = "gone";
    assertThat(status(web, api)).isEqualTo(401);
    assertThat(client.isAuthenticated()).isFalse();
  }

  @Test
  void originsMatchOnSchemeHostAndPort() {
    OutgoingOrigins configured = OutgoingOrigins.of(List.of("https://orders.example.com", "http://127.0.0.1:8081/"),
        false);
    assertThat(configured.includes(java.net.URI.create("https://orders.example.com/v1/orders?x=1"))).isTrue();
    assertThat(configured.includes(java.net.URI.create("https://ORDERS.example.com:443/"))).isTrue();
    assertThat(configured.includes(java.net.URI.create("http://127.0.0.1:8081/x"))).isTrue();
    assertThat(configured.includes(java.net.URI.create("http://orders.example.com/"))).isFalse();
    assertThat(configured.includes(java.net.URI.create("https://orders.example.com:8443/"))).isFalse();
    assertThat(configured.includes(java.net.URI.create("https://orders.example.com.evil.test/"))).isFalse();
    assertThat(configured.includes(java.net.URI.create("http://127.0.0.1:8082/"))).isFalse();
    assertThatThrownBy(() -> OutgoingOrigins.of(List.of(), false)).hasMessageContaining("at least one origin");
    assertThatThrownBy(() -> OutgoingOrigins.of(List.of("https://user:pw@orders.example.com"), false))
        .hasMessageContaining("no path, query, fragment or user info");
    assertThatThrownBy(() -> OutgoingOrigins.of(List.of("ftp://orders.example.com"), false))
        .hasMessageContaining("not an http(s) URL");
  }
}
