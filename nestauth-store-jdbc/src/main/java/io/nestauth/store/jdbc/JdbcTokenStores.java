package io.nestauth.store.jdbc;

import io.nestauth.client.exception.TokenStoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The sessions of one table, over one {@link DataSource}: make one for the whole service and ask it
 * for each end user's store with {@link #forKey(String)}.
 *
 * <pre>{@code
 * JdbcTokenStores sessions = JdbcTokenStores.builder(dataSource)   // your pool
 *     .table("nestauth_session")                                  // the default
 *     .build();
 * sessions.createTableIfMissing();                                 // or run schemaSql() your own way
 *
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .tokenStore(sessions.forKey(userId))                         // your own key for this session
 *     .build();
 * }</pre>
 *
 * <p>Every operation borrows a connection from the data source for one or two statements, each
 * committed on its own (auto-commit), and gives it back at once; no connection is held while a
 * refresh talks to the server. Give it a plain data source (a pool), not one bound to your
 * application's transactions: the store's writes must be committed when it returns.
 *
 * <p>Immutable and thread-safe, as is every store it hands out.
 */
public final class JdbcTokenStores {
  /** The table's name unless {@link Builder#table(String)} says otherwise. */
  public static final String DEFAULT_TABLE = Statements.DEFAULT_TABLE;
  /** How long a refresh lock is held at most unless {@link Builder#lease(Duration)} says otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** How long a waiting refresh waits beyond the lease, unless {@link Builder#lockTimeout(Duration)} is set. */
  static final Duration LOCK_TIMEOUT_BEYOND_LEASE = Duration.ofSeconds(10);
  /** How long one statement may take unless {@link Builder#queryTimeout(Duration)} says otherwise. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
  /** The longest lease accepted: a refresh is one HTTP call, and a dead holder blocks the others this long. */
  static final Duration MAX_LEASE = Duration.ofHours(1);
  /** The longest key accepted, as long as the table's {@code session_key} column. */
  public static final int MAX_KEY_LENGTH = 255;

  private final DataSource dataSource;
  private final Statements sql;
  private final Duration lease;
  private final Duration lockTimeout;
  private final int queryTimeoutSeconds;

  private JdbcTokenStores(Builder builder) {
    this.dataSource = builder.dataSource;
    this.lease = builder.lease;
    this.lockTimeout = builder.lockTimeout != null ? builder.lockTimeout : lease.plus(LOCK_TIMEOUT_BEYOND_LEASE);
    this.sql = new Statements(builder.table, lease);
    // JDBC counts whole seconds; a part of a second counts as one more
    this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE,
        (builder.queryTimeout.toMillis() + 999) / 1000);
  }

  /**
   * Starts the settings of the sessions kept through {@code dataSource}.
   *
   * @param dataSource where the table is; a pool in a service. Without a pool (a test, a tool), the
   *     driver's own simple data source does: PostgreSQL's {@code PGSimpleDataSource}, H2's
   *     {@code JdbcDataSource}, each given the URL, user and password
   * @return a builder with the defaults
   * @throws IllegalArgumentException when {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    return new Builder(dataSource);
  }

  /**
   * The store of one session: the row whose key is {@code key}. Cheap: make one per end user (or
   * per client) whenever needed; every store object over the same key shares the same session and
   * the same refresh lock, in this process and every other.
   *
   * @param key your own name for the session, such as your user's or your web session's id: 1 to
   *     {@value #MAX_KEY_LENGTH} characters, no control characters. It is stored in clear and never
   *     put into an exception message or a log line
   * @return the store of that session
   * @throws IllegalArgumentException when {@code key} is null, empty, too long or holds a control
   *     character
   */
  public JdbcTokenStore forKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be null or empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("key must be at most " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw new IllegalArgumentException("key must not contain control characters");
      }
    }
    return new JdbcTokenStore(this, key);
  }

  /**
   * The table's SQL as this module ships it ({@code io/nestauth/store/jdbc/schema.sql}), for this
   * table's name: one {@code CREATE TABLE IF NOT EXISTS} statement that PostgreSQL and H2 run as it
   * is. Put it into your migrations, or let {@link #createTableIfMissing()} run it.
   *
   * @return the statement
   */
  public String schemaSql() {
    return Statements.schema(sql.table);
  }

  /**
   * Creates the table when it does not exist yet ({@link #schemaSql()}); leaves an existing one as it is.
   * Safe to call from every instance of a service at start-up, also at the same moment.
   *
   * @throws TokenStoreException when the statement fails (no connection, no permission to create
   *     tables, a database that does not take the SQL)
   */
  public void createTableIfMissing() {
    String schema = schemaSql();
    try {
      run(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout(queryTimeoutSeconds);
          statement.execute(schema);
        }
        return null;
      });
    } catch (SQLException | RuntimeException e) {
      // PostgreSQL lets two CREATE TABLE IF NOT EXISTS that meet fail one of them: instances that
      // start together are fine as long as the table is there afterwards
      if (!tableExists()) {
        throw failure("create the table", e);
      }
    }
  }

  private boolean tableExists() {
    try {
      return run(connection -> {
        try (PreparedStatement probe = prepare(connection, "SELECT 1 FROM " + sql.table + " WHERE 1 = 0")) {
          probe.executeQuery().close();
          return true;
        }
      });
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** @return the table's name */
  public String table() {
    return sql.table;
  }

  /** @return how long a refresh lock is held at most */
  public Duration lease() {
    return lease;
  }

  /** @return how long a refresh waits for the lock before it fails */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  DataSource dataSource() {
    return dataSource;
  }

  Statements sql() {
    return sql;
  }

  /** Work on a connection; the statements it prepares come from {@link #prepare}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection of its own in auto-commit mode, so each statement is committed
   * when it returns, and gives the connection back with the mode it had.
   */
  <T> T run(SqlWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (connection == null) {
        throw new SQLException("the data source returned no connection");
      }
      boolean autoCommit = connection.getAutoCommit();
      if (!autoCommit) {
        connection.setAutoCommit(true);
      }
      try {
        return work.run(connection);
      } finally {
        if (!autoCommit) {
          connection.setAutoCommit(false);
        }
      }
    }
  }

  /** A statement whose time is bounded, so that a hung database fails the operation instead of blocking it. */
  PreparedStatement prepare(Connection connection, String statement) throws SQLException {
    PreparedStatement prepared = connection.prepareStatement(statement);
    prepared.setQueryTimeout(queryTimeoutSeconds);
    return prepared;
  }

  /** The failure of an operation: names it and the table, never a key or a token. */
  TokenStoreException failure(String operation, Throwable cause) {
    return new TokenStoreException("cannot " + operation + " (table " + sql.table + "): "
        + DatabaseFailure.reason(cause), DatabaseFailure.of(cause));
  }

  @Override
  public String toString() {
    return "JdbcTokenStores[table=" + sql.table + ", lease=" + lease.toMillis() + " ms, lockTimeout="
        + lockTimeout.toMillis() + " ms]";
  }

  /** The settings; each is checked when it is set, before any statement runs. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration lease = DEFAULT_LEASE;
    private Duration lockTimeout;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The table that holds the sessions ({@value JdbcTokenStores#DEFAULT_TABLE} by default), with the
     * columns of {@link JdbcTokenStores#schemaSql()}.
     *
     * @param table an unquoted SQL identifier, optionally schema-qualified ({@code auth.sessions});
     *     it becomes part of the SQL text, so nothing else is accepted
     * @return this builder
     * @throws IllegalArgumentException when {@code table} is not such an identifier
     */
    public Builder table(String table) {
      this.table = Statements.requireIdentifier(table);
      return this;
    }

    /**
     * How long a refresh holds the lock at most (30 s by default). Longer than a refresh takes: a
     * holder whose lease runs out before it saves cannot save (its refresh fails, the session is
     * kept), while another client may take the lock. Also how long the others wait when a holder
     * dies without releasing the lock. Counted by the database's clock, to the millisecond.
     *
     * @param lease at least 1 ms and at most one hour
     * @return this builder
     * @throws IllegalArgumentException when {@code lease} is null or out of range
     */
    public Builder lease(Duration lease) {
      if (lease == null || lease.toMillis() < 1 || lease.compareTo(MAX_LEASE) > 0) {
        throw new IllegalArgumentException("lease must be at least 1 ms and at most " + MAX_LEASE.toMinutes()
            + " minutes");
      }
      this.lease = lease;
      return this;
    }

    /**
     * How long a refresh waits for another client's refresh before it fails as a transient failure
     * (the session is kept). By default the lease plus 10 s, so that a waiter outlasts the lease of
     * a holder that died.
     *
     * @param lockTimeout positive
     * @return this builder
     * @throws IllegalArgumentException when {@code lockTimeout} is null, zero or negative
     */
    public Builder lockTimeout(Duration lockTimeout) {
      if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
        throw new IllegalArgumentException("lockTimeout must be positive");
      }
      this.lockTimeout = lockTimeout;
      return this;
    }

    /**
     * How long one statement may run (10 s by default), in whole seconds as JDBC counts them (a part
     * of a second counts as one more): a database that does not answer fails the operation instead
     * of blocking it.
     *
     * @param queryTimeout positive
     * @return this builder
     * @throws IllegalArgumentException when {@code queryTimeout} is null, zero or negative
     */
    public Builder queryTimeout(Duration queryTimeout) {
      if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
        throw new IllegalArgumentException("queryTimeout must be positive");
      }
      this.queryTimeout = queryTimeout;
      return this;
    }

    /**
     * Makes the factory. Runs no statement: the table is first used by the stores.
     *
     * @return the factory
     */
    public JdbcTokenStores build() {
      return new JdbcTokenStores(this);
    }
  }
}
