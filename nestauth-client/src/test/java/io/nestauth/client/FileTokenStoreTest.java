package io.nestauth.client;

import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class FileTokenStoreTest {
  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("nested").resolve("session.json");
  }

  private static StoredTokens tokens() {
    return new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "trust-" + System.nanoTime());
  }

  @Test
  void savedTokensLoadBackEqualAndTheFolderIsCreated() {
    FileTokenStore store = new FileTokenStore(file());
    StoredTokens saved = new StoredTokens(TestJwts.pendingAccess(), TestJwts.refreshToken(), true, "trust-1");

    store.save(saved);

    assertThat(Files.exists(file())).isTrue();
    assertThat(store.load()).contains(saved);
    assertThat(new FileTokenStore(file()).load()).as("a fresh store over the same file").contains(saved);
  }

  @Test
  void signedOutValueWithOnlyATrustTokenRoundTrips() {
    FileTokenStore store = new FileTokenStore(file());

    store.save(StoredTokens.signedOut("trust-only"));

    assertThat(store.load()).get().satisfies(loaded -> {
      assertThat(loaded.hasSession()).isFalse();
      assertThat(loaded.trustToken()).isEqualTo("trust-only");
    });
  }

  @Test
  void missingFileLoadsEmptyAndClearDeletesTheFile() {
    FileTokenStore store = new FileTokenStore(file());
    assertThat(store.load()).isEmpty();

    store.save(tokens());
    store.clear();
    store.clear(); // idempotent

    assertThat(Files.exists(file())).isFalse();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void fileIsReadableAndWritableByTheOwnerOnly() throws IOException {
    // this build runs on POSIX systems (Linux CI); the store's contract is 0600 wherever POSIX exists
    assertThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    FileTokenStore store = new FileTokenStore(file());

    store.save(tokens());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");

    store.save(tokens()); // a replacement is a new file: it must be 0600 too
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> corruptFiles() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("garbage", "garbage \u0000\u0001 not json"),
        org.junit.jupiter.params.provider.Arguments.of("truncated JSON", "{\"version\":1,\"accessToken\":\"eyJ"),
        org.junit.jupiter.params.provider.Arguments.of("wrong version",
            "{\"version\":2,\"accessToken\":\"a.b.c\",\"refreshToken\":\"d.e.f\",\"mfaPending\":false}"),
        org.junit.jupiter.params.provider.Arguments.of("no version", "{\"accessToken\":\"a.b.c\",\"refreshToken\":\"d.e.f\"}"),
        org.junit.jupiter.params.provider.Arguments.of("only one token",
            "{\"version\":1,\"accessToken\":\"a.b.c\",\"mfaPending\":false}"),
        org.junit.jupiter.params.provider.Arguments.of("an array", "[1,2,3]"),
        org.junit.jupiter.params.provider.Arguments.of("JSON null", "null"),
        org.junit.jupiter.params.provider.Arguments.of("empty file", ""),
        org.junit.jupiter.params.provider.Arguments.of("whitespace only", "   \n"));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("corruptFiles")
  void corruptFileLoadsEmptyWithoutThrowing(String name, String content) throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), content, StandardCharsets.UTF_8);
    FileTokenStore store = new FileTokenStore(file());

    assertThatNoException().isThrownBy(store::load);
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aFolderWhereTheFileShouldBeLoadsEmpty() throws IOException {
    Files.createDirectories(file());

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void concurrentSavesNeverLeaveAnUnparsableFileNorTempFiles() throws Exception {
    FileTokenStore store = new FileTokenStore(file());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        List<StoredTokens> written = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          written.add(tokens());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> saves = new ArrayList<>();
        for (StoredTokens value : written) {
          saves.add(pool.submit(() -> {
            start.await();
            store.save(value);
            return null;
          }));
        }
        start.countDown();
        for (Future<?> save : saves) {
          save.get(10, TimeUnit.SECONDS);
        }

        // the raw file is one complete JSON document written by one of the savers
        byte[] raw = Files.readAllBytes(file());
        assertThat(ClientTestSupport.JSON.readTree(raw).path("version").asInt()).isEqualTo(1);
        assertThat(new FileTokenStore(file()).load()).get().isIn(written);
        assertThat(filesIn(file().getParent())).containsExactly("session.json");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondClientOverTheSameFileRestoresTheSession() throws IOException {
    String access = TestJwts.verifiedAccess();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(MockResponses.ok(ServerAnswers.tokensBody(access, TestJwts.refreshToken(), false,
          "Login successful")));
      server.enqueue(MockResponses.ok(ServerAnswers.sessionUserBody()));
      try (NestAuthClient first = NestAuthClient.builder().baseUrl(server.url("/api").toString())
          .tokenStore(new FileTokenStore(file())).build()) {
        first.loginWithEmail("alice@example.com", TestUser.PASSWORD).execute();
      }

      // as after a restart of the app: new store object, new client
      try (NestAuthClient second = NestAuthClient.builder().baseUrl(server.url("/api").toString())
          .tokenStore(new FileTokenStore(file())).build()) {
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
      }

      server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest me = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(me.getHeaders().get("Authorization")).isEqualTo("Bearer " + access);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Set<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
    }
  }
}
