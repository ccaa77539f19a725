package io.nestauth.contract.fleet;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.TokenStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One process of a fleet sharing a session (see {@link SharedSessionFleetIT}): a client over the
 * shared store, {@code threads} threads reading the signed-in user for {@code millis}, then one
 * line {@code RESULT calls=… failures=… signOuts=… firstFailure=…} on stdout.
 *
 * <p>Arguments: base URL, store kind and its argument (see {@link #store}), threads, milliseconds,
 * pause between one thread's calls in milliseconds.
 */
public final class FleetMemberMain {
  static final String READY = "READY";
  static final String RESULT = "RESULT ";

  private FleetMemberMain() {
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    TokenStore store = store(args[1], args[2]);
    int threads = Integer.parseInt(args[3]);
    long millis = Long.parseLong(args[4]);
    long pause = Long.parseLong(args[5]);

    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger signOuts = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("none");
    AtomicReference<String> signOutReason = new AtomicReference<>("none");
    try (NestAuthClient auth = NestAuthClient.builder().baseUrl(baseUrl).tokenStore(store)
        .listener(event -> {
          if (event.type() == AuthEvent.Type.SIGNED_OUT) {
            signOuts.incrementAndGet();
            signOutReason.compareAndSet("none", event.signOutReason().map(Enum::name).orElse("?")
                + " after " + calls + " calls at " + java.time.Instant.now());
          }
        }).build()) {
      System.out.println(READY);
      System.out.flush();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread worker = new Thread(() -> {
          while (System.nanoTime() < end) {
            try {
              auth.getSessionUserData().execute();
              calls.incrementAndGet();
            } catch (RuntimeException e) {
              failures.incrementAndGet();
              firstFailure.compareAndSet("none", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    System.out.println(RESULT + "calls=" + calls + " failures=" + failures + " signOuts=" + signOuts
        + " signOutReason=" + signOutReason + " firstFailure=" + firstFailure.get().replace('\n', ' '));
    System.out.flush();
  }

  /** The session key every member of a database or Redis fleet shares. */
  static final String SESSION_KEY = "fleet-session";

  /**
   * The member's store: {@code file <path>}, {@code postgres <jdbc url>} (user {@code postgres}, no
   * password, no pool: one connection per statement) or {@code redis <host:port>}.
   */
  static TokenStore store(String kind, String argument) {
    switch (kind) {
      case "file":
        return new FileTokenStore(Path.of(argument));
      case "postgres":
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(argument);
        dataSource.setUser("postgres");
        return io.nestauth.store.jdbc.JdbcTokenStores.builder(dataSource).build().forKey(SESSION_KEY);
      case "redis":
        String[] hostAndPort = argument.split(":");
        return io.nestauth.store.redis.RedisTokenStores.builder(hostAndPort[0], Integer.parseInt(hostAndPort[1]))
            .build().forKey(SESSION_KEY);
      default:
        throw new IllegalArgumentException("unknown store kind " + kind);
    }
  }
}
