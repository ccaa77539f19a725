package io.nestauth.client.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.StoredTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crash safety of {@link FileTokenStore}: child JVMs (same class path, main class
 * {@link CrashWriterMain}) save valid states in a tight loop and are killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at random moments, at least {@value #KILLS} times in all.
 * After every kill the token file is either absent (the child died before its first write) or
 * exactly one of the valid states (never torn, empty or unreadable) and stays owner-only
 * (rw-------); so does any temporary file a kill left behind.
 *
 * <p>Half of the kills land at a random moment after the child started (sometimes before its
 * first write), half at a random moment shortly after it reported its first completed save (inside
 * the write loop). Most children continue on the file their predecessor left. {@value #SLOTS}
 * children run side by side, each on its own files, to keep the test short.
 */
class FileTokenStoreCrashTest {
  static final int KILLS = 60;
  static final int SLOTS = 4;
  /**
   * A guard against a hang, not the expected time: 60 kills take 10-30 s on a 2-core machine
   * (each kill costs one JVM start), longer only when the machine is saturated by other work.
   */
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(150);
  private static final String OWNER_ONLY = "rw-------";

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger absentBeforeFirstWrite = new AtomicInteger();
  private final AtomicInteger validAfterWrites = new AtomicInteger();
  private final AtomicLong typicalStartMillis = new AtomicLong(400);

  @Test
  void killedWritersNeverLeaveATornOrEmptyFileOrLoosePermissions() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    long seed = new Random().nextLong();
    long start = System.nanoTime();
    ExecutorService slots = Executors.newFixedThreadPool(SLOTS);
    List<Future<?>> running = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      int id = slot;
      running.add(slots.submit(() -> {
        runSlot(id, new Random(seed + id), start);
        return null;
      }));
    }
    for (Future<?> slot : running) {
      slot.get(); // rethrows an assertion failure of a slot
    }
    slots.shutdown();
    long leftovers;
    try (Stream<Path> files = Files.list(dir)) {
      leftovers = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
    System.out.println("FileTokenStoreCrashTest: kills=" + kills + " absentBeforeFirstWrite=" + absentBeforeFirstWrite
        + " validAfterWrites=" + validAfterWrites + " leftoverTempFiles=" + leftovers + " seconds="
        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " seed=" + seed);
    // clear() removes everything a kill left behind, stray temporary files included
    for (int slot = 0; slot < SLOTS; slot++) {
      Path file = dir.resolve("session-" + slot + ".json");
      new FileTokenStore(file).clear();
      String prefix = "." + file.getFileName() + ".";
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)))
            .as("temporary files of %s after clear()", file.getFileName()).isEmpty();
      }
      assertThat(file).doesNotExist();
    }
    assertThat(kills.get()).isGreaterThanOrEqualTo(KILLS);
    assertThat(validAfterWrites.get()).as("kills that met a written file").isGreaterThan(KILLS / 3);
  }

  private void runSlot(int slot, Random random, long start) throws Exception {
    Path shared = dir.resolve("session-" + slot + ".json");
    for (int round = 0; kills.get() < KILLS; round++) {
      assertThat(System.nanoTime() - start).as("time for %d kills (%d done)", KILLS, kills.get())
          .isLessThan(BUDGET_NANOS);
      boolean fresh = round % 4 == 0;
      Path file = fresh ? dir.resolve("fresh-" + slot + "-" + round + ".json") : shared;
      boolean existedBefore = Files.exists(file);
      boolean afterFirstWrite = round % 2 == 1;
      String where = "slot " + slot + " round " + round;
      long started = System.nanoTime();
      Process child = startWriter(file, random.nextInt(CrashWriterMain.STATES.size()));
      try {
        if (afterFirstWrite) {
          awaitFirstWrite(child);
          typicalStartMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          Thread.sleep(random.nextInt(25));
        } else {
          // anywhere from "not started yet" to well inside the write loop
          Thread.sleep(random.nextInt((int) Math.max(50, typicalStartMillis.get() * 3 / 2)));
        }
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the child died").isTrue();
      }
      kills.incrementAndGet();
      check(file, existedBefore, afterFirstWrite, where);
    }
  }

  private void check(Path file, boolean existedBefore, boolean afterFirstWrite, String where) throws IOException {
    if (!Files.exists(file)) {
      assertThat(existedBefore).as("%s: a file that existed vanished", where).isFalse();
      assertThat(afterFirstWrite).as("%s: the first write had completed, yet no file", where).isFalse();
      absentBeforeFirstWrite.incrementAndGet();
    } else {
      byte[] content = Files.readAllBytes(file);
      assertThat(content).as("%s: empty token file", where).isNotEmpty();
      json.readTree(content); // a torn JSON document throws here
      Optional<StoredTokens> loaded = new FileTokenStore(file).load();
      assertThat(loaded).as("%s: the file reads as a state", where).isPresent();
      assertThat(CrashWriterMain.STATES).as("%s: one of the valid states", where).contains(loaded.get());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(where).isEqualTo(OWNER_ONLY);
      validAfterWrites.incrementAndGet();
    }
    try (Stream<Path> leftovers = Files.list(dir)) {
      for (Path temp : leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList())) {
        try {
          // a temp file a kill left behind holds tokens too: it must be owner-only as well
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)))
              .as("%s: leftover %s", where, temp.getFileName()).isEqualTo(OWNER_ONLY);
        } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
          // another slot's writer renamed it into place
        }
      }
    }
  }

  private static Process startWriter(Path file, int firstState) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(), file.toString(),
        Integer.toString(firstState))
        .redirectErrorStream(true)
        .start();
  }

  /** Waits until the child printed that its first save completed (or died trying). */
  private static void awaitFirstWrite(Process child) throws IOException, InterruptedException {
    InputStream out = child.getInputStream();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      while (out.available() > 0) {
        seen.append((char) out.read());
      }
      if (seen.indexOf("written") >= 0) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("the writer died: " + seen);
      }
      Thread.sleep(2);
    }
    throw new AssertionError("the writer did not write within 20 s: " + seen);
  }
}
