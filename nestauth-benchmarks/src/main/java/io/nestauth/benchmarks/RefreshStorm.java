package io.nestauth.benchmarks;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * N concurrent {@code getSessionUserData()} calls through {@code executeAsync()} on a client whose access
 * token has expired: the README promises exactly one {@code POST /auth/refresh-token}, because the
 * server revokes the whole session when a rotated refresh token is presented twice.
 */
public final class RefreshStorm {
  /** How the N calls are put in flight. */
  public enum Variant {
    /** {@code executeAsync()} on the client's own default OkHttpClient: at most 5 calls per host in flight, the rest queue. */
    DEFAULT_DISPATCHER("executeAsync(), default OkHttpClient (5 in flight per host)", false, false, true),
    /** {@code executeAsync()} over an OkHttpClient whose dispatcher lets all N calls run at once. */
    ALL_IN_FLIGHT("executeAsync(), dispatcher 1000/host (all in flight)", true, false, true),
    /** Same, with {@code proactiveRefreshSkew(30 s)}: the expiry is noticed before sending. */
    ALL_IN_FLIGHT_PROACTIVE("same, proactiveRefreshSkew 30 s", true, true, true),
    /** The control: all in flight with a valid token (no refresh), for the time comparison. */
    CONTROL_VALID_TOKEN("control: all in flight, valid token", true, false, false);

    final String label;
    final boolean wideDispatcher;
    final boolean proactive;
    final boolean expired;

    Variant(String label, boolean wideDispatcher, boolean proactive, boolean expired) {
      this.label = label;
      this.wideDispatcher = wideDispatcher;
      this.proactive = proactive;
      this.expired = expired;
    }

    public String label() {
      return label;
    }
  }

  /**
   * @param refreshes refresh requests the server received (the promise: exactly 1 when the token was expired)
   * @param rejected requests that reached the server with the expired token (401 INVALID_TOKEN)
   * @param succeeded calls that returned the user
   * @param failed calls that threw
   * @param millis from the first call until all completed
   * @param connections TCP connections the server accepted
   */
  public record Round(Variant variant, int calls, long refreshes, long rejected, int succeeded, int failed,
      double millis, long connections) {
    public boolean ok() {
      return failed == 0 && succeeded == calls && refreshes == (variant.expired ? 1 : 0);
    }
  }

  private RefreshStorm() {
  }

  /** Runs one round on a fresh client (its own connection pool) against {@code server}. */
  public static Round run(FakeNestAuthServer server, Variant variant, int calls) throws InterruptedException {
    OkHttpClient http;
    if (variant.wideDispatcher) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(calls);
      dispatcher.setMaxRequestsPerHost(calls);
      http = new OkHttpClient.Builder().dispatcher(dispatcher).build();
    } else {
      http = new OkHttpClient();
    }
    InMemoryTokenStore store = new InMemoryTokenStore();
    String access = variant.expired ? server.expiredAccessToken() : server.validAccessToken();
    store.save(new StoredTokens(access, server.refreshToken(), false, null));
    NestAuthClientBuilder builder = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).httpClient(http);
    if (variant.proactive) {
      builder.proactiveRefreshSkew(Duration.ofSeconds(30));
    }
    NestAuthClient client = builder.build();
    server.resetCounters();
    List<CompletableFuture<SessionUser>> futures = new ArrayList<>(calls);
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      futures.add(client.getSessionUserData().executeAsync());
    }
    int succeeded = 0;
    int failed = 0;
    for (CompletableFuture<SessionUser> future : futures) {
      try {
        SessionUser user = future.get(60, TimeUnit.SECONDS);
        if (Wire.USER_ID.equals(user.id())) {
          succeeded++;
        } else {
          failed++;
        }
      } catch (Exception e) {
        failed++;
      }
    }
    double millis = (System.nanoTime() - start) / 1e6;
    Round round = new Round(variant, calls, server.refreshes(), server.rejectedTokens(), succeeded, failed, millis,
        server.connections());
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    return round;
  }
}
