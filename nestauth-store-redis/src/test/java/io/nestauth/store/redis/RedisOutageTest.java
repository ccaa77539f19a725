package io.nestauth.store.redis;

import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redis goes away: loads read as signed out, changes fail, and all is well again when it is back. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class RedisOutageTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);

  @Test
  void whileRedisIsDownLoadsAreEmptyAndChangesFailThenItRecovers() throws Exception {
    try (LocalRedis redis = LocalRedis.start(); // its own server: this test stops it
        RedisTokenStores stores = RedisTokenStores.builder(redis.client()).commandTimeout(COMMAND_TIMEOUT).build()) {
      RedisTokenStore store = stores.forKey("user-42");
      StoredTokens tokens = new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null);
      store.save(tokens);
      assertThat(store.load()).contains(tokens);

      redis.stopServer();

      StoredTokens unsaved = new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null);
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.save(unsaved)).isInstanceOf(TokenStoreException.class)
          .hasMessageStartingWith("cannot save the tokens: ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(unsaved.accessToken(), unsaved.refreshToken(),
              "user-42"));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("bounded by the command timeout")
          .isLessThan(5_000);
      assertThat(store.load()).as("unreadable reads as signed out").isEmpty();
      assertThatThrownBy(store::clear).isInstanceOf(TokenStoreException.class)
          .hasMessageStartingWith("cannot clear the tokens: ");
      AtomicBoolean ran = new AtomicBoolean();
      assertThatThrownBy(() -> store.withRefreshLock(() -> ran.getAndSet(true)))
          .isInstanceOf(TokenStoreException.class).hasMessageStartingWith("cannot take the refresh lock: ");
      assertThat(ran).as("no refresh without the lock").isFalse();

      redis.startServer(); // same port, empty (nothing is persisted)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      boolean back = false;
      while (!back && System.nanoTime() < deadline) {
        try {
          back = store.withRefreshLock(() -> true); // through the store's connection, after anything it replays
        } catch (TokenStoreException e) {
          Thread.sleep(100); // the client reconnects on its own
        }
      }
      assertThat(back).as("the lock works again once Redis is back").isTrue();
      assertThat(store.load()).as("the save that timed out was cancelled, not sent after the reconnect").isEmpty();
      store.save(tokens);
      assertThat(store.load()).contains(tokens);
    }
  }
}
