package io.nestauth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fork of the paired measurement ({@link Paired}): a fresh JVM that runs the paired latency of both
 * calls, the paired throughput at 1, 8 and 64 threads and the phase split of both calls
 * ({@link CallPhases}), and writes the results as JSON for
 * {@link BenchMain} to pool. Several forks, like JMH's, so that one JVM's compilation luck does not
 * decide a ratio; the second fork runs everything in the reverse order.
 *
 * <p>Arguments: the output file and {@code forward} or {@code reverse}.
 */
public final class PairedMain {
  /** What one fork measured. */
  public record Result(String order, String loadBefore, String loadAfter, Paired.Latency me, Paired.Latency login,
      Paired.Latency loginThenMfaState, List<Paired.Throughput> throughput, List<CallPhases.Split> phases) {
  }

  private PairedMain() {
  }

  /** @return warm-up calls of each side before the latency blocks */
  static int warmupCalls(boolean quick) {
    return quick ? 2000 : 20000;
  }

  /** @return milliseconds of each throughput window */
  static int windowMillis(boolean quick) {
    return quick ? 200 : 500;
  }

  /** @return milliseconds of throughput warm-up per thread count */
  static int throughputWarmupMillis(boolean quick) {
    return quick ? 1000 : 3000;
  }

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    boolean forward = "forward".equals(args[1]);
    boolean quick = Boolean.getBoolean("nestauth.bench.quick");
    int warmup = warmupCalls(quick);
    int blocks = quick ? 6 : 80;
    int block = quick ? 100 : 300;
    ClientBenchmarks bench = new ClientBenchmarks();
    bench.proactiveSkew = "none";
    bench.setUp();
    try {
      String loadBefore = BenchMain.loadAverage();
      Paired.Latency me;
      Paired.Latency login;
      Paired.Latency loginThenMfaState;
      if (forward) {
        me = Paired.latency(bench::sdkGetSessionUser, bench::rawGetSessionUser, warmup, blocks, block);
        login = Paired.latency(bench::sdkLogin, bench::rawLogin, warmup, blocks, block);
        loginThenMfaState = Paired.latency(bench::sdkLoginThenMfaState, bench::rawLogin, warmup, blocks, block);
      } else {
        loginThenMfaState = Paired.latency(bench::sdkLoginThenMfaState, bench::rawLogin, warmup, blocks, block);
        login = Paired.latency(bench::sdkLogin, bench::rawLogin, warmup, blocks, block);
        me = Paired.latency(bench::sdkGetSessionUser, bench::rawGetSessionUser, warmup, blocks, block);
      }
      List<Paired.Throughput> throughput = new ArrayList<>();
      int[] threadCounts = forward ? new int[] {1, 8, 64} : new int[] {64, 8, 1};
      for (int threads : threadCounts) {
        throughput.add(Paired.throughput(bench::sdkGetSessionUser, bench::rawGetSessionUser, threads,
            throughputWarmupMillis(quick), quick ? 2 : 16, windowMillis(quick)));
      }
      // last, on its own server and clients: the event listener it needs stays out of the runs above
      List<CallPhases.Split> phases = CallPhases.measure(forward, warmup, blocks / 2, block);
      Result result = new Result(forward ? "forward" : "reverse", loadBefore, BenchMain.loadAverage(), me, login,
          loginThenMfaState, throughput, phases);
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), result);
    } finally {
      bench.tearDown();
    }
    // the paired throughput's worker threads are daemons, OkHttp's pool threads linger: leave now
    System.exit(0);
  }
}
