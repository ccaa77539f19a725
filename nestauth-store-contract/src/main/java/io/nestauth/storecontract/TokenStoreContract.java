package io.nestauth.storecontract;

import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link TokenStore} contract as tests. Extend it in your store's tests and say how to make a
 * store; every test starts from an empty session.
 *
 * <pre>{@code
 * class KeychainTokenStoreTest extends TokenStoreContract {
 *   @Override
 *   protected TokenStore newStore() {
 *     return new KeychainTokenStore(testKeychain); // over the same stored session each time
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #newStore()} must return a new store object over the same stored session each time it is
 * called, as a second process of the app would make: the suite checks that what one object saves the
 * other reads, and, when the store {@linkplain TokenStore#coordinatesRefresh() coordinates refreshes},
 * that two objects never hold the refresh lock at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TokenStoreContract {
  /** Shaped like the server's tokens (three base64url parts); the suite never needs real ones. */
  private static final String ACCESS = "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJlLWE";
  private static final String REFRESH = "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJlLXI";
  private static final String TRUST = "Zq3x0mU1yQ7bD5hJ2kL9nP4rS6tV8wX0yZ1aB3cD5eF";
  private static final int LOCKERS = 6;
  private static final int ROUNDS = 20;

  /**
   * A new store object over the one stored session the suite uses, empty before each test (clear it
   * or use a fresh key per test instance).
   *
   * @return the store
   */
  protected abstract TokenStore newStore();

  @Test
  void startsEmpty() {
    assertThat(newStore().load()).isEmpty();
  }

  @Test
  void whatOneStoreObjectSavesAnotherLoads() {
    StoredTokens signedIn = new StoredTokens(ACCESS, REFRESH, false, TRUST);
    newStore().save(signedIn);

    assertThat(newStore().load()).contains(signedIn);
  }

  @Test
  void keepsEveryPartOfTheState() {
    TokenStore store = newStore();
    StoredTokens pending = new StoredTokens(ACCESS, REFRESH, true, null);
    store.save(pending);
    assertThat(newStore().load()).get().satisfies(loaded -> {
      assertThat(loaded.mfaPending()).isTrue();
      assertThat(loaded.trustToken()).isNull();
    });

    StoredTokens onlyTrust = StoredTokens.signedOut(TRUST);
    store.save(onlyTrust);
    assertThat(newStore().load()).get().satisfies(loaded -> {
      assertThat(loaded.hasSession()).isFalse();
      assertThat(loaded.trustToken()).isEqualTo(TRUST);
    });
  }

  @Test
  void aSaveReplacesAndAClearRemovesEverything() {
    TokenStore store = newStore();
    store.save(new StoredTokens(ACCESS, REFRESH, false, TRUST));
    StoredTokens replaced = new StoredTokens(ACCESS + "x", REFRESH + "y", false, null);
    store.save(replaced);
    assertThat(newStore().load()).contains(replaced);

    store.clear();
    assertThat(newStore().load()).isEmpty();
    store.clear(); // clearing nothing is no error
    assertThat(store.load()).isEmpty();
  }

  @Test
  void itsDescriptionShowsNoToken() {
    TokenStore store = newStore();
    store.save(new StoredTokens(ACCESS, REFRESH, false, TRUST));
    assertThat(store.toString()).doesNotContain(ACCESS, REFRESH, TRUST);
  }

  @Test
  void theRefreshLockReturnsTheResultAndIsFreeAgainAfterAFailure() {
    TokenStore store = newStore();
    assertThat(store.withRefreshLock(() -> "refreshed")).isEqualTo("refreshed");
    assertThatThrownBy(() -> store.withRefreshLock(() -> {
      throw new IllegalStateException("the refresh failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("the refresh failed");
    assertThat(newStore().withRefreshLock(() -> "again")).as("the failure released the lock").isEqualTo("again");
  }

  @Test
  void theRefreshLockNestsOnOneThread() {
    TokenStore store = newStore();
    assertThat(store.withRefreshLock(() -> store.withRefreshLock(() -> "nested"))).isEqualTo("nested");
  }

  @Test
  void whatIsSavedUnderTheLockIsWhatTheNextHolderReads() {
    TokenStore store = newStore();
    StoredTokens refreshed = new StoredTokens(ACCESS, REFRESH, false, null);
    store.withRefreshLock(() -> {
      store.save(refreshed);
      return null;
    });
    assertThat(newStore().withRefreshLock(() -> newStore().load())).contains(refreshed);
  }

  /**
   * Store objects (standing for clients in different processes) take turns: no two ever hold the
   * lock at once. Skipped in effect for stores that say they do not coordinate.
   */
  @Test
  void storeObjectsNeverHoldTheRefreshLockAtTheSameTime() throws Exception {
    if (!newStore().coordinatesRefresh()) {
      assertThat(newStore().withRefreshLock(() -> 1)).as("a store that does not coordinate just runs the work")
          .isEqualTo(1);
      return;
    }
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger turns = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(LOCKERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> lockers = new ArrayList<>();
      for (int i = 0; i < LOCKERS; i++) {
        TokenStore own = newStore();
        lockers.add(pool.submit(() -> {
          start.await();
          for (int round = 0; round < ROUNDS; round++) {
            own.withRefreshLock(() -> {
              mostAtOnce.accumulateAndGet(holders.incrementAndGet(), Math::max);
              try {
                Thread.sleep(1); // long enough that holders without exclusion would overlap
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              turns.incrementAndGet();
              holders.decrementAndGet();
              return null;
            });
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> locker : lockers) {
        locker.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(turns).hasValue(LOCKERS * ROUNDS);
    assertThat(mostAtOnce).as("holders of the lock at the same moment").hasValue(1);
  }

  /** A holder keeps the others waiting until it is done; they then see what it saved. */
  @Test
  void aWaitingStoreSeesWhatTheHolderSaved() throws Exception {
    TokenStore holder = newStore();
    if (!holder.coordinatesRefresh()) {
      return;
    }
    TokenStore waiter = newStore();
    StoredTokens refreshed = new StoredTokens(ACCESS, REFRESH, false, null);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> held = pool.submit(() -> holder.withRefreshLock(() -> {
        holding.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        holder.save(refreshed);
        return null;
      }));
      assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
      Thread releaser = new Thread(() -> {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        release.countDown();
      });
      releaser.start();
      assertThat(waiter.withRefreshLock(waiter::load)).as("read after the holder's save").contains(refreshed);
      held.get(20, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
