package io.nestauth.store.jdbc;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The leases this thread holds, so that a call nested in a refresh (on the same thread, through
 * any store object over the same row) runs inside the lease instead of waiting for it, and a save
 * inside a refresh is made only while the lease is still this thread's.
 */
final class HeldLeases {
  /** A session's row: the database (by its data source), the table and the key. */
  record Row(DataSource dataSource, String table, String key) {
  }

  private static final class Held {
    private final String owner;
    private int depth = 1;

    private Held(String owner) {
      this.owner = owner;
    }
  }

  /** Empty maps are removed, so a thread that holds nothing keeps nothing. */
  private static final ThreadLocal<Map<Row, Held>> HELD = new ThreadLocal<>();
  /**
   * What a waiting thread of this process sleeps on, so that a release here wakes it at once instead
   * of after its sleep. A hint only, shared by rows whose names hash alike (a wake-up too many costs a
   * query) and blind to the data source: the database decides who holds the lease.
   */
  private static final Object[] RELEASES = new Object[64];

  static {
    for (int i = 0; i < RELEASES.length; i++) {
      RELEASES[i] = new Object();
    }
  }

  private HeldLeases() {
  }

  /** @return the owner token of this thread's lease on {@code row}, or null when it holds none */
  static String owner(Row row) {
    Map<Row, Held> held = HELD.get();
    Held lease = held == null ? null : held.get(row);
    return lease == null ? null : lease.owner;
  }

  /** Notes that this thread holds {@code row}'s lease as {@code owner}, or enters it once more. */
  static void enter(Row row, String owner) {
    Map<Row, Held> held = HELD.get();
    if (held == null) {
      held = new HashMap<>();
      HELD.set(held);
    }
    Held lease = held.get(row);
    if (lease == null) {
      held.put(row, new Held(owner));
    } else {
      lease.depth++;
    }
  }

  /** Sleeps up to {@code millis}, or until a thread of this process releases a lease on a row like {@code row}. */
  static void awaitRelease(Row row, long millis) throws InterruptedException {
    Object release = releaseOf(row);
    synchronized (release) {
      release.wait(Math.max(1, millis)); // wait(0) would wait for ever
    }
  }

  /** Wakes the threads of this process that wait for a row like {@code row}. */
  static void released(Row row) {
    Object release = releaseOf(row);
    synchronized (release) {
      release.notifyAll();
    }
  }

  private static Object releaseOf(Row row) {
    return RELEASES[(row.table() + '\n' + row.key()).hashCode() & (RELEASES.length - 1)];
  }

  /** @return true when this was the outermost hold, so that the lease is to be released */
  static boolean exit(Row row) {
    Map<Row, Held> held = HELD.get();
    Held lease = held.get(row);
    if (--lease.depth > 0) {
      return false;
    }
    held.remove(row);
    if (held.isEmpty()) {
      HELD.remove();
    }
    return true;
  }
}
