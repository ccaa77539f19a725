package io.nestauth.benchmarks;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.generated.model.AuthTokensResponseDto;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.time.Duration;

/**
 * The SDK against raw OkHttp + Jackson, call for call, against {@link FakeNestAuthServer} in the same
 * JVM. Modes, threads, forks and profilers are chosen by {@link BenchMain} (the class carries no
 * defaults so that one run measures everything with the same settings).
 *
 * <p>One client of each kind is shared by all benchmark threads ({@link Scope#Benchmark}), as an
 * application shares one. Both rest on one default {@code new OkHttpClient()}: raw uses it as it is,
 * the SDK derives its own from it ({@code newBuilder()}, which shares the connection pool). In the
 * paired measurement, where both sides run in one JVM, they therefore talk over the same keep-alive
 * connection to the same server thread; with a connection each, the two server threads' placement
 * on the two cores made one side faster than the other by chance, differently in every run.
 */
@State(Scope.Benchmark)
public class ClientBenchmarks {
  /**
   * {@code none}: the SDK's default (refresh when the server rejects the token); {@code 30s}: with
   * {@code proactiveRefreshSkew(30 s)}, which checks the token's expiry before every call.
   */
  @Param({"none"})
  public String proactiveSkew;

  private FakeNestAuthServer server;
  private NestAuthClient sdk;
  private OkHttpClient rawHttp;
  private RawClient raw;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = FakeNestAuthServer.start();
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.save(new StoredTokens(server.validAccessToken(), server.refreshToken(), false, null));
    rawHttp = new OkHttpClient();
    NestAuthClientBuilder builder = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store)
        .httpClient(rawHttp);
    if (!"none".equals(proactiveSkew)) {
      builder.proactiveRefreshSkew(Duration.parse("PT" + proactiveSkew.toUpperCase()));
    }
    sdk = builder.build();
    raw = new RawClient(rawHttp, server.baseUrl());
    raw.setTokens(server.validAccessToken(), server.refreshToken());
    // both must work before anything is timed
    if (!Wire.USER_ID.equals(sdk.getSessionUserData().id())
        || !Wire.USER_ID.equals(String.valueOf(raw.getSessionUser().getId()))) {
      throw new IllegalStateException("the fake server and the clients disagree");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
    rawHttp.dispatcher().executorService().shutdown();
    rawHttp.connectionPool().evictAll();
    server.close();
  }

  /** {@code GET /auth/me} through the SDK: bearer from the token store, parsed into {@link SessionUser}. */
  @Benchmark
  public SessionUser sdkGetSessionUser() {
    return sdk.getSessionUserData();
  }

  /** {@code GET /auth/me} by hand: same headers, parsed into the same generated model. */
  @Benchmark
  public io.nestauth.generated.model.SessionUserDto rawGetSessionUser() throws IOException {
    return raw.getSessionUser();
  }

  /** {@code POST /auth/login} through the SDK: the tokens are stored, listeners told. */
  @Benchmark
  public AuthResponse sdkLogin() {
    return sdk.loginWithEmail(Wire.EMAIL, Wire.PASSWORD);
  }

  /**
   * {@code POST /auth/login} through the SDK, then what a caller checking for MFA asks: the claims of
   * the access token are read here, on first use, not inside the login. Not a JMH benchmark: the
   * paired measurement reports it next to {@link #sdkLogin} to show what that deferred read costs.
   */
  public boolean sdkLoginThenMfaState() {
    AuthResponse login = sdk.loginWithEmail(Wire.EMAIL, Wire.PASSWORD);
    if (login.claims().isEmpty()) {
      throw new IllegalStateException("the login's access token has no readable claims");
    }
    return login.isRequiresMfa();
  }

  /** {@code POST /auth/login} by hand: same JSON body, same generated models, tokens kept in fields. */
  @Benchmark
  public AuthTokensResponseDto rawLogin() throws IOException {
    return raw.loginWithEmail(Wire.EMAIL, Wire.PASSWORD);
  }
}
