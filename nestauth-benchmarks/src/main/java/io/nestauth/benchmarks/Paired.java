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
 * doing (a shared 2-core box) hits both sides alike: each block pair gives one ratio, and the median of
 * those ratios is robust where separate JMH forks minutes apart are not. Complements JMH (section 1–2 of
 * the report), it does not replace it.
 */
public final class Paired {
  /** A call to measure; it must throw on a wrong answer. */
  @FunctionalInterface
  public interface Call {
    Object call() throws Exception;
  }

  /**
   * @param sdkP50 median of all SDK calls, µs
   * @param rawP50 median of all raw calls, µs
   * @param ratios per block pair: SDK median / raw median
   * @param sdkCpu CPU time of the calling thread per SDK call, µs (client work only: the server is on other threads)
   * @param rawCpu the same for raw
   */
  public record Latency(double sdkP50, double sdkP90, double sdkP99, double rawP50, double rawP90, double rawP99,
      List<Double> ratios, double sdkCpu, double rawCpu, int blocks, int callsPerBlock) {
  }

  /**
   * @param sdkOps SDK calls per second, per round
   * @param rawOps raw calls per second, per round
   * @param ratios SDK/raw per round
   * @param sdkCpu process CPU µs per SDK call (client + server + JVM), per round
   */
  public record Throughput(int threads, List<Double> sdkOps, List<Double> rawOps, List<Double> ratios,
      List<Double> sdkCpu, List<Double> rawCpu) {
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

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
    long sdkCpu = 0;
    long rawCpu = 0;
    List<Double> ratios = new ArrayList<>();
    for (int block = 0; block < blocks; block++) {
      int offset = block * callsPerBlock;
      long sdkCpuUsed;
      long rawCpuUsed;
      if (block % 2 == 0) {
        sdkCpuUsed = timeBlock(sdk, sdkTimes, offset, callsPerBlock);
        rawCpuUsed = timeBlock(raw, rawTimes, offset, callsPerBlock);
      } else {
        rawCpuUsed = timeBlock(raw, rawTimes, offset, callsPerBlock);
        sdkCpuUsed = timeBlock(sdk, sdkTimes, offset, callsPerBlock);
      }
      sdkCpu += sdkCpuUsed;
      rawCpu += rawCpuUsed;
      ratios.add(percentile(Arrays.copyOfRange(sdkTimes, offset, offset + callsPerBlock), 50)
          / percentile(Arrays.copyOfRange(rawTimes, offset, offset + callsPerBlock), 50));
    }
    int calls = blocks * callsPerBlock;
    return new Latency(percentile(sdkTimes, 50) / 1e3, percentile(sdkTimes, 90) / 1e3, percentile(sdkTimes, 99) / 1e3,
        percentile(rawTimes, 50) / 1e3, percentile(rawTimes, 90) / 1e3, percentile(rawTimes, 99) / 1e3,
        ratios, sdkCpu / 1e3 / calls, rawCpu / 1e3 / calls, blocks, callsPerBlock);
  }

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
   * Throughput with {@code threads} threads sharing each client: windows of {@code windowMillis} alternate
   * between SDK and raw ({@code rounds} pairs, the order flipping each round) after {@code warmupMillis}
   * of both.
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
    // warm-up: both sides, alternating quickly
    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    while (System.nanoTime() < warmupEnd) {
      phase.set(phase.get() == 0 ? 1 : 0);
      Thread.sleep(100);
    }
    List<Double> sdkOps = new ArrayList<>();
    List<Double> rawOps = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> sdkCpu = new ArrayList<>();
    List<Double> rawCpu = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double[] ops = new double[2];
      double[] cpu = new double[2];
      int first = round % 2;
      for (int side : new int[] {first, 1 - first}) {
        phase.set(side);
        Thread.sleep(20); // let calls of the other side drain
        long count = done[side].sum();
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        Thread.sleep(windowMillis);
        long calls = done[side].sum() - count;
        double seconds = (System.nanoTime() - start) / 1e9;
        ops[side] = calls / seconds;
        cpu[side] = calls == 0 ? Double.NaN : (OS.getProcessCpuTime() - cpuStart) / 1e3 / calls;
      }
      sdkOps.add(ops[0]);
      rawOps.add(ops[1]);
      ratios.add(ops[0] / ops[1]);
      sdkCpu.add(cpu[0]);
      rawCpu.add(cpu[1]);
    }
    phase.set(2);
    stopped.await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " calls failed during the paired throughput run");
    }
    return new Throughput(threads, sdkOps, rawOps, ratios, sdkCpu, rawCpu);
  }

  static double percentile(long[] values, double percentile) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
