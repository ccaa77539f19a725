package io.nestauth.store.jdbc;

import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import io.nestauth.client.exception.TokenStoreException;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Types;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The session of one key, kept in one row of a table ({@link JdbcTokenStores#forKey(String)} makes
 * it). What a save writes, every process and machine that reads the row sees; the row also holds the
 * refresh lock.
 *
 * <ul>
 *   <li>{@link #load()} never throws: a missing row, a row without tokens, a database that cannot
 *       be reached, half a token pair and a token that is not a legal HTTP header value all read as
 *       signed out (a device-trust token that is not a legal header value is dropped, the rest
 *       kept), with a warning logged that names the table, never the key or a token.</li>
 *   <li>{@link #save} and {@link #clear()} write the row in one statement (creating it when
 *       needed), and throw {@link TokenStoreException} when the database does not take the change.
 *       A clear keeps the row, with no tokens, because it also holds the lock.</li>
 *   <li>{@link #withRefreshLock} takes a lease on the row: the row's {@code lock_owner} gets a
 *       random token of this holder and {@code lock_until} the database's {@code CURRENT_TIMESTAMP}
 *       plus the lease, in one atomic {@code UPDATE} that succeeds only when no running lease is
 *       there. Other holders (threads, processes, machines) retry with short sleeps until it is free
 *       or their lock timeout has passed. The lease is released when the refresh returns; a holder
 *       that dies leaves it to run out. Inside the lock, this thread's saves and clears succeed only
 *       while the lease is still its own and running: a holder that was paused past its lease and
 *       overtaken cannot overwrite the newer session. Nested calls on one thread run inside the
 *       outer lease.</li>
 *   <li>Thread-safe; immutable. Holds no connection between calls.</li>
 * </ul>
 */
public final class JdbcTokenStore implements TokenStore {
  private static final System.Logger LOG = System.getLogger(JdbcTokenStore.class.getName());
  /** The first sleep of a waiting holder; doubled on every try up to {@link #MAX_POLL_MILLIS}. */
  private static final long MIN_POLL_MILLIS = 5;
  private static final long MAX_POLL_MILLIS = 50;

  private final JdbcTokenStores stores;
  private final String key;
  private final HeldLeases.Row row;

  JdbcTokenStore(JdbcTokenStores stores, String key) {
    this.stores = stores;
    this.key = key;
    this.row = new HeldLeases.Row(stores.dataSource(), stores.table(), key);
  }

  /** @return the key of this store's session */
  public String key() {
    return key;
  }

  @Override
  public Optional<StoredTokens> load() {
    try {
      return stores.run(connection -> {
        try (PreparedStatement select = stores.prepare(connection, stores.sql().load)) {
          select.setString(1, key);
          try (ResultSet found = select.executeQuery()) {
            return found.next() ? plausible(text(found, 1), text(found, 2), found.getBoolean(3), text(found, 4))
                : Optional.<StoredTokens>empty();
          }
        }
      });
    } catch (SQLException | RuntimeException e) {
      warn("cannot read a session from table " + stores.table() + " (" + DatabaseFailure.reason(e)
          + "); treating it as signed out");
      return Optional.empty();
    }
  }

  /** A row's values as a state, when they make one; what is in the row is never logged. */
  private Optional<StoredTokens> plausible(String access, String refresh, boolean mfaPending, String trust) {
    return StoredTokens.fromStore(access, refresh, mfaPending, trust,
            why -> warn("a session in table " + stores.table() + " " + why))
        // a cleared row, or one that so far only held the lock
        .filter(tokens -> tokens.hasSession() || tokens.trustToken() != null);
  }

  /** A column's text; an empty string counts as absent, as in the file store. */
  private static String text(ResultSet row, int column) throws SQLException {
    String value = row.getString(column);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Inside {@link #withRefreshLock} on this thread, saves only while the lease is still this
   * holder's; otherwise replaces the row's tokens whoever holds the lock (a sign-in is not a refresh).
   *
   * @throws TokenStoreException when the database does not take the change, or when this thread's
   *     lease ran out and the session may have been refreshed by another client meanwhile; the row
   *     keeps what it held
   */
  @Override
  public void save(StoredTokens tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    write("save the tokens", tokens);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes the tokens and the device-trust token; the row stays, without tokens, because it
   * also holds the refresh lock. Inside {@link #withRefreshLock} on this thread, clears only while
   * the lease is still this holder's.
   *
   * @throws TokenStoreException when the database does not take the change, or this thread's lease
   *     ran out
   */
  @Override
  public void clear() {
    write("clear the tokens", null);
  }

  private void write(String operation, StoredTokens tokens) {
    String owner = HeldLeases.owner(row);
    int written;
    try {
      written = stores.run(connection -> owner != null ? update(connection, tokens, owner) : upsert(connection, tokens));
    } catch (SQLException | RuntimeException e) {
      throw stores.failure(operation, e);
    }
    if (owner != null && written == 0) {
      throw new TokenStoreException("cannot " + operation + " (table " + stores.table() + "): the refresh lock "
          + "ran out (its lease is " + stores.lease().toMillis() + " ms) and another client may have refreshed the "
          + "session meanwhile; nothing was written", null);
    }
  }

  /** Writes the tokens; with {@code owner}, only while the lease is that owner's and running. */
  private int update(Connection connection, StoredTokens tokens, String owner) throws SQLException {
    Statements sql = stores.sql();
    try (PreparedStatement update = stores.prepare(connection, owner != null ? sql.updateTokensWhileHolding
        : sql.updateTokens)) {
      int next = bindTokens(update, 1, tokens);
      update.setString(next, key);
      if (owner != null) {
        update.setString(next + 1, owner);
      }
      return update.executeUpdate();
    }
  }

  /** Replaces the row's tokens, creating the row when there is none; a clear creates nothing. */
  private int upsert(Connection connection, StoredTokens tokens) throws SQLException {
    int updated = update(connection, tokens, null);
    if (updated > 0 || tokens == null) {
      return updated;
    }
    try (PreparedStatement insert = stores.prepare(connection, stores.sql().insertTokens)) {
      insert.setString(1, key);
      bindTokens(insert, 2, tokens);
      return insert.executeUpdate();
    } catch (SQLException e) {
      if (!isDuplicate(e)) {
        throw e;
      }
      // another client created the row in between: it exists now
      return update(connection, tokens, null);
    }
  }

  /** Binds the four token columns from {@code first} on; null tokens clear them. @return the next index */
  private static int bindTokens(PreparedStatement statement, int first, StoredTokens tokens) throws SQLException {
    setText(statement, first, tokens == null ? null : tokens.accessToken());
    setText(statement, first + 1, tokens == null ? null : tokens.refreshToken());
    statement.setBoolean(first + 2, tokens != null && tokens.mfaPending());
    setText(statement, first + 3, tokens == null ? null : tokens.trustToken());
    return first + 4;
  }

  private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** A unique-key violation: SQLState class 23 (PostgreSQL says 23505, H2 throws the JDBC subtype). */
  private static boolean isDuplicate(SQLException e) {
    return e instanceof SQLIntegrityConstraintViolationException
        || e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes the row's lease (see the class description), runs {@code refresh} and releases the
   * lease, also when {@code refresh} throws. A release that fails is logged: the lease then runs out
   * by itself.
   *
   * @throws TokenStoreException when the lock is not free within the lock timeout, the database
   *     cannot be reached, or the thread is interrupted while it waits; {@code refresh} has not run
   */
  @Override
  public <T> T withRefreshLock(Supplier<T> refresh) {
    if (refresh == null) {
      throw new IllegalArgumentException("refresh must not be null");
    }
    String held = HeldLeases.owner(row);
    String owner = held != null ? held : take();
    HeldLeases.enter(row, owner);
    try {
      return refresh.get();
    } finally {
      if (HeldLeases.exit(row)) {
        release(owner);
      }
    }
  }

  /**
   * Waits for the lease, polling with short, growing, jittered sleeps (a release by a thread of this
   * process ends the sleep at once). @return the new owner token
   */
  private String take() {
    String owner = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + stores.lockTimeout().toNanos();
    for (int attempt = 0; ; attempt++) {
      boolean taken;
      try {
        taken = stores.run(connection -> tryTake(connection, owner));
      } catch (SQLException | RuntimeException e) {
        throw stores.failure("take the refresh lock", e);
      }
      if (taken) {
        return owner;
      }
      long leftNanos = deadline - System.nanoTime();
      if (leftNanos <= 0) {
        throw new TokenStoreException("another client held the refresh lock of a session in table "
            + stores.table() + " for longer than " + stores.lockTimeout().toMillis() + " ms; the refresh was not made",
            null);
      }
      long pause = Math.min(MAX_POLL_MILLIS, MIN_POLL_MILLIS << Math.min(attempt, 4));
      try {
        // Rounded up: a wait cut to whole milliseconds downwards would give up before the timeout.
        long leftMillis = (leftNanos + 999_999) / 1_000_000;
        HeldLeases.awaitRelease(row, Math.min(leftMillis, ThreadLocalRandom.current().nextLong(pause / 2, pause + 1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenStoreException("interrupted while waiting for the refresh lock of a session in table "
            + stores.table(), e);
      }
    }
  }

  /** One try: the lease when it is free, or the new row (with the lease) when there is no row yet. */
  private boolean tryTake(Connection connection, String owner) throws SQLException {
    Statements sql = stores.sql();
    try (PreparedStatement take = stores.prepare(connection, sql.take)) {
      take.setString(1, owner);
      take.setString(2, key);
      if (take.executeUpdate() > 0) {
        return true;
      }
    }
    try (PreparedStatement exists = stores.prepare(connection, sql.exists)) {
      exists.setString(1, key);
      try (ResultSet found = exists.executeQuery()) {
        if (found.next()) {
          return false; // held by another
        }
      }
    }
    try (PreparedStatement insert = stores.prepare(connection, sql.insertTaken)) {
      insert.setString(1, key);
      insert.setString(2, owner);
      return insert.executeUpdate() > 0;
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        return false; // another client created the row first, and holds it
      }
      throw e;
    }
  }

  private void release(String owner) {
    try {
      stores.run(connection -> {
        try (PreparedStatement release = stores.prepare(connection, stores.sql().release)) {
          release.setString(1, key);
          release.setString(2, owner);
          return release.executeUpdate();
        }
      });
    } catch (SQLException | RuntimeException e) {
      warn("cannot release the refresh lock of a session in table " + stores.table() + " ("
          + DatabaseFailure.reason(e) + "); it runs out by itself after " + stores.lease().toMillis() + " ms");
    }
    HeldLeases.released(row);
  }

  @Override
  public boolean coordinatesRefresh() {
    return true;
  }

  private static void warn(String message) {
    LOG.log(Level.WARNING, message);
  }

  /** Names the table only: the key is often a user's id. */
  @Override
  public String toString() {
    return "JdbcTokenStore[table=" + stores.table() + "]";
  }
}
