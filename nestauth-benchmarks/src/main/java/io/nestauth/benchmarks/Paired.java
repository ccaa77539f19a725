package io.nestauth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * SDK and raw measured in alternating short blocks in one JVM, so that whatever else the machine is
 * doing hits both sides alike: each block pair gives one ratio, and the median of those ratios holds
 * on a busy 2-core machine where runs minutes apart in separate JVMs do not.
 */
public final class Paired {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A call to measure; it must throw on a wrong answer. */
  @FunctionalInterface
  public interface Call {
    /**
     * Makes the call once.
     *
     * @return the answer (kept from being optimised away)
     * @throws Exception when the call fails
     */
    Object call() throws Exception;
  }

  /**
   * Single-thread latency.
   *
   * @param sdkP50 median of all SDK calls, µs
   * @param rawP50 median of all raw calls, µs
   * @param ratio median over the block pairs of SDK block median / raw block median
   * @param ratioQ1 first quartile of those ratios
   * @param ratioQ3 third quartile of those ratios
   * @param sdkCpu CPU time of the calling thread per SDK call, µs: the client's own work (a server
   *     runs on other threads or in another process)
   * @param rawCpu the same for raw
   * @param calls timed calls of each side
   */
  public record Latency(double sdkP50, double rawP50, double ratio, double ratioQ1, double ratioQ3, double sdkCpu,
      double rawCpu, int calls) {
  }

  /**
   * Throughput of N threads sharing each client.
   *
   * @param sdkOps SDK calls per second over all SDK windows
   * @param rawOps raw calls per second over all raw windows
   * @param ratioQ1 first quartile of the rounds' SDK/raw ratios
   * @param ratioQ3 third quartile of the rounds' SDK/raw ratios
   */
  public record Throughput(int threads, double sdkOps, double rawOps, double ratioQ1, double ratioQ3) {
    /** @return SDK/raw over all windows */
    public double ratio() {
      return sdkOps / rawOps;
    }
  }

  private Paired() {
  }

  /** Single-thread latency: {@code warmupCalls} of each interleaved, then {@code blocks} pairs of blocks. */
  public static Latency latency(Call sdk, Call raw, int warmupCalls, int blocks, int callsPerBlock) throws Exception {
    for (int i = 0; i < warmupCalls; i++) {
      sdk.call();
      raw.call();
    }
    long[] sdkTimes = new long[blocks * callsPerBlock];
    long[] rawTimes = new long[blocks * callsPerBlock];
    long[] cpu = new long[2];
    List<Double> ratios = new ArrayList<>();
    for (int block = 0; block < blocks; block++) {
      int offset = block * callsPerBlock;
      // SDK first in even pairs, raw first in odd ones
      if (block % 2 == 0) {
        cpu[0] += timeBlock(sdk, sdkTimes, offset, callsPerBlock);
        cpu[1] += timeBlock(raw, rawTimes, offset, callsPerBlock);
      } else {
        cpu[1] += timeBlock(raw, rawTimes, offset, callsPerBlock);
        cpu[0] += timeBlock(sdk, sdkTimes, offset, callsPerBlock);
      }
      ratios.add(percentile(Arrays.copyOfRange(sdkTimes, offset, offset + callsPerBlock), 50)
          / percentile(Arrays.copyOfRange(rawTimes, offset, offset + callsPerBlock), 50));
    }
    int calls = sdkTimes.length;
    return new Latency(percentile(sdkTimes, 50) / 1e3, percentile(rawTimes, 50) / 1e3, Stats.median(ratios),
        Stats.quartile(ratios, 1), Stats.quartile(ratios, 3), cpu[0] / 1e3 / calls, cpu[1] / 1e3 / calls, calls);
  }

  /** @return the CPU time the calling thread spent on the block, ns */
  private static long timeBlock(Call call, long[] times, int offset, int count) throws Exception {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      call.call();
      times[offset + i] = System.nanoTime() - start;
    }
    return THREADS.getCurrentThreadCpuTime() - cpuStart;
  }

  /**
   * Throughput with {@code threads} threads sharing each client: after {@code warmupMillis} of both,
   * {@code rounds} pairs of windows of {@code windowMillis}, SDK and raw alternating (the order
   * flipping each round).
   */
  public static Throughput throughput(Call sdk, Call raw, int threads, long warmupMillis, int rounds, long windowMillis)
      throws Exception {
    // phase: 0 = sdk, 1 = raw, 2 = stop
    AtomicInteger phase = new AtomicInteger(0);
    LongAdder[] done = {new LongAdder(), new LongAdder()};
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch stopped = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          int p;
          while ((p = phase.get()) != 2) {
            try {
              (p == 0 ? sdk : raw).call();
              done[p].increment();
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
        } finally {
          stopped.countDown();
        }
      }, "paired-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    while (System.nanoTime() < warmupEnd) {
      phase.set(phase.get() == 0 ? 1 : 0);
      Thread.sleep(100);
    }
    long[] calls = new long[2];
    long[] nanos = new long[2];
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double[] ops = new double[2];
      int first = round % 2;
      for (int side : new int[] {first, 1 - first}) {
        phase.set(side);
        Thread.sleep(20); // let calls of the other side drain
        long count = done[side].sum();
        long start = System.nanoTime();
        Thread.sleep(windowMillis);
        long windowCalls = done[side].sum() - count;
        long windowNanos = System.nanoTime() - start;
        calls[side] += windowCalls;
        nanos[side] += windowNanos;
        ops[side] = windowCalls / (windowNanos / 1e9);
      }
      ratios.add(ops[0] / ops[1]);
    }
    phase.set(2);
    stopped.await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " calls failed during the throughput run");
    }
    return new Throughput(threads, calls[0] / (nanos[0] / 1e9), calls[1] / (nanos[1] / 1e9),
        Stats.quartile(ratios, 1), Stats.quartile(ratios, 3));
  }

  static double percentile(long[] values, double percentile) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
