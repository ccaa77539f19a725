package io.nestauth.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: fresh JVM processes, from {@code Process.start()} until the child reports its first
 * successful login (a line on stdout), SDK ({@link ColdStartSdkMain}) and raw ({@link ColdStartRawMain})
 * alternating, after one discarded launch of each (to warm the OS file cache). Both children get the
 * same classpath: the benchmark classes plus the client's runtime classpath, no JVM options.
 */
public final class ColdStart {
  /** Milliseconds of each launch, in order. */
  public record Result(List<Double> sdk, List<Double> raw) {
    public double sdkMedian() {
      return Stats.median(sdk);
    }

    public double rawMedian() {
      return Stats.median(raw);
    }
  }

  private ColdStart() {
  }

  /** @return the classpath for the children: {@code classes} and the jars listed in {@code clientClasspathFile} */
  public static String childClasspath(Path classes, Path clientClasspathFile) throws IOException {
    return classes + File.pathSeparator + Files.readString(clientClasspathFile, StandardCharsets.UTF_8).trim();
  }

  public static Result run(String baseUrl, String classpath, int launches) throws IOException, InterruptedException {
    List<Double> sdk = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    launch(ColdStartSdkMain.class, baseUrl, classpath);
    launch(ColdStartRawMain.class, baseUrl, classpath);
    for (int i = 0; i < launches; i++) {
      if (i % 2 == 0) {
        sdk.add(launch(ColdStartSdkMain.class, baseUrl, classpath));
        raw.add(launch(ColdStartRawMain.class, baseUrl, classpath));
      } else {
        raw.add(launch(ColdStartRawMain.class, baseUrl, classpath));
        sdk.add(launch(ColdStartSdkMain.class, baseUrl, classpath));
      }
    }
    return new Result(sdk, raw);
  }

  /** @return milliseconds from process start to the LOGIN_OK line */
  static double launch(Class<?> main, String baseUrl, String classpath) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, main.getName(), baseUrl).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    double millis = -1;
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (millis < 0 && line.equals("LOGIN_OK")) {
          millis = (System.nanoTime() - start) / 1e6;
        } else {
          output.append(line).append('\n');
        }
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(main.getSimpleName() + " did not exit");
    }
    if (millis < 0 || process.exitValue() != 0) {
      throw new IOException(main.getSimpleName() + " failed (exit " + process.exitValue() + "):\n" + output);
    }
    return millis;
  }
}
