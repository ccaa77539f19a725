package io.nestauth.client;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FileTokenStore on a file system without POSIX permissions (Windows-like, or Android storage
 * without them): owner-only permissions cannot be set there, and the store must still work
 * instead of failing every save.
 */
class FileTokenStoreWithoutPosixTest {
  private FileSystem fileSystem;
  private Path file;

  @BeforeEach
  void createFileSystem() throws IOException {
    fileSystem = Jimfs.newFileSystem(Configuration.windows());
    Path dir = fileSystem.getPath("C:\\app\\data");
    Files.createDirectories(dir);
    file = dir.resolve("session.json");
  }

  @AfterEach
  void closeFileSystem() throws IOException {
    fileSystem.close();
  }

  @Test
  void theFileSystemReallyHasNoPosixPermissions() {
    assertThat(fileSystem.supportedFileAttributeViews()).doesNotContain("posix");
  }

  @Test
  void savesLoadsAndClearsWithoutPosixPermissions() {
    StoredTokens tokens = new StoredTokens("a.b.c", "d.e.f", true, "trust-token");
    FileTokenStore store = new FileTokenStore(file);

    store.save(tokens);

    assertThat(Files.exists(file)).isTrue();
    assertThat(new FileTokenStore(file).load()).as("a fresh store over the same file").contains(tokens);

    StoredTokens replaced = new StoredTokens("g.h.i", "j.k.l", false, null);
    store.save(replaced);
    assertThat(new FileTokenStore(file).load()).contains(replaced);

    store.clear();
    assertThat(Files.exists(file)).isFalse();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    FileTokenStore store = new FileTokenStore(file);
    for (int i = 0; i < 5; i++) {
      store.save(new StoredTokens("a.b." + i, "d.e." + i, false, null));
    }
    try (var entries = Files.list(file.getParent())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("session.json");
    }
  }

  @Test
  void theRefreshLockWorksWithoutPosixPermissions() {
    FileTokenStore store = new FileTokenStore(file);
    StoredTokens tokens = new StoredTokens("a.b.c", "d.e.f", false, null);

    String result = store.withRefreshLock(() -> {
      store.save(tokens);
      return "refreshed";
    });

    assertThat(result).isEqualTo("refreshed");
    assertThat(store.load()).contains(tokens);
    assertThat(Files.exists(file.resolveSibling("session.json.lock"))).as("the lock file beside the token file")
        .isTrue();
    store.clear();
    assertThat(Files.exists(file.resolveSibling("session.json.lock"))).as("a clear keeps the lock file").isTrue();
  }
}
