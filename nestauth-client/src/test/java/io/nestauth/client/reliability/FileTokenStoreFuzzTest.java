package io.nestauth.client.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.internal.Args;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the token file reader: whatever bytes the file holds (a crash of another tool, a
 * truncated copy, an attacker with write access to the folder), {@link FileTokenStore#load()}
 * never throws and returns either empty (signed out) or a valid {@link StoredTokens} whose tokens
 * are all legal HTTP header values ({@link Args#isHeaderSafe}), which a save and a load reproduce
 * exactly.
 *
 * <p>Input = the file's bytes. Seeds in {@code FileTokenStoreFuzzTestInputs/loadAnyFile/}.
 */
class FileTokenStoreFuzzTest {
  private static final Path DIR;
  private static final FileTokenStore STORE;
  private static final FileTokenStore ROUND_TRIP;

  static {
    try {
      // tmpfs where there is one: every valid input is saved (write, fsync, rename), and fsync on
      // a disk would make the fuzzer a disk benchmark
      Path shm = Path.of("/dev/shm");
      DIR = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "nestauth-fuzz-store") : Files.createTempDirectory("nestauth-fuzz-store");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    STORE = new FileTokenStore(DIR.resolve("session.json"));
    ROUND_TRIP = new FileTokenStore(DIR.resolve("round-trip.json"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      STORE.clear();
      ROUND_TRIP.clear();
      DIR.toFile().delete();
    }));
  }

  @FuzzTest(maxDuration = "15s")
  void loadAnyFile(byte[] content) throws IOException {
    Files.write(STORE.file(), content);

    Optional<StoredTokens> loaded = STORE.load();

    assertThat(loaded).isNotNull();
    if (loaded.isEmpty()) {
      return;
    }
    StoredTokens tokens = loaded.get();
    assertThat(tokens.accessToken() == null).as("both tokens or neither").isEqualTo(tokens.refreshToken() == null);
    assertThat(tokens.hasSession()).isEqualTo(tokens.accessToken() != null);
    if (tokens.mfaPending()) {
      assertThat(tokens.hasSession()).isTrue();
    }
    if (tokens.hasSession()) {
      assertThat(tokens.accessToken()).isNotEmpty();
      assertThat(tokens.refreshToken()).isNotEmpty();
      assertThat(Args.isHeaderSafe(tokens.accessToken())).as("access token header-safe").isTrue();
      assertThat(Args.isHeaderSafe(tokens.refreshToken())).as("refresh token header-safe").isTrue();
    }
    if (tokens.trustToken() != null) {
      assertThat(Args.isHeaderSafe(tokens.trustToken())).as("trust token header-safe").isTrue();
    }
    assertThat(tokens.toString()).isNotNull();
    ROUND_TRIP.save(tokens);
    assertThat(ROUND_TRIP.load()).contains(tokens);
  }
}
