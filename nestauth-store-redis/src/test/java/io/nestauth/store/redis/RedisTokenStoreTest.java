package io.nestauth.store.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What the Redis store adds to the contract: keys, time to live, lease and fencing, what it reads. */
@ExtendWith(LocalRedis.Shared.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisTokenStoreTest {
  private static final String TRUST = "Zq3x0mU1yQ7bD5hJ2kL9nP4rS6tV8wX0yZ1aB3cD5eF";
  private static final Duration SHORT_LEASE = Duration.ofMillis(300);

  private final LocalRedis redis;
  private final StatefulRedisConnection<String, String> raw;
  private final List<RedisTokenStores> opened = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final String sessionKey = "user-" + UUID.randomUUID();

  RedisTokenStoreTest(LocalRedis redis) {
    this.redis = redis;
    this.raw = redis.client().connect();
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    opened.forEach(RedisTokenStores::close);
    raw.close();
  }

  private RedisTokenStores.Builder stores() {
    return RedisTokenStores.builder(redis.client());
  }

  private RedisTokenStores open(RedisTokenStores.Builder builder) {
    RedisTokenStores stores = builder.build();
    opened.add(stores);
    return stores;
  }

  private static StoredTokens signedIn() {
    return new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, TRUST);
  }

  private RedisCommands<String, String> redisCli() {
    return raw.sync();
  }

  @Test
  void aSessionIsAHashAtPrefixColonKey() {
    RedisTokenStore store = open(stores().keyPrefix("app:sessions")).forKey(sessionKey);
    StoredTokens tokens = new StoredTokens(TestJwts.pendingAccess(), TestJwts.refreshToken(), true, TRUST);
    store.save(tokens);

    assertThat(store.redisKey()).isEqualTo("app:sessions:" + sessionKey);
    assertThat(redisCli().hgetall("app:sessions:" + sessionKey)).isEqualTo(Map.of(
        "format", "1", "accessToken", tokens.accessToken(), "refreshToken", tokens.refreshToken(),
        "mfaPending", "1", "trustToken", TRUST));
    assertThat(redisCli().exists("app:sessions:" + sessionKey + ":lock")).as("no lock left behind").isZero();
  }

  @Test
  void sessionKeysAndPrefixesAreIsolated() throws Exception {
    RedisTokenStores stores = open(stores());
    RedisTokenStore alice = stores.forKey(sessionKey + "-alice");
    RedisTokenStore bob = stores.forKey(sessionKey + "-bob");
    RedisTokenStore aliceElsewhere = open(stores().keyPrefix("other-app")).forKey(sessionKey + "-alice");
    StoredTokens alicesTokens = signedIn();
    alice.save(alicesTokens);

    assertThat(bob.load()).isEmpty();
    assertThat(aliceElsewhere.load()).isEmpty();
    bob.save(signedIn());
    bob.clear();
    assertThat(alice.load()).contains(alicesTokens);

    // one session's refresh lock does not hold up another's
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Future<?> holder = pool.submit(() -> alice.withRefreshLock(() -> {
      holding.countDown();
      await(done);
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    RedisTokenStore bobImpatient = open(stores().lockTimeout(Duration.ofMillis(100))).forKey(sessionKey + "-bob");
    assertThat(bobImpatient.withRefreshLock(() -> "bob refreshed")).isEqualTo("bob refreshed");
    RedisTokenStore aliceImpatient = open(stores().lockTimeout(Duration.ofMillis(100))).forKey(sessionKey + "-alice");
    assertThatThrownBy(() -> aliceImpatient.withRefreshLock(() -> "never"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("held the refresh lock");
    done.countDown();
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theKeyLivesAsLongAsTheRefreshToken() {
    RedisTokenStore store = open(stores().defaultTtl(Duration.ofHours(2))).forKey(sessionKey);
    String key = store.redisKey();

    store.save(new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refresh().expiresIn(Duration.ofHours(5)).build(),
        false, null));
    assertThat(redisCli().pttl(key)).isCloseTo(Duration.ofHours(5).toMillis(), within(10_000L));

    store.save(signedIn()); // the server's 7 days
    assertThat(redisCli().pttl(key)).isCloseTo(TestJwts.REFRESH_LIFETIME.toMillis(), within(10_000L));

    store.save(new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refresh().without("exp").build(), false, null));
    assertThat(redisCli().pttl(key)).as("no exp: the default").isCloseTo(Duration.ofHours(2).toMillis(), within(10_000L));

    store.save(StoredTokens.signedOut(TRUST));
    assertThat(redisCli().pttl(key)).as("only a trust token: the default")
        .isCloseTo(Duration.ofHours(2).toMillis(), within(10_000L));

    store.save(new StoredTokens(TestJwts.expiredAccess(), TestJwts.refresh().expired().build(), false, null));
    assertThat(redisCli().pttl(key)).as("expired: kept a minute (the clocks may disagree)")
        .isCloseTo(RedisTokenStore.MIN_TTL.toMillis(), within(10_000L));
  }

  @Test
  void aHolderThatDiesKeepsTheOthersOutForItsLeaseOnly() throws Exception {
    RedisTokenStore dying = open(stores().lockLease(SHORT_LEASE)).forKey(sessionKey);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    pool.submit(() -> dying.withRefreshLock(() -> {
      holding.countDown();
      await(never); // never releases: from Redis's side a dead process looks the same
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    RedisTokenStore next = open(stores().lockTimeout(Duration.ofSeconds(10))).forKey(sessionKey);
    long start = System.nanoTime();
    assertThat(next.withRefreshLock(() -> "went on")).isEqualTo("went on");
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(waitedMillis).as("waited for the lease, not for the lock timeout").isBetween(150L, 5_000L);
  }

  @Test
  void aHolderWhoseLeaseRanOutCannotSaveNorRemoveTheNewHoldersLock() throws Exception {
    RedisTokenStores slowStores = open(stores().lockLease(SHORT_LEASE));
    RedisTokenStore slow = slowStores.forKey(sessionKey);
    StoredTokens before = signedIn();
    slow.save(before);
    StoredTokens stale = signedIn();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    AtomicReference<Throwable> staleSave = new AtomicReference<>();
    Future<?> slowRefresh = pool.submit(() -> slow.withRefreshLock(() -> {
      holding.countDown();
      await(goOn);
      try {
        slowStores.forKey(sessionKey).save(stale); // any store of its factory over the key is fenced
      } catch (RuntimeException e) {
        staleSave.set(e);
      }
      try {
        slow.clear();
      } catch (RuntimeException e) {
        staleSave.get().addSuppressed(e);
      }
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    RedisTokenStore next = open(stores().lockTimeout(Duration.ofSeconds(10))).forKey(sessionKey);
    StoredTokens fresh = signedIn();
    RedisTokenStore third = open(stores().lockTimeout(Duration.ofMillis(200))).forKey(sessionKey);
    next.withRefreshLock(() -> {
      goOn.countDown(); // the slow holder wakes up after its lease ran out and tries to save, clear, release
      get(slowRefresh);
      assertThatThrownBy(() -> third.withRefreshLock(() -> "never"))
          .as("the slow holder's release left the new holder's lock alone")
          .isInstanceOf(TokenStoreException.class);
      next.save(fresh);
      return null;
    });

    assertThat(staleSave.get()).isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("ran out")
        .hasMessageNotContaining(sessionKey);
    assertThat(staleSave.get().getSuppressed()).singleElement().isInstanceOf(TokenStoreException.class);
    assertThat(staleSave.get().getMessage()).doesNotContain(stale.accessToken(), stale.refreshToken(), TRUST);
    assertThat(next.load()).contains(fresh);
  }

  @Test
  void nestedLocksOnOneThreadAcrossStoreObjectsTakeTheLockOnceAndSaveFenced() {
    RedisTokenStores stores = open(stores().lockTimeout(Duration.ofMillis(500)));
    RedisTokenStore outer = stores.forKey(sessionKey);
    StoredTokens saved = signedIn();
    String result = outer.withRefreshLock(() -> stores.forKey(sessionKey).withRefreshLock(() -> {
      stores.forKey(sessionKey).save(saved);
      assertThat(redisCli().exists(outer.redisKey() + ":lock")).as("still held inside").isOne();
      return "nested";
    }));
    assertThat(result).isEqualTo("nested");
    assertThat(redisCli().exists(outer.redisKey() + ":lock")).as("released by the outermost call").isZero();
    assertThat(outer.load()).contains(saved);
  }

  @Test
  void aHolderInterruptedInsideStillReleasesTheLockAndKeepsItsInterrupt() {
    RedisTokenStore store = open(stores()).forKey(sessionKey);
    try {
      store.withRefreshLock(() -> {
        Thread.currentThread().interrupt(); // as a shutting-down pool would
        return null;
      });
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(redisCli().exists(store.redisKey() + ":lock")).as("released at once, not after the lease").isZero();
  }

  @Test
  void anythingImplausibleReadsAsSignedOut() {
    RedisTokenStore store = open(stores()).forKey(sessionKey);
    String key = store.redisKey();
    String access = TestJwts.verifiedAccess();
    String refresh = TestJwts.refreshToken();

    redisCli().hset(key, Map.of("format", "2", "accessToken", access, "refreshToken", refresh));
    assertThat(store.load()).as("unknown format").isEmpty();
    redisCli().del(key);
    redisCli().hset(key, Map.of("accessToken", access, "refreshToken", refresh));
    assertThat(store.load()).as("no format").isEmpty();
    redisCli().del(key);
    redisCli().hset(key, Map.of("format", "1", "accessToken", access));
    assertThat(store.load()).as("half a pair").isEmpty();
    redisCli().hset(key, Map.of("refreshToken", ""));
    assertThat(store.load()).as("an empty token").isEmpty();
    redisCli().hset(key, Map.of("refreshToken", refresh + "\r\nX-Injected: 1"));
    assertThat(store.load()).as("a token that is no header value").isEmpty();
    redisCli().hset(key, Map.of("refreshToken", refresh, "mfaPending", "yes"));
    assertThat(store.load()).as("an unreadable MFA state").isEmpty();
    redisCli().hset(key, Map.of("mfaPending", "0", "trustToken", "caf\u00e9"));
    assertThat(store.load()).as("a bad trust token is dropped, the rest kept")
        .contains(new StoredTokens(access, refresh, false, null));
    redisCli().del(key);
    redisCli().set(key, "{\"accessToken\":\"a\"}");
    assertThat(store.load()).as("not a hash").isEmpty();
    redisCli().del(key);
    assertThat(store.load()).as("nothing").isEmpty();
  }

  @Test
  void aSignedOutStateKeepsOnlyTheTrustToken() {
    RedisTokenStore store = open(stores()).forKey(sessionKey);
    store.save(signedIn());
    store.save(StoredTokens.signedOut(TRUST));
    assertThat(redisCli().hgetall(store.redisKey())).isEqualTo(Map.of("format", "1", "mfaPending", "0", "trustToken", TRUST));
    assertThat(store.load()).contains(StoredTokens.signedOut(TRUST));
  }

  @Test
  void badKeysAndSettingsFailBeforeAnythingIsSent() {
    RedisTokenStores stores = open(stores());
    for (String bad : new String[] {"", "a:b", "a b", "caf\u00e9", "a\r\nb", "x".repeat(257), "{tag}", "a*"}) {
      assertThatThrownBy(() -> stores.forKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sessionKey");
    }
    assertThatThrownBy(() -> stores.forKey(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(stores.forKey("x".repeat(256)).redisKey()).endsWith("x".repeat(256));
    assertThat(stores.forKey("alice@example.com").redisKey()).isEqualTo("nestauth:session:alice@example.com");
    assertThatThrownBy(() -> stores().keyPrefix("ends:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores().keyPrefix("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores().lockLease(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores().lockTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores().commandTimeout(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores().defaultTtl(Duration.ofMillis(999))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTokenStores.builder("127.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTokenStores.builder(" ", 6379)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.forKey(sessionKey).save(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFactoryFromHostAndPortWorksAndDescribesNoKey() {
    try (RedisTokenStores stores = RedisTokenStores.builder("127.0.0.1", redis.port()).build()) {
      RedisTokenStore store = stores.forKey(sessionKey);
      StoredTokens tokens = signedIn();
      store.save(tokens);
      assertThat(store.load()).contains(tokens);
      assertThat(store.toString() + stores).contains("nestauth:session").doesNotContain(sessionKey);
    }
    assertThat(open(stores()).forKey(sessionKey).load()).as("saved in the same Redis").isPresent();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Object> get(Future<?> future) {
    try {
      return Optional.ofNullable(future.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
