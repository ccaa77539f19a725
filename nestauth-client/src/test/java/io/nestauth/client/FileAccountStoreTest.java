package io.nestauth.client;

import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The folder of several accounts: what survives a restart, where each account's session goes, and
 * what a hostile or broken index on disk does (it reads as every account signed out, with a warning,
 * and never crashes, blocks or leaks a value into the log).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileAccountStoreTest {
  private static final String A = "0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11";
  private static final String B = "1c6d2b63-8b5f-4b66-8e1d-1a4e6c9f7b22";
  /** A value that must never reach a log line. */
  private static final String MARK = "MARK-7f3a";

  @TempDir
  Path dir;

  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs();

  private Path folder() {
    return dir.resolve("accounts");
  }

  private Path indexFile() {
    return folder().resolve("accounts.json");
  }

  private FileAccountStore store() {
    return new FileAccountStore(folder());
  }

  @Test
  void theIndexSurvivesARestartAndTheLastSignOutLeavesNoIndexFile() {
    store().updateIndex(index -> index.withSignedIn(A).withSignedIn(B).withActive(A));

    assertThat(store().loadIndex()).isEqualTo(AccountIndex.of(List.of(A, B), A));
    assertThat(indexFile()).exists();

    store().updateIndex(index -> index.without(A));
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.of(List.of(B), B));
    store().updateIndex(index -> index.without(B));
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.empty());
    assertThat(indexFile()).doesNotExist();
    assertThat(logs.lines()).isEmpty();
  }

  @Test
  void eachAccountHasItsOwnSessionFileInTheFolderWhateverItsIdSays() throws IOException {
    List<String> ids = List.of(A, B, "../../outside", "a/b", "..", "C:\\evil", "%2e%2e");
    StoredTokens tokens = new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null);
    for (String id : ids) {
      store().sessionStore(id).save(tokens);
    }

    try (Stream<Path> files = Files.list(folder())) {
      assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")))
          .hasSize(ids.size()).allMatch(name -> name.matches("session-[0-9a-f]{32}\\.json"));
    }
    try (Stream<Path> everything = Files.walk(dir)) {
      assertThat(everything.filter(Files::isRegularFile)).allMatch(file -> file.getParent().equals(folder()));
    }
    assertThat(store().sessionStore("../../outside").load()).as("the same id, the same session").contains(tokens);
    store().sessionStore(A).clear();
    assertThat(store().sessionStore(A).load()).isEmpty();
    assertThat(store().sessionStore(B).load()).as("another account's session is untouched").contains(tokens);
    assertThatThrownBy(() -> store().sessionStore("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().sessionStore(null)).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> hostileIndexes() {
    String id = "\"" + MARK + "\"";
    return Stream.of(
        Arguments.of("garbage", "\u0000\u00ff{{" + MARK),
        Arguments.of("empty file", ""),
        Arguments.of("JSON null", "null"),
        Arguments.of("an array", "[" + id + "]"),
        Arguments.of("no version", "{\"accounts\":[" + id + "],\"active\":" + id + "}"),
        Arguments.of("a future version", "{\"version\":2,\"accounts\":[" + id + "],\"active\":" + id + "}"),
        Arguments.of("accounts not a list", "{\"version\":1,\"accounts\":" + id + ",\"active\":" + id + "}"),
        Arguments.of("an id that is a number", "{\"version\":1,\"accounts\":[42],\"active\":\"42\"}"),
        Arguments.of("an id that is an object", "{\"version\":1,\"accounts\":[{\"id\":" + id + "}]}"),
        Arguments.of("a repeated id", "{\"version\":1,\"accounts\":[" + id + "," + id + "],\"active\":" + id + "}"),
        Arguments.of("an active id not listed", "{\"version\":1,\"accounts\":[" + id + "],\"active\":\"other\"}"),
        Arguments.of("no active id", "{\"version\":1,\"accounts\":[" + id + "]}"),
        Arguments.of("an active id but no accounts", "{\"version\":1,\"accounts\":[],\"active\":" + id + "}"),
        Arguments.of("an id with a line break", "{\"version\":1,\"accounts\":[\"" + MARK
            + "\\r\\nX: 1\"],\"active\":\"" + MARK + "\\r\\nX: 1\"}"),
        Arguments.of("an id with a space", "{\"version\":1,\"accounts\":[\"" + MARK + " x\"],\"active\":\"" + MARK
            + " x\"}"),
        Arguments.of("an id too long", "{\"version\":1,\"accounts\":[\"" + MARK + "x".repeat(300) + "\"],\"active\":\""
            + MARK + "x".repeat(300) + "\"}"),
        Arguments.of("too many accounts", "{\"version\":1,\"accounts\":[" + Stream.iterate(0, i -> i + 1)
            .limit(AccountIndex.MAX_ACCOUNTS + 1).map(i -> "\"" + MARK + i + "\"").collect(Collectors.joining(","))
            + "],\"active\":\"" + MARK + "0\"}"),
        Arguments.of("deeply nested", "{\"version\":1,\"accounts\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
        Arguments.of("truncated", "{\"version\":1,\"accounts\":[" + id));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileIndexes")
  void aHostileIndexReadsAsEveryAccountSignedOutAndTheNextChangeReplacesIt(String what, String content)
      throws IOException {
    Files.createDirectories(folder());
    Files.write(indexFile(), content.getBytes(StandardCharsets.UTF_8));

    assertThat(store().loadIndex()).isEqualTo(AccountIndex.empty());
    assertThat(logs.lines()).as("a warning").anyMatch(line -> line.contains("WARNING") && line.contains("account"));
    assertThat(logs.lines()).as("no value of the file in the log").noneMatch(line -> line.contains(MARK));

    assertThat(store().updateIndex(index -> index.withSignedIn(A))).isEqualTo(AccountIndex.of(List.of(A), A));
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.of(List.of(A), A));
  }

  /** The reader is the token file's ({@link FileTokenStoreHostileFileTest} has FIFOs, sockets, folders, ...). */
  @Test
  void anIndexThatIsEndlessOrTooLargeReadsAsSignedOutWithoutBlocking() throws Exception {
    Files.createDirectories(folder());
    Path zero = Path.of("/dev/zero");
    assumeThat(Files.exists(zero)).as("/dev/zero exists").isTrue();
    Files.createSymbolicLink(indexFile(), zero);
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.empty());

    Files.delete(indexFile());
    byte[] huge = new byte[FileTokenStore.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    byte[] valid = FileAccountStore.encode(AccountIndex.of(List.of(A), A));
    System.arraycopy(valid, 0, huge, 0, valid.length);
    Files.write(indexFile(), huge);
    assertThat(store().loadIndex()).as("a valid index padded past the limit").isEqualTo(AccountIndex.empty());
  }

  @Test
  void aChangeThatCannotBeSavedFailsNamingTheFileButNotItsFolderAndChangesNothing() throws IOException {
    Files.createDirectories(indexFile()); // a folder where the index should be
    Files.writeString(indexFile().resolve("keep.txt"), "mine");

    assertThatThrownBy(() -> store().updateIndex(index -> index.withSignedIn(A)))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("account list")
        .hasMessageContaining("accounts.json")
        .satisfies(thrown -> assertThat(thrown.getMessage()).doesNotContain(dir.toString()));
    assertThat(indexFile().resolve("keep.txt")).hasContent("mine");
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.empty());
  }

  @Test
  void aChangeThatThrowsWritesNothing() {
    store().updateIndex(index -> index.withSignedIn(A));

    assertThatThrownBy(() -> store().updateIndex(index -> index.withActive(B)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().updateIndex(index -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store().loadIndex()).isEqualTo(AccountIndex.of(List.of(A), A));
  }

  @Test
  void concurrentChangesThroughSeveralStoreObjectsLoseNothing() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    Set<String> added = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> changes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        FileAccountStore own = store(); // as another window of the app would make its own
        int thread = t;
        changes.add(threads.submit(() -> {
          for (int i = 0; i < 5; i++) {
            String id = "user-" + thread + "-" + i;
            own.updateIndex(index -> index.withSignedIn(id));
            added.add(id);
          }
        }));
      }
      for (Future<?> change : changes) {
        change.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(store().loadIndex().userIds()).containsExactlyInAnyOrderElementsOf(added).hasSize(40);
  }

  @Test
  void toStringNamesTheFolder() {
    assertThat(store()).hasToString("FileAccountStore[" + folder().toAbsolutePath() + "]");
    assertThat(new InMemoryAccountStore()).hasToString("InMemoryAccountStore");
  }
}
