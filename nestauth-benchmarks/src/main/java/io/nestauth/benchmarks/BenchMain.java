package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;
import io.nestauth.testkit.ReferenceBackend;
import io.nestauth.testfixtures.TestUser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one performance run: SDK against raw OkHttp + Jackson on the in-process fake server (latency,
 * throughput) and on the real reference backend (latency), the refresh storm, cold start, the
 * footprint and the shared-session stores. Writes {@code summary.md} to {@code -Dnestauth.bench.out}
 * and prints it. Exits 1 when a part fails or a promise breaks (not exactly one refresh in a storm, a
 * refresh token presented twice, footprint over budget).
 *
 * <p>Run it with {@code mvn -q -pl nestauth-benchmarks -am package -Dmaven.test.skip -Pbench}, some
 * parts only with {@code -Dnestauth.bench.parts=stores} (names: fake, reference, storm, coldstart,
 * footprint, stores).
 */
public final class BenchMain {
  private final StringBuilder report = new StringBuilder();
  private boolean broken;

  private BenchMain() {
  }

  /**
   * Runs everything and exits.
   *
   * @param args none
   * @throws IOException when the summary cannot be written
   */
  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    Path out = Path.of(System.getProperty("nestauth.bench.out", "target/benchmarks")).toAbsolutePath();
    Path classpathFile = Path.of(System.getProperty("nestauth.bench.clientClasspath", "target/client-runtime-classpath.txt"));
    Path classes = Path.of(System.getProperty("nestauth.bench.classes", "target/classes"));
    BenchMain main = new BenchMain();
    main.report.append(String.format("# nestauth-java performance run, %s%n%n%d CPUs, %s %s, load average (1 min) at the start %s%n%n",
        LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), loadAverage()));
    // -Dnestauth.bench.parts=stores (comma-separated names) runs some of the parts; "all" by default
    List<String> parts = List.of(System.getProperty("nestauth.bench.parts", "all").split(","));
    main.part(parts, "fake", "fake server", main::fakeServer);
    main.part(parts, "reference", "reference backend", main::referenceBackend);
    main.part(parts, "storm", "refresh storm", main::storm);
    main.part(parts, "coldstart", "cold start", () -> main.coldStart(ColdStart.childClasspath(classes, classpathFile)));
    main.part(parts, "footprint", "footprint", () -> main.footprint(classpathFile));
    main.part(parts, "stores", "shared-session stores", main::sharedSessionStores);
    main.report.append(String.format("%nLoad average (1 min) at the end %s. BenchMain took %.1f min (the Maven build before it not included).%n",
        loadAverage(), (System.nanoTime() - start) / 60e9));
    Files.createDirectories(out);
    Path summary = out.resolve("summary.md");
    Files.writeString(summary, main.report.toString(), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(main.report);
    System.out.println("written: " + summary);
    // OkHttp's pool threads and the throughput workers linger: leave now
    System.exit(main.broken ? 1 : 0);
  }

  /** SDK and raw against the fake server in this JVM: their own cost, undiluted by a server's work. */
  private void fakeServer() throws Exception {
    System.out.println("[1/6] in-process fake server: latency and throughput");
    try (FakeNestAuthServer server = FakeNestAuthServer.start();
        Clients clients = new Clients(server.baseUrl(), TestUser.EMAIL, TestUser.PASSWORD)) {
      int warmup = 20_000;
      int blocks = 40;
      int block = 250;
      Paired.Latency me = Paired.latency(clients::sdkMe, clients::rawMe, warmup, blocks, block);
      Paired.Latency login = Paired.latency(clients::sdkLogin, clients::rawLogin, warmup, blocks, block);
      report.append("## 1. In-process fake server: latency, one thread\n\n")
          .append(String.format("%,d warm-up calls of each side, then %d block pairs of %d calls, SDK and raw alternating.%n%n",
              warmup, blocks, block));
      latencyTable(me, login);
      report.append("## 2. In-process fake server: throughput of `GET /auth/me` (calls/s)\n\n")
          .append("N threads share each client; after 2 s of warm-up, 6 rounds of one 0.5 s window per side, alternating.\n\n")
          .append("| threads | SDK | raw | SDK/raw | per-round SDK/raw (IQR) |\n|---:|---:|---:|---:|---:|\n");
      for (int threads : new int[] {1, 8, 64}) {
        Paired.Throughput t = Paired.throughput(clients::sdkMe, clients::rawMe, threads, 2000, 6, 500);
        report.append(String.format("| %d | %,.0f | %,.0f | %.3f | %.3f–%.3f |%n", threads, t.sdkOps(), t.rawOps(), t.ratio(),
            t.ratioQ1(), t.ratioQ3()));
      }
      report.append('\n');
    }
  }

  /** SDK and raw against the real server: what a user's call costs, and the SDK's share of it. */
  private void referenceBackend() throws Exception {
    System.out.println("[2/6] reference backend (real @ackplus/nest-auth): latency");
    String email = "bench-" + UUID.randomUUID() + "@example.com";
    String password = "Bench-Passw0rd-1";
    try (ReferenceBackend backend = ReferenceBackend.start()) {
      try (NestAuthClient signup = NestAuthClient.builder().baseUrl(backend.baseUrl()).build()) {
        signup.signupWithEmail(email, password).execute();
      }
      try (Clients clients = new Clients(backend.baseUrl(), email, password)) {
        Paired.Latency me = Paired.latency(clients::sdkMe, clients::rawMe, 500, 20, 40);
        // one login per block: a login takes a server's password hash, and pairs of neighbours share the machine's mood
        Paired.Latency login = Paired.latency(clients::sdkLogin, clients::rawLogin, 20, 60, 1);
        report.append("## 3. Reference backend (real @ackplus/nest-auth 2.11.1 on Node.js, in-memory SQLite, same machine): latency, one thread\n\n")
            .append("After warm-up, 20 block pairs of 40 calls (`/auth/me`) and 60 pairs of single logins, SDK and raw alternating. "
                + "The server does the work here (a login hashes a password), on the same 2 cores as the client.\n\n");
        latencyTable(me, login);
      }
    }
  }

  private void latencyTable(Paired.Latency me, Paired.Latency login) {
    report.append("| call | SDK p50 | raw p50 | SDK/raw p50 (IQR) | client CPU per call, SDK / raw |\n")
        .append("|---|---:|---:|---:|---:|\n");
    latencyRow("`getSessionUserData()` (GET /auth/me)", me);
    latencyRow("`loginWithEmail()` (POST /auth/login)", login);
    report.append('\n');
  }

  private void latencyRow(String call, Paired.Latency l) {
    report.append(String.format("| %s | %s | %s | %.3f (%.3f–%.3f) | %.1f / %.1f µs |%n", call, time(l.sdkP50()),
        time(l.rawP50()), l.ratio(), l.ratioQ1(), l.ratioQ3(), l.sdkCpu(), l.rawCpu()));
  }

  /** @return microseconds as µs below 10 ms, else as ms */
  private static String time(double micros) {
    return micros < 10_000 ? String.format("%.0f µs", micros) : String.format("%.1f ms", micros / 1e3);
  }

  private void storm() throws Exception {
    System.out.println("[3/6] refresh storm");
    int rounds = 3;
    int calls = 1000;
    report.append(String.format("## 4. Refresh storm: %,d concurrent `getSessionUserData().executeAsync()`, fake server%n%n", calls))
        .append(String.format("Each round a fresh client; the stored access token is expired (answered `401 INVALID_TOKEN`) except in "
            + "the control, and `POST /auth/refresh-token` takes 10 ms. %d rounds per variant. Promise: exactly one refresh per round.%n%n", rounds))
        .append("| variant | refreshes per round | calls that met the 401 | calls OK | all done, median ms |\n")
        .append("|---|---|---|---:|---:|\n");
    try (FakeNestAuthServer server = FakeNestAuthServer.start(10)) {
      RefreshStorm.run(server, RefreshStorm.Variant.DEFAULT_DISPATCHER, 200); // warm-up, not counted
      for (RefreshStorm.Variant variant : RefreshStorm.Variant.values()) {
        List<RefreshStorm.Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          RefreshStorm.Round result = RefreshStorm.run(server, variant, calls);
          results.add(result);
          broken |= !result.ok();
        }
        report.append(String.format("| %s | %s | %s | %d/%d | %.0f |%n", variant.label(),
            join(results, r -> String.valueOf(r.refreshes())), join(results, r -> String.valueOf(r.rejected())),
            results.stream().mapToInt(RefreshStorm.Round::succeeded).sum(), rounds * calls,
            Stats.median(results.stream().map(RefreshStorm.Round::millis).toList())));
      }
    }
    report.append('\n');
  }

  private void coldStart(String classpath) throws Exception {
    int launches = 5;
    System.out.println("[4/6] cold start");
    ColdStart.Result result;
    try (FakeNestAuthServer server = FakeNestAuthServer.start()) {
      result = ColdStart.run(server.baseUrl(), classpath, launches);
    }
    report.append("## 5. Cold start: fresh JVM to first successful login (ms), fake server\n\n")
        .append(String.format("`java -cp <classes + the client's runtime jars> Main <baseUrl>`, no JVM options; one discarded launch "
            + "of each, then %d of each, alternating.%n%n", launches))
        .append("| | median | min–max |\n|---|---:|---:|\n")
        .append(String.format("| SDK | %.0f | %.0f–%.0f |%n", result.sdkMedian(), Stats.min(result.sdk()), Stats.max(result.sdk())))
        .append(String.format("| raw | %.0f | %.0f–%.0f |%n", result.rawMedian(), Stats.min(result.raw()), Stats.max(result.raw())))
        .append(String.format("| SDK/raw | %.2f | |%n%n", result.sdkMedian() / result.rawMedian()));
  }

  private void footprint(Path classpathFile) throws IOException {
    System.out.println("[5/6] footprint");
    List<Footprint.Entry> entries = Footprint.read(classpathFile);
    broken |= Footprint.total(entries) > Footprint.BUDGET_BYTES;
    report.append("## 6. Footprint: the runtime classpath of a user of nestauth-client\n\n").append(Footprint.table(entries));
  }

  private void sharedSessionStores() throws Exception {
    System.out.println("[6/6] shared-session stores");
    // the fleet members run on this JVM's classpath (compile scope: the stores, drivers and servers are provided)
    broken |= SharedSessionBench.run(report, System.getProperty("java.class.path"));
  }

  @FunctionalInterface
  private interface Part {
    void run() throws Exception;
  }

  /**
   * Runs one part when {@code selected} names it (or is "all"); a failure is written into the report
   * (and fails the command) without losing the others.
   */
  private void part(List<String> selected, String id, String name, Part part) {
    if (!selected.contains("all") && !selected.contains(id)) {
      return;
    }
    try {
      part.run();
    } catch (Exception | Error e) {
      broken = true;
      e.printStackTrace();
      report.append("\n**").append(name).append(" FAILED: ").append(e).append("**\n\n");
    }
  }

  /** @return the 1-minute load average: other processes on a shared machine disturb latency */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static <T> String join(List<T> values, java.util.function.Function<T, String> show) {
    return String.join(", ", values.stream().map(show).toList());
  }
}
