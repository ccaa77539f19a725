package io.nestauth.benchmarks;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.SessionUserDto;
import io.nestauth.testfixtures.TestUser;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark harness honest in every build (a few seconds): the fake server answers like
 * Nest Auth, the SDK and the raw baseline get the same results from it, the refresh storm sees
 * exactly one refresh, the paired measurement times both sides, and the cold-start children run.
 */
class HarnessTest {
  private static FakeNestAuthServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FakeNestAuthServer.start(5);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tokensLookLikeTheRealServersAndBothSidesGetTheSameAnswers() throws Exception {
    assertThat(server.validAccessToken()).hasSize(545);
    assertThat(server.refreshToken()).hasSize(607);
    try (Clients clients = new Clients(server.baseUrl(), TestUser.EMAIL, TestUser.PASSWORD)) {
      SessionUser sdkUser = clients.sdkMe();
      SessionUserDto rawUser = clients.rawMe();
      assertThat(sdkUser.id()).isEqualTo(String.valueOf(rawUser.getId()));
      assertThat(sdkUser.email()).contains(rawUser.getEmail());
      assertThat(sdkUser.permissions()).containsExactly("users.invite");
      AuthTokensResponseDto rawLogin = clients.rawLogin();
      assertThat(clients.sdkLogin().message()).isEqualTo(rawLogin.getMessage());
      assertThat(rawLogin.getMessage()).isEqualTo("Login successful");
    }
  }

  @Test
  void pairedMeasurementsTimeBothSides() throws Exception {
    try (Clients clients = new Clients(server.baseUrl(), TestUser.EMAIL, TestUser.PASSWORD)) {
      Paired.Latency latency = Paired.latency(clients::sdkMe, clients::rawMe, 10, 2, 10);
      assertThat(latency.calls()).isEqualTo(20);
      assertThat(latency.sdkP50()).isPositive();
      assertThat(latency.rawP50()).isPositive();
      assertThat(latency.ratio()).isPositive();
      Paired.Throughput throughput = Paired.throughput(clients::sdkMe, clients::rawMe, 2, 100, 1, 100);
      assertThat(throughput.sdkOps()).isPositive();
      assertThat(throughput.rawOps()).isPositive();
    }
  }

  @Test
  void sdkAndRawSendTheSameRequests() throws Exception {
    server.resetCounters();
    InMemoryTokenStore store = new InMemoryTokenStore();
    try (NestAuthClient sdk = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).build()) {
      sdk.loginWithEmail(TestUser.EMAIL, TestUser.PASSWORD).execute();
      assertThat(store.load().map(StoredTokens::accessToken)).contains(server.validAccessToken());
      sdk.getSessionUserData().execute();
    }
    RawClient raw = new RawClient(new OkHttpClient(), server.baseUrl());
    raw.loginWithEmail(TestUser.EMAIL, TestUser.PASSWORD);
    assertThat(raw.accessToken()).isEqualTo(server.validAccessToken());
    raw.getSessionUser();
    assertThat(server.requests()).isEqualTo(4);
  }

  @Test
  void aRefreshStormSendsExactlyOneRefresh() throws Exception {
    RefreshStorm.Round queued = RefreshStorm.run(server, RefreshStorm.Variant.DEFAULT_DISPATCHER, 1000);
    assertThat(queued.ok()).as(queued.toString()).isTrue();
    assertThat(queued.refreshes()).isEqualTo(1);
    RefreshStorm.Round wide = RefreshStorm.run(server, RefreshStorm.Variant.ALL_IN_FLIGHT, 300);
    assertThat(wide.ok()).as(wide.toString()).isTrue();
    assertThat(wide.refreshes()).isEqualTo(1);
    assertThat(wide.rejected()).as("the calls really met the expired token concurrently").isGreaterThan(1);
    RefreshStorm.Round control = RefreshStorm.run(server, RefreshStorm.Variant.CONTROL_VALID_TOKEN, 100);
    assertThat(control.ok()).isTrue();
    assertThat(control.refreshes()).isZero();
  }

  @Test
  void coldStartChildrenLogIn() throws Exception {
    String classpath = ColdStart.childClasspath(Path.of("target/classes"),
        Path.of(System.getProperty("nestauth.bench.clientClasspath", "target/client-runtime-classpath.txt")));
    // both at once: this only checks that they work (timing is BenchMain's job)
    CompletableFuture<Double> sdk = CompletableFuture.supplyAsync(() -> launch(ColdStartSdkMain.class, classpath));
    assertThat(launch(ColdStartRawMain.class, classpath)).isPositive();
    assertThat(sdk.get(60, TimeUnit.SECONDS)).isPositive();
  }

  private static double launch(Class<?> main, String classpath) {
    try {
      return ColdStart.launch(main, server.baseUrl(), classpath);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
