package io.nestauth.client.reliability;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.exception.TokenStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file store's refresh lock across processes: another process holding it makes a refresh wait
 * (and fail, as a transient failure, after the lock timeout); a holder killed with SIGKILL in the
 * middle of its refresh releases it at once, because the operating system drops the dead process's
 * locks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileTokenStoreLockTest {
  @TempDir
  Path dir;

  @Test
  void anotherProcessHoldingTheLockMakesARefreshWaitAndItsDeathFreesTheLock() throws Exception {
    Path file = dir.resolve("session.json");
    Process holder = startHolder(file);
    try {
      FileTokenStore store = new FileTokenStore(file, Duration.ofMillis(300));
      AtomicInteger ran = new AtomicInteger();
      assertThatThrownBy(() -> store.withRefreshLock(ran::incrementAndGet))
          .isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("session.json")
          .hasMessageContaining("lock");
      assertThat(ran).as("nothing ran while the other process held the lock").hasValue(0);

      holder.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs in the holder
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

      FileTokenStore waiting = new FileTokenStore(file, Duration.ofSeconds(5));
      assertThat(waiting.withRefreshLock(ran::incrementAndGet)).isEqualTo(1);
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void twoStoresOverOneFileInOneProcessExcludeEachOtherAndNestedCallsDoNotDeadlock() throws Exception {
    Path file = dir.resolve("session.json");
    FileTokenStore first = new FileTokenStore(file, Duration.ofMillis(200));
    FileTokenStore second = new FileTokenStore(file, Duration.ofMillis(200));
    AtomicInteger otherThread = new AtomicInteger(-1);
    first.withRefreshLock(() -> {
      assertThat(first.withRefreshLock(() -> "nested")).isEqualTo("nested");
      Thread other = new Thread(() -> {
        try {
          second.withRefreshLock(() -> 1);
          otherThread.set(1);
        } catch (TokenStoreException e) {
          otherThread.set(0);
        }
      });
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertThat(otherThread).as("another thread's store over the same file waited and timed out").hasValue(0);
    assertThat(second.withRefreshLock(() -> 2)).isEqualTo(2);
  }

  /** A child process holding the lock beside {@code file} ({@code <file>.lock}) until it is killed. */
  static Process startHolder(Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), LockHolderMain.class.getName(), file.toString())
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the child took the lock").isEqualTo(LockHolderMain.HOLDING);
    return child;
  }
}
