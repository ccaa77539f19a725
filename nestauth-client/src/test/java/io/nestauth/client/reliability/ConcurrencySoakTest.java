package io.nestauth.client.reliability;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.MockWebServer;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 threads of mixed blocking, async and app calls (through {@link NestAuthClient#authInterceptor()})
 * for a bounded time against {@link FaithfulServer}, whose access tokens live {@value #ACCESS_TTL_MS} ms
 * and which revokes the session when a rotated refresh token is replayed. With proactive refresh
 * off, every expiry is met as a 401 by many threads at once: the client must refresh exactly once
 * per expiry (the server sees no replay, so no revocation), lose no session, and every call must
 * succeed. Duration: {@code -Dnestauth.soak.seconds} (default 10).
 */
class ConcurrencySoakTest {
  static final int THREADS = 64;
  static final long ACCESS_TTL_MS = 1000;

  @TempDir
  Path dir;

  @Test
  void sixtyFourThreadsOfMixedCallsCauseNoDoubleRefreshNoLostSessionAndNoFailure() throws Exception {
    long seconds = Long.getLong("nestauth.soak.seconds", 10);
    FaithfulServer faithful = new FaithfulServer(Duration.ofMillis(ACCESS_TTL_MS));
    Dispatcher okhttpDispatcher = new Dispatcher();
    okhttpDispatcher.setMaxRequests(THREADS * 2);
    okhttpDispatcher.setMaxRequestsPerHost(THREADS * 2);
    OkHttpClient http = new OkHttpClient.Builder().dispatcher(okhttpDispatcher)
        .readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30)).build();
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicInteger signedOut = new AtomicInteger();
    AtomicInteger refreshedEvents = new AtomicInteger();

    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(faithful);
      server.start();
      FileTokenStore store = new FileTokenStore(dir.resolve("session.json"));
      NestAuthClient client = NestAuthClient.builder().baseUrl(server.url("/api").toString()).httpClient(http)
          .tokenStore(store).proactiveRefreshSkew(null)
          .listener(event -> {
            if (event.type() == AuthEvent.Type.SIGNED_OUT) {
              signedOut.incrementAndGet();
            } else if (event.type() == AuthEvent.Type.TOKEN_REFRESHED) {
              refreshedEvents.incrementAndGet();
            }
          })
          .build();
      OkHttpClient app = http.newBuilder().addInterceptor(client.authInterceptor()).build();
      String appUrl = server.url("/app/data").toString();
      client.loginWithEmail("alice@example.com", TestUser.PASSWORD).execute();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch done = new CountDownLatch(THREADS);
      AtomicLong total = new AtomicLong();
      for (int t = 0; t < THREADS; t++) {
        pool.execute(() -> {
          try {
            while (System.nanoTime() < deadline) {
              int pick = ThreadLocalRandom.current().nextInt(8);
              String name = operationName(pick);
              try {
                runOne(pick, client, app, appUrl);
                calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
              } catch (Throwable e) {
                if (failures.size() < 20) {
                  StringWriter trace = new StringWriter();
                  e.printStackTrace(new PrintWriter(trace));
                  failures.add(name + ": " + trace);
                } else {
                  failures.add(name + ": " + e);
                }
              }
            }
          } finally {
            done.countDown();
          }
        });
      }
      assertThat(done.await(seconds + 60, TimeUnit.SECONDS)).as("all threads finished").isTrue();
      pool.shutdown();

      System.out.println("ConcurrencySoakTest: " + seconds + " s, " + THREADS + " threads, calls=" + total
          + " " + calls + ", server: requests=" + faithful.requests + " served=" + faithful.served
          + " refreshes=" + faithful.refreshes + " expired-token 401s=" + faithful.expiredRejections
          + " replays=" + faithful.replays + " revocations=" + faithful.revocations);

      assertThat(failures).as("calls that failed").isEmpty();
      assertThat(faithful.replays.get()).as("replayed (double-spent) refresh tokens").isZero();
      assertThat(faithful.revocations.get()).as("sessions the server revoked").isZero();
      assertThat(signedOut.get()).as("SIGNED_OUT events").isZero();
      assertThat(faithful.logins.get()).isEqualTo(1);
      assertThat(faithful.refreshes.get()).as("the tokens expired and were refreshed").isGreaterThan(0);
      assertThat(refreshedEvents.get()).as("one TOKEN_REFRESHED per server refresh").isEqualTo(faithful.refreshes.get());
      assertThat(client.isAuthenticated()).isTrue();
      StoredTokens kept = store.load().orElseThrow();
      assertThat(faithful.isCurrent(kept.refreshToken())).as("the stored refresh token is the server's current one").isTrue();
      assertThat(calls.keySet()).hasSize(8);
      ReliabilitySupport.assertNoLeaks(http, "soak");
      client.close();
    } finally {
      ReliabilitySupport.shutdown(http);
    }
  }

  private static String operationName(int pick) {
    return new String[] {"getSessionUserData", "getMfaStatus", "verifySession", "async getSessionUserData",
        "async getMfaStatus", "async verifySession", "app call (blocking)", "app call (enqueued)"}[pick];
  }

  private static void runOne(int pick, NestAuthClient client, OkHttpClient app, String appUrl) throws Exception {
    switch (pick) {
      case 0:
        assertThat(client.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
        break;
      case 1:
        assertThat(client.getMfaStatus().execute().canToggle()).isTrue();
        break;
      case 2:
        assertThat(client.verifySession().execute().isValid()).isTrue();
        break;
      case 3:
        assertThat(client.getSessionUserData().executeAsync().get(30, TimeUnit.SECONDS).id()).isEqualTo(TestUser.USER_ID);
        break;
      case 4:
        assertThat(client.getMfaStatus().executeAsync().get(30, TimeUnit.SECONDS).canToggle()).isTrue();
        break;
      case 5:
        assertThat(client.verifySession().executeAsync().get(30, TimeUnit.SECONDS).isValid()).isTrue();
        break;
      case 6:
        try (Response response = app.newCall(new Request.Builder().url(appUrl).build()).execute()) {
          assertThat(response.code()).as("app call").isEqualTo(200);
        }
        break;
      case 7:
        java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
        app.newCall(new Request.Builder().url(appUrl).build()).enqueue(new okhttp3.Callback() {
          @Override
          public void onFailure(okhttp3.Call call, IOException e) {
            status.completeExceptionally(e);
          }

          @Override
          public void onResponse(okhttp3.Call call, Response response) {
            try (response) {
              status.complete(response.code());
            }
          }
        });
        assertThat(status.get(30, TimeUnit.SECONDS)).as("enqueued app call").isEqualTo(200);
        break;
      default:
        throw new IllegalStateException();
    }
  }
}
