package io.nestauth.client.reliability;

import io.nestauth.client.AccountIndex;
import io.nestauth.client.FileAccountStore;
import io.nestauth.client.exception.TokenStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account index across processes: while another process changes it (holds its lock), a change
 * here waits and, after the lock timeout, fails without writing; once that process is killed, the
 * change goes through.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileAccountStoreLockTest {
  private static final String A = "0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11";
  private static final String B = "1c6d2b63-8b5f-4b66-8e1d-1a4e6c9f7b22";

  @TempDir
  Path dir;

  @Test
  void aChangeWaitsForAnotherProcessChangingTheIndexAndFailsWithoutWritingAfterTheTimeout() throws Exception {
    Path folder = dir.resolve("accounts");
    new FileAccountStore(folder).updateIndex(index -> AccountIndex.of(List.of(A), A));
    // the other process holds accounts.json.lock, the lock of every change of the index
    Process other = FileTokenStoreLockTest.startHolder(folder.resolve("accounts.json"));
    try {
      FileAccountStore impatient = new FileAccountStore(folder, Duration.ofMillis(300));
      assertThatThrownBy(() -> impatient.updateIndex(index -> AccountIndex.of(List.of(A, B), B)))
          .isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("accounts.json")
          .hasMessageContaining("the change was not made");
      assertThat(impatient.loadIndex()).as("reading does not wait, and nothing was written")
          .isEqualTo(AccountIndex.of(List.of(A), A));

      other.destroyForcibly();
      assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
      new FileAccountStore(folder, Duration.ofSeconds(5)).updateIndex(index -> AccountIndex.of(List.of(A, B), B));
      assertThat(impatient.loadIndex()).isEqualTo(AccountIndex.of(List.of(A, B), B));
    } finally {
      other.destroyForcibly();
    }
  }
}
