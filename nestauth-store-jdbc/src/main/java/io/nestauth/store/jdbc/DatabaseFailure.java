package io.nestauth.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * A database failure as the cause of a {@code TokenStoreException}, without the driver's message:
 * drivers quote the values of a statement in their messages (H2 puts a value that is too long for
 * its column into the message, PostgreSQL the key of a duplicate row), and those values are tokens
 * and the app's session keys. What is kept is enough to diagnose: the original exception's type,
 * its SQLState and vendor code, its stack trace, and its causes treated the same way.
 */
final class DatabaseFailure extends SQLException {
  private static final long serialVersionUID = 1L;
  /** How many causes deep the chain is copied; real chains are two or three long. */
  private static final int MAX_DEPTH = 8;

  private DatabaseFailure(Throwable original) {
    super(original.getClass().getName() + describe(original)
        + " (the driver's message is left out: it can quote the stored values)",
        original instanceof SQLException ? ((SQLException) original).getSQLState() : null,
        original instanceof SQLException ? ((SQLException) original).getErrorCode() : 0);
    setStackTrace(original.getStackTrace());
  }

  static DatabaseFailure of(Throwable original) {
    return of(original, 0);
  }

  private static DatabaseFailure of(Throwable original, int depth) {
    DatabaseFailure copy = new DatabaseFailure(original);
    Throwable cause = original.getCause();
    if (cause != null && cause != original && depth < MAX_DEPTH) {
      copy.initCause(of(cause, depth + 1));
    }
    return copy;
  }

  private static String describe(Throwable e) {
    if (!(e instanceof SQLException)) {
      return "";
    }
    SQLException sql = (SQLException) e;
    return sql.getSQLState() == null ? "" : ": SQLState " + sql.getSQLState() + ", vendor code " + sql.getErrorCode();
  }

  /**
   * A reason for a message, from what the failure's type and SQLState say; never the driver's
   * message.
   */
  static String reason(Throwable e) {
    if (e instanceof SQLTimeoutException) {
      return "the statement timed out";
    }
    if (!(e instanceof SQLException) || ((SQLException) e).getSQLState() == null) {
      return e.getClass().getSimpleName();
    }
    String state = ((SQLException) e).getSQLState();
    if (state.startsWith("08")) {
      return "no connection to the database (SQLState " + state + ")";
    }
    switch (state) {
      case "42P01": // PostgreSQL: undefined_table
      case "42S02": // H2 and others: table not found
      case "42S04":
        return "the table does not exist; create it with the SQL this module ships (SQLState " + state + ")";
      case "57014": // PostgreSQL: query_canceled, which a query timeout causes
        return "the statement timed out (SQLState " + state + ")";
      default:
        return e.getClass().getSimpleName() + ", SQLState " + state;
    }
  }
}
