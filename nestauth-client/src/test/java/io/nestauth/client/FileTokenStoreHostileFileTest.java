package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whatever sits at the token file's path (put there by a mistake or by someone with write access
 * to the folder), {@link FileTokenStore#load()} returns promptly and never throws: only a regular
 * file of at most 64 KiB (after following symlinks) is read, and the read itself is bounded.
 * Every test has a timeout that runs it in a separate thread, so a load() stuck in a native open()
 * or read() fails the test instead of hanging the build.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileTokenStoreHostileFileTest {
  /** The store's limit; a token file is about 2 KiB. */
  static final int LIMIT = 64 * 1024;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("session.json");
  }

  private static StoredTokens tokens() {
    return new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "trust-1");
  }

  @Test
  void aSymlinkToDevZeroReadsAsSignedOut() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero exists");
    Files.createSymbolicLink(file(), zero);

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aFifoReadsAsSignedOutWithoutBlocking() throws Exception {
    mkfifo(file());

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aSymlinkToAFifoReadsAsSignedOutWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pipe");
    mkfifo(fifo);
    Files.createSymbolicLink(file(), fifo);

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aClientOverAFifoIsBuiltSignedOut() throws Exception {
    mkfifo(file());

    try (NestAuthClient client = NestAuthClient.builder().baseUrl("http://127.0.0.1:9/api")
        .tokenStore(new FileTokenStore(file())).build()) {
      assertThat(client.isAuthenticated()).isFalse();
    }
  }

  @Test
  void aUnixSocketReadsAsSignedOut() throws IOException {
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(file()));
      assertThat(Files.readAttributes(file(), BasicFileAttributes.class).isOther()).isTrue();

      assertThat(new FileTokenStore(file()).load()).isEmpty();
    }
  }

  @Test
  void aFolderReadsAsSignedOut() throws IOException {
    Files.createDirectories(file());
    Files.writeString(file().resolve("inside"), "x");

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aFileOneByteOverTheLimitReadsAsSignedOut() throws IOException {
    Files.write(file(), padded(FileTokenStore.encode(tokens()), LIMIT + 1));

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aFileOfExactlyTheLimitStillLoads() throws IOException {
    StoredTokens saved = tokens();
    Files.write(file(), padded(FileTokenStore.encode(saved), LIMIT));

    assertThat(new FileTokenStore(file()).load()).contains(saved);
  }

  @Test
  void aSymlinkToARegularTokenFileStillLoads() throws IOException {
    StoredTokens saved = tokens();
    Path real = dir.resolve("real.json");
    new FileTokenStore(real).save(saved);
    Files.createSymbolicLink(file(), real);

    assertThat(new FileTokenStore(file()).load()).contains(saved);
  }

  @Test
  void aDanglingSymlinkReadsAsSignedOut() throws IOException {
    Files.createSymbolicLink(file(), dir.resolve("nowhere.json"));

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void aRegularFileThatReportsSizeZeroIsStillReadBounded() throws IOException {
    // procfs files are regular files whose size reads 0 although they have content: the size
    // check alone would let the read run; the bounded read still stops (here: not a token file)
    Path status = Path.of("/proc/self/status");
    assumeTrue(Files.isRegularFile(status) && Files.size(status) == 0, "procfs");
    Files.createSymbolicLink(file(), status);

    assertThat(new FileTokenStore(file()).load()).isEmpty();
  }

  @Test
  void theReadStopsOneByteOverTheLimitWhateverTheSourceSays() throws IOException {
    AtomicLong served = new AtomicLong();
    ReadableByteChannel endless = new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), 1000);
        for (int i = 0; i < n; i++) {
          dst.put((byte) ' ');
        }
        served.addAndGet(n);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {
      }
    };

    assertThat(FileTokenStore.readAtMost(endless, LIMIT)).isNull();
    assertThat(served.get()).isEqualTo(LIMIT + 1);

    byte[] small = FileTokenStore.encode(tokens());
    assertThat(FileTokenStore.readAtMost(Channels.newChannel(new ByteArrayInputStream(small)), LIMIT)).isEqualTo(small);
  }

  /** The JSON document followed by spaces up to exactly {@code size} bytes (still valid JSON). */
  private static byte[] padded(byte[] json, int size) {
    assertThat(json.length).isLessThan(size);
    byte[] out = new byte[size];
    java.util.Arrays.fill(out, (byte) ' ');
    System.arraycopy(json, 0, out, 0, json.length);
    return out;
  }

  static void mkfifo(Path path) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available: " + e.getMessage());
      return;
    }
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("mkfifo finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("mkfifo: %s", output).isZero();
    assertThat(Files.readAttributes(path, BasicFileAttributes.class).isOther()).as("a FIFO").isTrue();
  }
}
