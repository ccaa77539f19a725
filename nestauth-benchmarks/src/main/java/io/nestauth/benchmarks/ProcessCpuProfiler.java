package io.nestauth.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * CPU time of the benchmark JVM per operation ({@code cpu.process.norm}, µs/op): the client, the
 * in-process server, JIT and GC together. Unlike latency it barely moves when other processes
 * compete for the cores, so SDK − raw of this number is the SDK's own CPU cost per call.
 * Use with {@code addProfiler(ProcessCpuProfiler.class)}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long before;

  @Override
  public String getDescription() {
    return "process CPU time per operation (client + in-process server + JVM threads)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = OS.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = OS.getProcessCpuTime() - before;
    long ops = result.getMetadata().getAllOps();
    return List.of(new ScalarResult("cpu.process.norm", ops == 0 ? Double.NaN : cpu / 1000.0 / ops, "µs/op",
        AggregationPolicy.AVG));
  }
}
