package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testfixtures.TestUser.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client derived with {@code newBuilder()} carries every setting of its parent and then behaves
 * by the ones it changes. The settings are found by reflection on {@link NestAuthClientBuilder}:
 * a new setting without a proof here fails {@link #everySettingHasAProof()}.
 */
class DerivedClientSettingsTest extends ClientTestSupport {
  private static final String OTHER_TENANT = "0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11";
  /** A verify-session answer with every field the contract requires. */
  private static final String VERIFY_SESSION = "{\"valid\":true,\"userId\":\"" + TestUser.USER_ID
      + "\",\"expiresAt\":\"2026-11-28T22:15:41.057Z\"}";

  private final Map<String, ThrowingRunnable> proofs = new LinkedHashMap<>();
  private MockWebServer other;

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @BeforeEach
  void proofs() throws Exception {
    other = new MockWebServer();
    other.start();
    proofs.put("baseUrl", this::baseUrlOfChild);
    proofs.put("routePrefix", this::routePrefixOfChild);
    proofs.put("tokenStore", this::tokenStoreOfChild);
    proofs.put("defaultTenantId", this::defaultTenantOfChild);
    proofs.put("httpClient", this::httpClientOfChild);
    proofs.put("userAgentSuffix", this::userAgentOfChild);
    proofs.put("clock", this::clockOfChild);
    proofs.put("allowInsecureHttp", this::insecureHttpOfChild);
    proofs.put("proactiveRefreshSkew", this::skewOfChild);
    proofs.put("maxResponseBytes", this::maxResponseBytesOfChild);
    proofs.put("listener", this::listenerOfChild);
    proofs.put("authorizedOrigin", this::authorizedOriginOfChild);
    proofs.put("retryPolicy", this::retryPolicyOfChild);
  }

  @AfterEach
  void stopOther() {
    other.close();
  }

  @Test
  void everySettingHasAProof() throws Exception {
    Set<String> settings = Arrays.stream(NestAuthClientBuilder.class.getDeclaredMethods())
        .filter(method -> Modifier.isPublic(method.getModifiers()) && !method.getName().equals("build"))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(proofs.keySet()).containsExactlyInAnyOrderElementsOf(settings);
    // every proof runs, so that one report names every setting a derived client does not follow
    Map<String, Throwable> failed = new LinkedHashMap<>();
    for (Map.Entry<String, ThrowingRunnable> proof : proofs.entrySet()) {
      drain(server);
      drain(other);
      try {
        proof.getValue().run();
      } catch (AssertionError | Exception e) {
        failed.put(proof.getKey(), e);
      }
    }
    if (!failed.isEmpty()) {
      AssertionError error = new AssertionError("the derived client does not follow its own " + failed.keySet()
          + ": " + failed.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
          .collect(Collectors.joining("; ")));
      failed.values().forEach(error::addSuppressed);
      throw error;
    }
  }

  private static void drain(MockWebServer queue) throws InterruptedException {
    while (queue.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // requests of an earlier proof
    }
  }

  private void baseUrlOfChild() throws Exception {
    other.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    try (NestAuthClient child = client.newBuilder().baseUrl(other.url("/api").toString()).build()) {
      child.getClientConfig().execute();
    }
    assertThat(other.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
  }

  private void routePrefixOfChild() throws Exception {
    // kept from the parent unless changed, then the child's own
    NestAuthClient parent = builder().routePrefix("identity").build();
    server.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    server.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    try (NestAuthClient kept = parent.newBuilder().userAgentSuffix("child/1").build();
        NestAuthClient changed = parent.newBuilder().routePrefix("v1/auth").build()) {
      kept.getClientConfig().execute();
      changed.getClientConfig().execute();
    }
    parent.close();
    assertThat(path(server.takeRequest(5, TimeUnit.SECONDS))).isEqualTo("/api/identity/client-config");
    assertThat(path(server.takeRequest(5, TimeUnit.SECONDS))).isEqualTo("/api/v1/auth/client-config");
  }

  private void tokenStoreOfChild() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    try (NestAuthClient child = client.newBuilder().tokenStore(new InMemoryTokenStore()).build()) {
      assertThat(child.isAuthenticated()).isFalse();
      assertThat(client.isAuthenticated()).isTrue();
    }
  }

  private void defaultTenantOfChild() throws Exception {
    NestAuthClient parent = builder().defaultTenantId(TENANT_ID).build();
    server.enqueue(json(200, "{\"message\":\"sent\"}"));
    try (NestAuthClient child = parent.newBuilder().defaultTenantId(OTHER_TENANT).build()) {
      child.forgotPassword("alice@example.com").execute();
    }
    parent.close();
    assertThat(bodyJson(server.takeRequest(5, TimeUnit.SECONDS)).path("tenantId").asText()).isEqualTo(OTHER_TENANT);
  }

  private void httpClientOfChild() throws Exception {
    OkHttpClient tagging = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Probe", "child").build()))
        .build();
    server.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    try (NestAuthClient child = client.newBuilder().httpClient(tagging).build()) {
      child.getClientConfig().execute();
    }
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Probe")).isEqualTo("child");
  }

  private void userAgentOfChild() throws Exception {
    NestAuthClient parent = builder().userAgentSuffix("parent/1").build();
    server.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    try (NestAuthClient child = parent.newBuilder().userAgentSuffix("child/2").build()) {
      child.getClientConfig().execute();
    }
    parent.close();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("User-Agent")).endsWith(" child/2");
  }

  private void clockOfChild() throws Exception {
    // the parent's clock is now, the child's two hours ahead: with the same skew, only the child
    // sees the token expiring and refreshes before its call
    givenSession(TestJwts.access().expiresIn(Duration.ofMinutes(15)).build(), TestJwts.refreshToken());
    NestAuthClient parent = builder().proactiveRefreshSkew(Duration.ofSeconds(30)).build();
    Clock ahead = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    server.enqueue(json(200, tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null)));
    server.enqueue(json(200, VERIFY_SESSION));
    try (NestAuthClient child = parent.newBuilder().clock(ahead).build()) {
      child.verifySession().execute();
    }
    parent.close();
    assertThat(path(server.takeRequest(5, TimeUnit.SECONDS))).endsWith("/auth/refresh-token");
  }

  private void insecureHttpOfChild() {
    NestAuthClient parent = NestAuthClient.builder().baseUrl("http://api.example.com/api").allowInsecureHttp(true)
        .build();
    assertThatThrownBy(() -> parent.newBuilder().allowInsecureHttp(false).build())
        .isInstanceOf(IllegalArgumentException.class);
    parent.close();
  }

  private void skewOfChild() throws Exception {
    givenSession(TestJwts.access().expiresIn(Duration.ofSeconds(20)).build(), TestJwts.refreshToken());
    server.enqueue(json(200, tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null)));
    server.enqueue(json(200, VERIFY_SESSION));
    try (NestAuthClient child = client.newBuilder().proactiveRefreshSkew(Duration.ofMinutes(1)).build()) {
      child.verifySession().execute();
    }
    assertThat(path(server.takeRequest(5, TimeUnit.SECONDS))).endsWith("/auth/refresh-token");
  }

  private void maxResponseBytesOfChild() throws Exception {
    String big = "{\"emailAuth\":{\"enabled\":true},\"padding\":\"" + "x".repeat(4000) + "\"}";
    server.enqueue(json(200, big));
    server.enqueue(json(200, big));
    client.getClientConfig().execute();
    try (NestAuthClient child = client.newBuilder().maxResponseBytes(1024).build()) {
      assertThatThrownBy(() -> child.getClientConfig().execute())
          .isInstanceOf(io.nestauth.client.exception.UnexpectedResponseException.class);
    }
  }

  private void listenerOfChild() throws Exception {
    List<AuthEvent> childEvents = new ArrayList<>();
    server.enqueue(json(200, tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null)));
    try (NestAuthClient child = client.newBuilder().tokenStore(new InMemoryTokenStore()).listener(childEvents::add)
        .build()) {
      child.loginWithEmail("alice@example.com", PASSWORD).execute();
    }
    assertThat(childEvents).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_IN);
  }

  private void authorizedOriginOfChild() throws Exception {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    other.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    other.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    String origin = other.url("/").toString();
    try (NestAuthClient child = client.newBuilder().authorizedOrigin(origin).build()) {
      OkHttpClient viaParent = new OkHttpClient.Builder().addInterceptor(client.authInterceptor()).build();
      OkHttpClient viaChild = new OkHttpClient.Builder().addInterceptor(child.authInterceptor()).build();
      try (Response ignored = viaParent.newCall(new Request.Builder().url(other.url("/data")).build()).execute()) {
        assertThat(other.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isNull();
      }
      try (Response ignored = viaChild.newCall(new Request.Builder().url(other.url("/data")).build()).execute()) {
        RecordedRequest seen = other.takeRequest(5, TimeUnit.SECONDS);
        assertThat(seen.getHeaders().get("Authorization")).startsWith("Bearer ");
      }
    }
  }

  private void retryPolicyOfChild() throws Exception {
    NestAuthClient parent = builder().retryPolicy(RetryPolicy.none()).build();
    server.enqueue(json(503, "{\"statusCode\":503,\"message\":\"busy\"}"));
    server.enqueue(json(200, "{\"emailAuth\":{\"enabled\":true}}"));
    try (NestAuthClient child = parent.newBuilder().retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1),
        Duration.ofMillis(10))).sleeper(duration -> { }).build()) {
      child.getClientConfig().execute();
    }
    parent.close();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
  }
}
