package io.nestauth.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the CPU samples ({@code jdk.ExecutionSample}: threads running Java code, not those waiting in
 * a socket read) of a JFR recording of one benchmark fork and tells where the benchmark thread's CPU
 * time goes: by method including callees, and by line of {@code io.nestauth} code.
 */
public final class HotFrames {
  /** A JFR configuration with only CPU samples, every 2 ms (the stock "profile" samples every 10 ms). */
  public static final String SAMPLES_ONLY_JFC = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="nestauth-benchmarks" description="CPU samples only">
        <event name="jdk.ExecutionSample">
          <setting name="enabled">true</setting>
          <setting name="period">2 ms</setting>
        </event>
      </configuration>
      """;

  private HotFrames() {
  }

  /** Writes {@link #SAMPLES_ONLY_JFC} into {@code dir} and returns its path. */
  public static Path writeSettings(Path dir) throws IOException {
    Path file = dir.resolve("samples.jfc");
    Files.writeString(file, SAMPLES_ONLY_JFC, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * @param recording a .jfr file
   * @param threadPart a part of the name of the threads to look at (JMH's are {@code ...-jmh-worker-N})
   * @param top how many rows per table
   * @return a Markdown report
   */
  public static String analyze(Path recording, String threadPart, int top) throws IOException {
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
        .filter(event -> event.getEventType().getName().equals("jdk.ExecutionSample"))
        .collect(Collectors.toList());
    int total = events.size();
    int mine = 0;
    Map<String, Integer> byThreadKind = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> nestauthLines = new HashMap<>();
    for (RecordedEvent event : events) {
      RecordedThread thread = event.getThread("sampledThread");
      String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
      byThreadKind.merge(kind(name), 1, Integer::sum);
      if (!name.contains(threadPart)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      mine++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(method(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      Set<String> seenLines = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = method(frame);
        if (seen.add(method)) {
          inclusive.merge(method, 1, Integer::sum);
        }
        if (method.startsWith("io.nestauth.") && !method.startsWith("io.nestauth.benchmarks.")) {
          String line = method + ":" + frame.getLineNumber();
          if (seenLines.add(line)) {
            nestauthLines.merge(line, 1, Integer::sum);
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("CPU samples: %d in all; by thread: %s; benchmark thread: %d%n%n", total,
        byThreadKind, mine));
    out.append("Including callees (share of the benchmark thread's CPU samples), SDK, OkHttp, Jackson and JDK frames:\n\n");
    out.append(table(inclusive, mine, top, m -> !m.startsWith("org.openjdk.jmh.") && !m.startsWith("java.lang.Thread.")
        && !m.startsWith("java.util.concurrent.")
        && !m.contains("_jmhTest.") && !m.startsWith("java.lang.reflect.") && !m.startsWith("jdk.internal.reflect.")
        && !m.startsWith("io.nestauth.benchmarks.ClientBenchmarks.")));
    out.append("\nSelf (top of stack):\n\n");
    out.append(table(self, mine, top, m -> true));
    out.append("\nio.nestauth lines on the stack (including callees):\n\n");
    out.append(table(nestauthLines, mine, top, m -> true));
    return out.toString();
  }

  private static String kind(String thread) {
    if (thread.contains("jmh-worker")) {
      return "benchmark";
    }
    if (thread.startsWith("fake-nestauth")) {
      return "server";
    }
    if (thread.startsWith("OkHttp")) {
      return "okhttp";
    }
    return "other";
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String table(Map<String, Integer> counts, int total, int top, java.util.function.Predicate<String> keep) {
    StringBuilder out = new StringBuilder("| share | samples | frame |\n|---:|---:|---|\n");
    counts.entrySet().stream()
        .filter(entry -> keep.test(entry.getKey()))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(entry -> out.append(String.format("| %.1f%% | %d | `%s` |%n", 100.0 * entry.getValue() / Math.max(1, total),
            entry.getValue(), entry.getKey())));
    return out.toString();
  }

  public static void main(String[] args) throws IOException {
    System.out.print(analyze(Path.of(args[0]), args.length > 1 ? args[1] : "jmh-worker", 25));
  }
}
