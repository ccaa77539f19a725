package io.nestauth.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import io.nestauth.spring.web.NestAuthExchangeFilterFunction;
import io.nestauth.spring.web.OutgoingOrigins;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The application calls its own protected endpoint with the auto-configured client's session:
 * through the {@code RestClient} interceptor and the {@code WebClient} filter beans.
 */
class OutgoingCallsIT extends BootAppIT {
  private static final ParameterizedTypeReference<Map<String, Object>> ME = new ParameterizedTypeReference<>() {
  };

  @Autowired
  private NestAuthClient auth;
  @Autowired
  private NestAuthClientHttpRequestInterceptor interceptor;
  @Autowired
  private NestAuthExchangeFilterFunction filter;

  private RestClient rest;

  @BeforeEach
  void signIn() {
    rest = RestClient.builder().requestInterceptor(interceptor).build();
    auth.signupWithEmail(newEmail("outgoing"), PASSWORD).execute();
  }

  @AfterEach
  void signOut() {
    auth.logout().execute();
  }

  private ResponseEntity<Map<String, Object>> me() {
    return rest.get().uri(APP + "/me").retrieve().onStatus(status -> true, (request, response) -> { })
        .toEntity(ME);
  }

  @Test
  void theRestClientInterceptorCallsAProtectedEndpointAndSurvivesTheTokensExpiry() throws Exception {
    String userId = auth.getSessionUserData().execute().id();
    String first = auth.accessToken().orElseThrow();

    ResponseEntity<Map<String, Object>> before = me();
    assertThat(before.getStatusCode().value()).isEqualTo(200);
    assertThat(before.getBody()).containsEntry("userId", userId);

    waitUntilTheAccessTokenExpired();

    ResponseEntity<Map<String, Object>> after = me();
    assertThat(after.getStatusCode().value()).isEqualTo(200);
    assertThat(after.getBody()).containsEntry("userId", userId);
    assertThat(auth.accessToken()).isPresent().get().isNotEqualTo(first);
  }

  @Test
  void aTokenTheTargetRefusesIsRefreshedOnceAndTheCallRetried() {
    String email = newEmail("retry");
    InMemoryTokenStore store = new InMemoryTokenStore();
    try (NestAuthClient signUp = NestAuthClient.builder().baseUrl(SERVER.baseUrl()).tokenStore(store)
        .build()) {
      signUp.signupWithEmail(email, PASSWORD).execute();
    }
    // an access token the client takes for good (its claims are unexpired) but the application refuses
    StoredTokens real = store.load().orElseThrow();
    String forged = tamper(real.accessToken(), email);
    store.save(new StoredTokens(forged, real.refreshToken(), false, null));

    try (NestAuthClient client = NestAuthClient.builder().baseUrl(SERVER.baseUrl()).tokenStore(store)
        .build()) {
      RestClient retrying = RestClient.builder()
          .requestInterceptor(new NestAuthClientHttpRequestInterceptor(client, OutgoingOrigins.of(List.of(APP), false)))
          .build();

      ResponseEntity<Map<String, Object>> response = retrying.get().uri(APP + "/me").retrieve().toEntity(ME);

      assertThat(response.getStatusCode().value()).isEqualTo(200);
      assertThat(client.accessToken()).isPresent().get().isNotEqualTo(forged);
      assertThat(store.load().orElseThrow().refreshToken()).as("refreshed once").isNotEqualTo(real.refreshToken());
    }
  }

  @Test
  void aSessionEndedElsewhereGivesTheCallerThe401() {
    try (NestAuthClient elsewhere = newClient()) {
      // the same user signs in elsewhere and ends every session, this one's too
      String email = auth.getSessionUserData().execute().email().orElseThrow();
      elsewhere.loginWithEmail(email, PASSWORD).execute();
      elsewhere.logoutAll().execute();
    }

    ResponseEntity<Map<String, Object>> response = me();

    assertThat(response.getStatusCode().value()).isEqualTo(401);
    assertThat(auth.isAuthenticated()).as("the server rejected the refresh: signed out").isFalse();
  }

  @Test
  void theTokenIsNotSentToAnOriginThatIsNotConfigured() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext("/", exchange -> {
      seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    other.start();
    try {
      String token = auth.accessToken().orElseThrow();
      int status = rest.get().uri("http://127.0.0.1:" + other.getAddress().getPort() + "/me").retrieve()
          .onStatus(s -> true, (request, response) -> { }).toBodilessEntity().getStatusCode().value();

      assertThat(status).isEqualTo(401);
      assertThat(seen).containsExactly("null");
      assertThat(auth.accessToken()).as("its 401 caused no refresh").contains(token);
    } finally {
      other.stop(0);
    }
  }

  @Test
  void theWebClientFilterCarriesTheSessionToo() {
    String userId = auth.getSessionUserData().execute().id();
    WebClient web = WebClient.builder().filter(filter).build();

    Map<String, Object> me = web.get().uri(APP + "/me").retrieve().bodyToMono(ME).block(Duration.ofSeconds(30));

    assertThat(me).containsEntry("userId", userId);
  }

  private void waitUntilTheAccessTokenExpired() throws InterruptedException {
    Instant deadline = Instant.now().plus(ACCESS_TOKEN_TTL.multipliedBy(3));
    while (!auth.isAccessTokenExpired()) {
      assertThat(Instant.now()).as("the access token should have expired by now").isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
