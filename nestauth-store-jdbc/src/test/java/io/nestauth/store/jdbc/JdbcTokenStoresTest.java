package io.nestauth.store.jdbc;

import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Settings checked before any statement runs, and a database that cannot be reached; no database needed. */
class JdbcTokenStoresTest {
  private static final String KEY = "user-42@example.com";
  /** What a driver might put into its message: never to reach the SDK's exception. */
  private static final String DRIVER_MESSAGE = "FATAL: password authentication failed for user app, password=s3cret";

  @ParameterizedTest
  @ValueSource(strings = {"", "1sessions", "nestauth-session", "sessions; DROP TABLE users", "\"Sessions\"",
      "a.b.c", "sessions ", "sess ions", "sessions--", ".sessions", "sessions.", "ßessions",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void aTableNameThatIsNotAPlainIdentifierIsRefusedBeforeAnyStatement(String table) {
    NoDatabase database = new NoDatabase();
    assertThatThrownBy(() -> JdbcTokenStores.builder(database).table(table))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table must be");
    assertThat(database.connections).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nestauth_session", "Sessions2", "_sessions", "auth.sessions",
      "a23456789012345678901234567890123456789012345678901234567890123"})
  void aPlainIdentifierIsTheTable(String table) {
    assertThat(JdbcTokenStores.builder(new NoDatabase()).table(table).build().table()).isEqualTo(table);
  }

  @Test
  void nullsAndBadKeysAreRefusedWithoutNamingTheKey() {
    NoDatabase database = new NoDatabase();
    JdbcTokenStores stores = JdbcTokenStores.builder(database).build();
    assertThatThrownBy(() -> JdbcTokenStores.builder(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcTokenStores.builder(database).table(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.forKey(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.forKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.forKey("x".repeat(JdbcTokenStores.MAX_KEY_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("xx");
    assertThatThrownBy(() -> stores.forKey("user\n42")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("user");
    assertThatThrownBy(() -> stores.forKey("user\u000042")).isInstanceOf(IllegalArgumentException.class);
    assertThat(stores.forKey("x".repeat(JdbcTokenStores.MAX_KEY_LENGTH)).key()).hasSize(JdbcTokenStores.MAX_KEY_LENGTH);
    assertThatThrownBy(() -> stores.forKey(KEY).save(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(database.connections).as("nothing reached the database").hasValue(0);
  }

  @Test
  void durationsAreCheckedAndTheLockTimeoutOutlastsTheLeaseByDefault() {
    JdbcTokenStores.Builder builder = JdbcTokenStores.builder(new NoDatabase());
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999),
        Duration.ofMinutes(61)}) {
      assertThatThrownBy(() -> builder.lease(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> builder.lockTimeout(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.queryTimeout(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    JdbcTokenStores defaults = JdbcTokenStores.builder(new NoDatabase()).build();
    assertThat(defaults.table()).isEqualTo("nestauth_session");
    assertThat(defaults.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(JdbcTokenStores.builder(new NoDatabase()).lease(Duration.ofSeconds(5)).build().lockTimeout())
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(JdbcTokenStores.builder(new NoDatabase()).lockTimeout(Duration.ofSeconds(3)).build().lockTimeout())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void descriptionsNameTheTableButNeitherKeyNorToken() {
    JdbcTokenStores stores = JdbcTokenStores.builder(new NoDatabase()).table("auth.sessions").build();
    assertThat(stores.forKey(KEY).toString()).contains("auth.sessions").doesNotContain(KEY);
    assertThat(stores.toString()).contains("auth.sessions");
  }

  @Test
  void aDatabaseThatCannotBeReachedFailsSavesClearsAndLocksAndReadsAsSignedOut() {
    NoDatabase database = new NoDatabase();
    JdbcTokenStore store = JdbcTokenStores.builder(database).build().forKey(KEY);
    StoredTokens tokens = new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null);
    AtomicBoolean ran = new AtomicBoolean();

    assertThat(store.load()).isEmpty();
    Throwable save = catchThrowable(() -> store.save(tokens));
    Throwable clear = catchThrowable(store::clear);
    Throwable lock = catchThrowable(() -> store.withRefreshLock(() -> ran.getAndSet(true)));

    assertThat(save).isInstanceOf(TokenStoreException.class)
        .hasMessage("cannot save the tokens (table nestauth_session): no connection to the database (SQLState 08001)");
    assertThat(clear).isInstanceOf(TokenStoreException.class).hasMessageStartingWith("cannot clear the tokens");
    assertThat(lock).isInstanceOf(TokenStoreException.class).hasMessageStartingWith("cannot take the refresh lock");
    assertThat(ran).isFalse();
    for (Throwable failure : new Throwable[] {save, clear, lock}) {
      assertThat(failure.getCause()).isInstanceOf(SQLException.class)
          .hasMessageContaining(SQLTransientConnectionException.class.getName()).hasMessageContaining("08001");
      assertThat(((SQLException) failure.getCause()).getSQLState()).isEqualTo("08001");
      assertThat(failure.getCause().getStackTrace()).as("where the driver failed").isNotEmpty();
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause)).doesNotContain(DRIVER_MESSAGE, "s3cret", KEY);
      }
    }
    assertThat(database.connections).hasValue(4);
  }

  @Test
  void aDataSourceThatThrowsSomethingElseIsAFailureOfTheStoreToo() {
    DataSource broken = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          throw new IllegalStateException(DRIVER_MESSAGE);
        });
    JdbcTokenStore store = JdbcTokenStores.builder(broken).build().forKey(KEY);

    assertThat(store.load()).isEmpty();
    assertThatThrownBy(store::clear).isInstanceOf(TokenStoreException.class)
        .hasMessage("cannot clear the tokens (table nestauth_session): IllegalStateException")
        .satisfies(failure -> assertThat(failure.getCause()).hasMessageNotContaining("s3cret"));
  }

  @Test
  void theSchemaIsTheShippedResourceWithTheTablesName() {
    String custom = JdbcTokenStores.builder(new NoDatabase()).table("auth.sessions").build().schemaSql();
    String shipped = JdbcTokenStores.builder(new NoDatabase()).build().schemaSql();
    assertThat(shipped).contains("CREATE TABLE IF NOT EXISTS nestauth_session (");
    assertThat(custom).isEqualTo(shipped.replace("nestauth_session", "auth.sessions"));
  }

  /** A database whose every connection attempt fails as a driver's does when the server is down. */
  private static final class NoDatabase implements DataSource {
    final AtomicInteger connections = new AtomicInteger();

    @Override
    public Connection getConnection() throws SQLException {
      connections.incrementAndGet();
      throw new SQLTransientConnectionException(DRIVER_MESSAGE, "08001",
          new java.net.ConnectException("Connection refused, " + DRIVER_MESSAGE));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
