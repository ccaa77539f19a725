package io.nestauth.client;

import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A store that cannot persist says so with an exception of the SDK's tree (a
 * {@link NestAuthException}, so one {@code catch} covers every failure of a client call), whose
 * message names the operation and the file but no token and no folder.
 */
class FileTokenStoreWriteFailureTest {
  @TempDir
  Path dir;

  private static final String ACCESS = TestJwts.verifiedAccess();
  private static final String REFRESH = TestJwts.refreshToken();
  private static final String TRUST = "trust-secret-7f3a";

  private static StoredTokens tokens() {
    return new StoredTokens(ACCESS, REFRESH, false, TRUST);
  }

  private void assertStoreFailure(Throwable thrown, String operation, Path file) {
    assertThat(thrown).as("a failure of the SDK's tree").isInstanceOf(NestAuthException.class);
    assertThat(thrown).isInstanceOf(TokenStoreException.class);
    assertThat(((NestAuthException) thrown).status()).isZero();
    assertThat(((NestAuthException) thrown).isNetworkError()).isFalse();
    assertThat(thrown.getCause()).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage())
        .contains(operation)
        .contains(file.getFileName().toString())
        .doesNotContain(dir.toString())
        .doesNotContain(ACCESS).doesNotContain(REFRESH).doesNotContain(TRUST);
  }

  @Test
  void saveOverAFolderFails() throws IOException {
    Path file = dir.resolve("session.json");
    Files.createDirectories(file);

    Throwable thrown = catchThrowable(() -> new FileTokenStore(file).save(tokens()));

    assertStoreFailure(thrown, "save", file);
    assertThat(file).isDirectory();
  }

  @Test
  void saveOverAFolderWithContentFails() throws IOException {
    Path file = dir.resolve("session.json");
    Files.createDirectories(file);
    Files.writeString(file.resolve("keep.txt"), "mine");

    Throwable thrown = catchThrowable(() -> new FileTokenStore(file).save(tokens()));

    assertStoreFailure(thrown, "save", file);
    assertThat(file.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void saveBelowARegularFileFails() throws IOException {
    Path parent = dir.resolve("not-a-folder");
    Files.writeString(parent, "x");
    Path file = parent.resolve("session.json");

    Throwable thrown = catchThrowable(() -> new FileTokenStore(file).save(tokens()));

    assertStoreFailure(thrown, "save", file);
    assertThat(parent).hasContent("x");
  }

  @Test
  void clearOfAFolderLeavesTheFolder() throws IOException {
    // nothing is stored there (load() reads it as signed out), so clear() has nothing to do and
    // succeeds; it never deletes a folder, even an empty one
    Path file = dir.resolve("session.json");
    Files.createDirectories(file);
    FileTokenStore store = new FileTokenStore(file);

    store.clear();

    assertThat(file).isDirectory();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void clearBelowARegularFileHasNothingToRemove() throws IOException {
    Path parent = dir.resolve("not-a-folder");
    Files.writeString(parent, "x");
    FileTokenStore store = new FileTokenStore(parent.resolve("session.json"));

    store.clear();

    assertThat(parent).hasContent("x");
    assertThat(store.load()).isEmpty();
  }

  @Test
  void saveAndClearOfAFileTheSystemWillNotChangeFail() {
    // procfs refuses creating and deleting files even for root, unlike a read-only folder
    Path file = Path.of("/proc/self/status");
    assumeTrue(Files.isRegularFile(file), "procfs");
    FileTokenStore store = new FileTokenStore(file);

    assertStoreFailure(catchThrowable(() -> store.save(tokens())), "save", file);
    assertStoreFailure(catchThrowable(store::clear), "clear", file);
  }

  @Test
  void saveAndClearInAReadOnlyFolderFail() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX");
    assumeFalse("root".equals(System.getProperty("user.name")), "root ignores permissions");
    Path folder = dir.resolve("locked");
    Path file = folder.resolve("session.json");
    FileTokenStore store = new FileTokenStore(file);
    store.save(tokens());
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
    try {
      // the permissions are enforced for this user (not so for root or some containers)
      assumeFalse(Files.isWritable(folder), "the folder is really read-only");

      assertStoreFailure(catchThrowable(() -> store.save(StoredTokens.signedOut(TRUST))), "save", file);
      assertStoreFailure(catchThrowable(store::clear), "clear", file);
      assertThat(store.load()).as("what the store holds is unchanged").contains(tokens());
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
