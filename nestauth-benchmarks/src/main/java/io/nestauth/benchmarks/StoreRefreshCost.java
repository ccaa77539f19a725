package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import io.nestauth.testfixtures.TestJwts;
import okhttp3.OkHttpClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a refresh costs with each store, two ways, both in µs per refresh:
 * <ul>
 *   <li>{@code refreshSession().execute()} through the SDK against the real server: the store's lock,
 *       the re-read of the store inside it, {@code POST /auth/refresh-token} and the save of the answer;</li>
 *   <li>the store's own cycle alone: {@code withRefreshLock(() -> load(), save(other tokens))}, what
 *       coordinating a refresh adds to the server's time.</li>
 * </ul>
 * The stores take turns in short blocks (the order turning every round), so that a busy moment of a
 * shared machine is spread over all of them.
 */
public final class StoreRefreshCost {
  /**
   * Medians and 99th percentiles in µs, and how many timed refreshes and cycles each comes from.
   *
   * @param sdkInStoreP50 the median time of those SDK refreshes spent in the store's methods (its lock
   *     taken and released, loads, saves)
   */
  public record Result(StoreKind kind, double sdkP50, double sdkP99, double sdkInStoreP50, int sdkCount,
      double cycleP50, double cycleP99, int cycleCount) {
  }

  private StoreRefreshCost() {
  }

  /**
   * @param baseUrl the real server's base URL
   * @param factories the stores to measure, open
   * @param sdkRounds rounds of one block of {@code sdkBlock} SDK refreshes per store (after a warm-up block)
   * @param cycleRounds rounds of one block of {@code cycleBlock} store cycles per store (after a warm-up block)
   */
  public static List<Result> run(String baseUrl, Map<StoreKind, StoreKind.Factory> factories, int sdkRounds,
      int sdkBlock, int cycleRounds, int cycleBlock) {
    List<StoreKind> kinds = new ArrayList<>(factories.keySet());
    OkHttpClient http = new OkHttpClient();
    Map<StoreKind, NestAuthClient> clients = new EnumMap<>(StoreKind.class);
    Map<StoreKind, TimedStore> timed = new EnumMap<>(StoreKind.class);
    Map<StoreKind, Cycle> cycles = new EnumMap<>(StoreKind.class);
    try {
      for (StoreKind kind : kinds) {
        // a user of its own per store: the server's session of one is refreshed only through that store
        TimedStore store = new TimedStore(factories.get(kind).forKey("refresh-" + UUID.randomUUID()));
        timed.put(kind, store);
        NestAuthClient client = NestAuthClient.builder().baseUrl(baseUrl).httpClient(http).tokenStore(store).build();
        client.signupWithEmail("bench-store-" + UUID.randomUUID() + "@example.com", "Bench-Passw0rd-1").execute();
        clients.put(kind, client);
        cycles.put(kind, new Cycle(factories.get(kind).forKey("cycle-" + UUID.randomUUID())));
      }
      Map<StoreKind, List<Long>> inStore = new EnumMap<>(StoreKind.class);
      kinds.forEach(kind -> inStore.put(kind, new ArrayList<>()));
      Map<StoreKind, long[]> sdk = timeInTurns(kinds, sdkRounds, sdkBlock, kind -> {
        TimedStore store = timed.get(kind);
        store.nanos = 0;
        clients.get(kind).refreshSession().execute();
        inStore.get(kind).add(store.nanos);
      });
      Map<StoreKind, long[]> cycle = timeInTurns(kinds, cycleRounds, cycleBlock, kind -> cycles.get(kind).run());
      List<Result> results = new ArrayList<>();
      for (StoreKind kind : kinds) {
        long[] s = sdk.get(kind);
        long[] c = cycle.get(kind);
        // the warm-up block's refreshes are left out, as in the timed ones
        List<Long> spent = inStore.get(kind);
        long[] storeTimes = spent.subList(spent.size() - s.length, spent.size()).stream().mapToLong(Long::longValue)
            .toArray();
        results.add(new Result(kind, percentile(s, 50), percentile(s, 99), percentile(storeTimes, 50), s.length,
            percentile(c, 50), percentile(c, 99), c.length));
      }
      return results;
    } finally {
      clients.values().forEach(NestAuthClient::close);
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /**
   * A store that adds up the time its caller spends in it: taking and releasing the refresh lock
   * (not what runs under it), loads and saves. One thread at a time.
   */
  static final class TimedStore implements TokenStore {
    private final TokenStore store;
    long nanos;

    TimedStore(TokenStore store) {
      this.store = store;
    }

    @Override
    public Optional<StoredTokens> load() {
      long start = System.nanoTime();
      try {
        return store.load();
      } finally {
        nanos += System.nanoTime() - start;
      }
    }

    @Override
    public void save(StoredTokens tokens) {
      long start = System.nanoTime();
      try {
        store.save(tokens);
      } finally {
        nanos += System.nanoTime() - start;
      }
    }

    @Override
    public void clear() {
      long start = System.nanoTime();
      try {
        store.clear();
      } finally {
        nanos += System.nanoTime() - start;
      }
    }

    @Override
    public <T> T withRefreshLock(Supplier<T> refresh) {
      long[] under = new long[1];
      long start = System.nanoTime();
      try {
        return store.withRefreshLock(() -> {
          long inside = System.nanoTime();
          try {
            return refresh.get();
          } finally {
            // what ran under the lock is not the lock's (its loads and saves count themselves)
            under[0] = System.nanoTime() - inside;
          }
        });
      } finally {
        nanos += System.nanoTime() - start - under[0];
      }
    }

    @Override
    public boolean coordinatesRefresh() {
      return store.coordinatesRefresh();
    }
  }

  /** The store's part of a refresh, alone: lock, read what is stored, save the next tokens. */
  static final class Cycle {
    private final TokenStore store;
    private final StoredTokens first;
    private final StoredTokens second;

    Cycle(TokenStore store) {
      this.store = store;
      // two sessions of the server's token lengths, saved in turn as rotating refreshes do
      this.first = tokens();
      this.second = tokens();
      store.save(first);
    }

    private static StoredTokens tokens() {
      String session = UUID.randomUUID().toString();
      return new StoredTokens(TestJwts.access().sessionId(session).build(), TestJwts.refresh().sessionId(session).build(),
          false, null);
    }

    void run() {
      store.withRefreshLock(() -> {
        StoredTokens held = store.load().orElseThrow(() -> new IllegalStateException("the store lost its session"));
        store.save(held.accessToken().equals(first.accessToken()) ? second : first);
        return null;
      });
    }
  }

  @FunctionalInterface
  interface Action {
    void run(StoreKind kind);
  }

  /** One warm-up block per store, then {@code rounds} rounds of a block per store; the order turns every round. */
  static Map<StoreKind, long[]> timeInTurns(List<StoreKind> kinds, int rounds, int block, Action action) {
    for (StoreKind kind : kinds) {
      for (int i = 0; i < block; i++) {
        action.run(kind);
      }
    }
    Map<StoreKind, long[]> times = new EnumMap<>(StoreKind.class);
    kinds.forEach(kind -> times.put(kind, new long[rounds * block]));
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < kinds.size(); k++) {
        StoreKind kind = kinds.get((round + k) % kinds.size());
        long[] into = times.get(kind);
        for (int i = 0; i < block; i++) {
          long start = System.nanoTime();
          action.run(kind);
          into[round * block + i] = System.nanoTime() - start;
        }
      }
    }
    return times;
  }

  /** @return the nearest-rank percentile in µs */
  static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e3;
  }
}
