package io.nestauth.store.jdbc;

import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the contract suite does not cover, on each database: keys, leases that run out, fencing,
 * nesting across store objects, implausible rows, the table's SQL and what failures say. Every
 * test has keys (and, where it changes the table, a table) of its own.
 */
@ExtendWith(DatabaseExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class JdbcTokenStoreBehaviour {
  /** Short enough to wait for in a test, long enough that the statements around it fit in it. */
  private static final Duration SHORT_LEASE = Duration.ofSeconds(1);

  private final TestDatabase database;
  private final String key = "user-" + UUID.randomUUID();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  JdbcTokenStoreBehaviour(TestDatabase database) {
    this.database = database;
  }

  private DataSource dataSource() {
    return database.pool();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private JdbcTokenStores stores() {
    return JdbcTokenStores.builder(dataSource()).build();
  }

  private JdbcTokenStores stores(Duration lease, Duration lockTimeout) {
    return JdbcTokenStores.builder(dataSource()).lease(lease).lockTimeout(lockTimeout).build();
  }

  private static StoredTokens session() {
    return new StoredTokens(TestJwts.access().jti(UUID.randomUUID().toString()).build(), TestJwts.refreshToken(),
        false, "trust-" + UUID.randomUUID());
  }

  @Test
  void twoKeysNeverSeeEachOthersSessionOrLock() throws Exception {
    JdbcTokenStore alice = stores().forKey(key);
    JdbcTokenStore bob = stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofSeconds(2)).forKey(key + "-other");
    StoredTokens alices = session();
    alice.save(alices);
    assertThat(bob.load()).isEmpty();

    StoredTokens bobs = session();
    bob.save(bobs);
    alice.clear();
    assertThat(bob.load()).contains(bobs);
    assertThat(alice.load()).isEmpty();

    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Future<?> held = threads.submit(() -> alice.withRefreshLock(() -> {
      holding.countDown();
      await(done);
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bob.withRefreshLock(() -> "not blocked by alice's lock")).isEqualTo("not blocked by alice's lock");
    done.countDown();
    held.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aHolderThatNeverReleasesLetsTheOthersInWhenItsLeaseRunsOut() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1); // counted down only when the test is over
    Future<?> dead = threads.submit(() -> stores(SHORT_LEASE, Duration.ofSeconds(5)).forKey(key)
        .withRefreshLock(() -> {
          holding.countDown();
          await(never);
          return null;
        }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofMillis(50)).forKey(key)
        .withRefreshLock(() -> "in")).as("while the lease runs").isInstanceOf(TokenStoreException.class);
    long start = System.nanoTime();
    assertThat(stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofSeconds(10)).forKey(key).withRefreshLock(() -> "in"))
        .isEqualTo("in");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the lease, not for the lock timeout")
        .isLessThan(Duration.ofSeconds(5));
    never.countDown();
    dead.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aHolderOvertakenAfterItsLeaseRanOutCannotWriteNorReleaseTheNewHoldersLock() throws Exception {
    JdbcTokenStore slow = stores(SHORT_LEASE, Duration.ofSeconds(5)).forKey(key);
    JdbcTokenStore next = stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofSeconds(10)).forKey(key);
    StoredTokens stale = session();
    StoredTokens newer = session();
    CountDownLatch slowHolding = new CountDownLatch(1);
    CountDownLatch nextHolding = new CountDownLatch(1);
    List<Throwable> slowFailures = new ArrayList<>();
    Future<?> slowRefresh = threads.submit(() -> slow.withRefreshLock(() -> {
      slowHolding.countDown();
      await(nextHolding); // paused (a long GC, a stalled network) until another client has taken over
      for (Runnable write : List.<Runnable>of(() -> slow.save(stale), slow::clear)) {
        try {
          write.run();
        } catch (TokenStoreException e) {
          slowFailures.add(e);
        }
      }
      return null;
    }));
    assertThat(slowHolding.await(10, TimeUnit.SECONDS)).isTrue();

    next.withRefreshLock(() -> {
      nextHolding.countDown();
      get(slowRefresh); // the slow holder tried to write, then released what it believed was its lock
      assertThatThrownBy(() -> threads.submit(() -> stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofMillis(200))
          .forKey(key).withRefreshLock(() -> "in")).get(10, TimeUnit.SECONDS))
          .as("the slow holder's release left the new holder's lease alone")
          .hasCauseInstanceOf(TokenStoreException.class);
      next.save(newer);
      return null;
    });

    assertThat(slowFailures).hasSize(2).allSatisfy(failure -> assertThat(failure)
        .hasMessageContaining(JdbcTokenStores.DEFAULT_TABLE).hasMessageContaining("ran out")
        .hasMessageNotContaining(key));
    assertThat(stores().forKey(key).load()).contains(newer);
  }

  @Test
  void callsNestedOnOneThreadRunInsideTheOuterLeaseWhateverTheStoreObject() {
    JdbcTokenStore outer = stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofMillis(500)).forKey(key);
    JdbcTokenStore inner = stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofMillis(500)).forKey(key);
    StoredTokens saved = session();

    assertThat(outer.withRefreshLock(() -> inner.withRefreshLock(() -> {
      inner.save(saved); // inside the outer lease: allowed
      return "nested";
    }))).isEqualTo("nested");

    assertThat(lockOwner()).as("the outermost call released the lease").isNull();
    assertThat(stores().forKey(key).load()).contains(saved);
  }

  @Test
  void aLockThatStaysTakenFailsTheWaiterAfterItsTimeoutNamingTheTableOnly() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Future<?> held = threads.submit(() -> stores().forKey(key).withRefreshLock(() -> {
      holding.countDown();
      await(done);
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicBoolean ran = new AtomicBoolean();

    long start = System.nanoTime();
    assertThatThrownBy(() -> stores(JdbcTokenStores.DEFAULT_LEASE, Duration.ofMillis(300)).forKey(key)
        .withRefreshLock(() -> ran.getAndSet(true)))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining(JdbcTokenStores.DEFAULT_TABLE).hasMessageContaining("300 ms")
        .hasMessageNotContaining(key);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(ran).as("the refresh did not run").isFalse();
    done.countDown();
    held.get(10, TimeUnit.SECONDS);
  }

  @Test
  void rowsThatAreNotAPlausibleSessionReadAsSignedOut() throws SQLException {
    String access = TestJwts.verifiedAccess();
    String refresh = TestJwts.refreshToken();
    JdbcTokenStore store = stores().forKey(key);

    insertRow(access, null, null);
    assertThat(store.load()).as("half a pair").isEmpty();
    insertRow(access + "\r\nX-Injected: 1", refresh, null);
    assertThat(store.load()).as("CR LF in a token").isEmpty();
    insertRow(access, refresh + "é", null);
    assertThat(store.load()).as("a character a header cannot carry").isEmpty();
    insertRow("", "", null);
    assertThat(store.load()).as("empty strings").isEmpty();
    insertRow(null, null, null);
    assertThat(store.load()).as("a row with nothing in it").isEmpty();

    insertRow(access, refresh, "trust\nX-Injected: 1");
    assertThat(store.load()).as("a bad device-trust token is dropped, the session kept")
        .contains(new StoredTokens(access, refresh, false, null));
  }

  @Test
  void everyWriteCountsUpTheVersionAndStampsTheTime() throws SQLException {
    JdbcTokenStore store = stores().forKey(key);
    store.save(session());
    store.save(session());
    store.clear();

    try (Connection connection = dataSource().getConnection();
         PreparedStatement select = connection.prepareStatement("SELECT version, updated_at, access_token FROM "
             + JdbcTokenStores.DEFAULT_TABLE + " WHERE session_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getLong(1)).isEqualTo(3);
        assertThat(row.getTimestamp(2)).isNotNull();
        assertThat(row.getString(3)).as("cleared").isNull();
      }
    }
  }

  @Test
  void theTableCanBeNamedAndQualifiedAndCreatingItTwiceIsHarmless() {
    String table = "public.nestauth_custom_" + UUID.randomUUID().toString().replace("-", "");
    JdbcTokenStores stores = JdbcTokenStores.builder(dataSource()).table(table).build();
    stores.createTableIfMissing();
    stores.createTableIfMissing();

    StoredTokens saved = session();
    stores.forKey(key).save(saved);
    assertThat(stores.forKey(key).load()).contains(saved);
    assertThat(stores().forKey(key).load()).as("the default table is another table").isEmpty();
  }

  @Test
  void instancesThatCreateTheTableAtTheSameMomentAllSucceed() throws Exception {
    JdbcTokenStores stores = JdbcTokenStores.builder(dataSource())
        .table("nestauth_together_" + UUID.randomUUID().toString().replace("-", "")).build();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> creators = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      creators.add(threads.submit(() -> {
        await(start);
        stores.createTableIfMissing();
        return null;
      }));
    }
    start.countDown();
    for (Future<?> creator : creators) {
      creator.get(20, TimeUnit.SECONDS);
    }
    stores.forKey(key).save(session());
    assertThat(stores.forKey(key).load()).isPresent();
  }

  @Test
  void withoutTheTableLoadReadsSignedOutAndTheRestFailsSayingSo() {
    JdbcTokenStore store = JdbcTokenStores.builder(dataSource()).table("nestauth_missing").lockTimeout(Duration.ofSeconds(2))
        .build().forKey(key);

    assertThat(store.load()).isEmpty();
    assertThatThrownBy(() -> store.save(session())).isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("nestauth_missing").hasMessageContaining("does not exist");
    assertThatThrownBy(store::clear).isInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> store.withRefreshLock(() -> "in")).isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("refresh lock");
  }

  @Test
  void whatTheDatabaseRefusesFailsWithoutTheValuesInTheException() throws SQLException {
    // a table whose token column is too narrow: drivers quote the refused value in their messages
    String table = "nestauth_narrow_" + UUID.randomUUID().toString().replace("-", "");
    execute(JdbcTokenStores.builder(dataSource()).table(table).build().schemaSql()
        .replace("access_token  VARCHAR,", "access_token  VARCHAR(10),"));
    JdbcTokenStore store = JdbcTokenStores.builder(dataSource()).table(table).build().forKey(key);
    StoredTokens refused = session();

    Throwable failure = catchThrowable(() -> store.save(refused));

    assertThat(failure).isInstanceOf(TokenStoreException.class).hasMessageContaining("cannot save the tokens (table "
        + table + ")");
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // H2 quotes the refused value, cut short: its beginning is what would show
      assertThat(String.valueOf(cause)).doesNotContain(refused.accessToken().substring(0, 40), key);
    }
    assertThat(failure.getCause()).as("the database's failure, without its message").isNotNull();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aStoreOverTheDriversOwnDataSourceWithoutAPoolSharesTheSession() {
    // a process elsewhere would build its store from a URL, a user and a password
    JdbcTokenStore pooled = stores().forKey(key);
    JdbcTokenStore unpooled = JdbcTokenStores.builder(database.unpooled()).build().forKey(key);
    StoredTokens saved = session();

    pooled.withRefreshLock(() -> {
      pooled.save(saved);
      return null;
    });
    assertThat(unpooled.withRefreshLock(unpooled::load)).contains(saved);
  }

  private String lockOwner() {
    try (Connection connection = dataSource().getConnection();
         PreparedStatement select = connection.prepareStatement("SELECT lock_owner FROM "
             + JdbcTokenStores.DEFAULT_TABLE + " WHERE session_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the test's row as something other than the store could have left it. */
  private void insertRow(String access, String refresh, String trust) throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + JdbcTokenStores.DEFAULT_TABLE
          + " WHERE session_key = ?")) {
        delete.setString(1, key);
        delete.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + JdbcTokenStores.DEFAULT_TABLE
          + " (session_key, access_token, refresh_token, trust_token) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, key);
        insert.setString(2, access);
        insert.setString(3, refresh);
        insert.setString(4, trust);
        insert.executeUpdate();
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void get(Future<?> future) {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
