package io.nestauth.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of one table, built once from a validated table name. Every value travels as a parameter;
 * the only text put into a statement is the table name (checked by {@link #requireIdentifier}) and
 * the lease (a number this class formats).
 *
 * <p>Time is the database's: {@code CURRENT_TIMESTAMP} is read on the server, so the JVMs' clocks
 * never decide who holds the lease. {@code CURRENT_TIMESTAMP + INTERVAL 'n' SECOND} is standard SQL
 * that PostgreSQL and H2 both accept.
 */
final class Statements {
  /** The name of the table in the shipped schema, replaced by the configured one. */
  static final String DEFAULT_TABLE = "nestauth_session";
  static final String SCHEMA_RESOURCE = "schema.sql";
  /** An unquoted identifier, optionally with its schema; 63 characters is PostgreSQL's limit. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  final String table;
  final String load;
  final String updateTokens;
  final String updateTokensWhileHolding;
  final String insertTokens;
  final String take;
  final String exists;
  final String insertTaken;
  final String release;

  Statements(String table, Duration lease) {
    this.table = requireIdentifier(table);
    String leaseEnd = "CURRENT_TIMESTAMP + INTERVAL '" + seconds(lease) + "' SECOND";
    String setTokens = "access_token = ?, refresh_token = ?, mfa_pending = ?, trust_token = ?, "
        + "version = version + 1, updated_at = CURRENT_TIMESTAMP";
    load = "SELECT access_token, refresh_token, mfa_pending, trust_token FROM " + table + " WHERE session_key = ?";
    updateTokens = "UPDATE " + table + " SET " + setTokens + " WHERE session_key = ?";
    // fencing: a holder saves only while the lease is still its own and still running
    updateTokensWhileHolding = updateTokens + " AND lock_owner = ? AND lock_until > CURRENT_TIMESTAMP";
    insertTokens = "INSERT INTO " + table + " (session_key, access_token, refresh_token, mfa_pending, trust_token, "
        + "version, updated_at) VALUES (?, ?, ?, ?, ?, 1, CURRENT_TIMESTAMP)";
    // one atomic statement: of several takers only one sees the lease free
    take = "UPDATE " + table + " SET lock_owner = ?, lock_until = " + leaseEnd
        + " WHERE session_key = ? AND (lock_until IS NULL OR lock_until < CURRENT_TIMESTAMP)";
    exists = "SELECT 1 FROM " + table + " WHERE session_key = ?";
    insertTaken = "INSERT INTO " + table + " (session_key, mfa_pending, version, updated_at, lock_owner, lock_until)"
        + " VALUES (?, FALSE, 0, CURRENT_TIMESTAMP, ?, " + leaseEnd + ")";
    release = "UPDATE " + table + " SET lock_owner = NULL, lock_until = NULL WHERE session_key = ? AND lock_owner = ?";
  }

  /**
   * @throws IllegalArgumentException unless {@code table} is an unquoted SQL identifier, optionally
   *     schema-qualified (the name is put into statements as text, so nothing else may pass)
   */
  static String requireIdentifier(String table) {
    if (table == null || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table must be an unquoted SQL identifier (letters, digits and _, not "
          + "starting with a digit, at most 63 characters), optionally preceded by a schema and a dot");
    }
    return table;
  }

  /** The lease in seconds with milliseconds, as an interval literal takes it: {@code 30.000}. */
  private static String seconds(Duration lease) {
    long millis = lease.toMillis();
    return millis / 1000 + "." + String.format(Locale.ROOT, "%03d", millis % 1000);
  }

  /** The shipped schema, for {@code table}: the resource's text with its table name replaced. */
  static String schema(String table) {
    requireIdentifier(table);
    try (InputStream in = Statements.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + SCHEMA_RESOURCE + " is missing from the jar");
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return sql.replaceAll("\\b" + DEFAULT_TABLE + "\\b", Matcher.quoteReplacement(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
