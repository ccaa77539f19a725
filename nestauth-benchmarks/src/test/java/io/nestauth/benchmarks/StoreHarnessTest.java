package io.nestauth.benchmarks;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the shared-session store benchmarks honest in every build, on the stores that need no server
 * (the run itself, with PostgreSQL, Redis and the real server, is {@code -Pbench}): the store cycle
 * really saves, every store is timed in every round, the idle sessions are really signed in.
 */
class StoreHarnessTest {
  @TempDir
  Path dir;

  @Test
  void theStoreCycleSavesTheOtherSessionUnderTheLockEveryTime() {
    for (StoreKind kind : List.of(StoreKind.IN_MEMORY, StoreKind.FILE)) {
      try (StoreKind.Factory stores = kind.open(dir.toString(), 1)) {
        TokenStore store = stores.forKey("cycle");
        StoreRefreshCost.Cycle cycle = new StoreRefreshCost.Cycle(store);
        String first = store.load().map(StoredTokens::accessToken).orElseThrow();
        cycle.run();
        String second = store.load().map(StoredTokens::accessToken).orElseThrow();
        cycle.run();
        assertThat(second).as(kind.name()).isNotEqualTo(first);
        assertThat(store.load().map(StoredTokens::accessToken)).as(kind.name()).contains(first);
        assertThat(stores.forKey("cycle").load().map(StoredTokens::accessToken)).as("another store object, same key")
            .contains(first);
      }
    }
  }

  @Test
  void theTimeInTheStoreCountsLoadsSavesAndTheLockButNotWhatRunsUnderIt() {
    InMemoryTokenStore memory = new InMemoryTokenStore();
    StoreRefreshCost.TimedStore timed = new StoreRefreshCost.TimedStore(new TokenStore() {
      @Override
      public Optional<StoredTokens> load() {
        pause(100);
        return memory.load();
      }

      @Override
      public void save(StoredTokens tokens) {
        memory.save(tokens);
      }

      @Override
      public void clear() {
        memory.clear();
      }

      @Override
      public <T> T withRefreshLock(Supplier<T> refresh) {
        return memory.withRefreshLock(refresh);
      }
    });
    timed.withRefreshLock(() -> {
      timed.load();
      pause(300); // the server's refresh, say
      return null;
    });
    // an in-memory lock takes microseconds: the margins leave 200 ms for a busy machine
    assertThat(timed.nanos).isBetween(100_000_000L, 300_000_000L);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyStoreIsTimedInEveryRoundAfterItsWarmUp() {
    List<StoreKind> calls = new ArrayList<>();
    Map<StoreKind, long[]> times = StoreRefreshCost.timeInTurns(List.of(StoreKind.IN_MEMORY, StoreKind.FILE), 3, 2,
        calls::add);
    assertThat(calls).hasSize(2 * 2 + 3 * 2 * 2);
    assertThat(calls.subList(4, 8)).containsExactly(StoreKind.IN_MEMORY, StoreKind.IN_MEMORY, StoreKind.FILE,
        StoreKind.FILE);
    assertThat(calls.subList(8, 12)).as("the order turns").containsExactly(StoreKind.FILE, StoreKind.FILE,
        StoreKind.IN_MEMORY, StoreKind.IN_MEMORY);
    assertThat(times.get(StoreKind.IN_MEMORY)).hasSize(6).doesNotContain(0L);
    assertThat(times.get(StoreKind.FILE)).hasSize(6).doesNotContain(0L);
  }

  @Test
  void percentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1000L;
    }
    assertThat(StoreRefreshCost.percentile(nanos, 50)).isEqualTo(50.0);
    assertThat(StoreRefreshCost.percentile(nanos, 99)).isEqualTo(99.0);
    assertThat(StoreRefreshCost.percentile(new long[] {7000}, 99)).isEqualTo(7.0);
  }

  @Test
  void idleSessionsAreSignedInAndWeighed() throws Exception {
    try (StoreKind.Factory stores = StoreKind.IN_MEMORY.open("", 1)) {
      // no call is made: the URL only has to be valid
      IdleSessionMemory.Result result = IdleSessionMemory.run(StoreKind.IN_MEMORY, stores, "http://127.0.0.1:9/api", 100);
      assertThat(result.sessions()).isEqualTo(100);
      // two tokens of about 600 characters per session, held by the store (its client holds the same object)
      assertThat(result.storeBytes()).isGreaterThan(1_000);
      assertThat(result.clientBytes()).isPositive();
    }
  }
}
