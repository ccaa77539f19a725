package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestauth.client.internal.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps tokens in a small JSON file so a session survives restarts of the app.
 *
 * <ul>
 *   <li>Every save writes a temporary file beside the target, forces it to disk and renames it over
 *       the target in one atomic step: a crash leaves either the old or the new content, never a
 *       torn file.</li>
 *   <li>Where the file system has POSIX permissions the file is created {@code 0600} (owner only);
 *       elsewhere (Windows, Android's app storage, which is private already) the default applies.</li>
 *   <li>A missing, corrupt or unreadable file reads as "signed out" with a warning logged; it never
 *       throws from {@link #load()}.</li>
 *   <li>{@link #save} and {@link #clear()} throw {@link TokenStoreException} when the disk cannot be
 *       written.</li>
 *   <li>Thread-safe within a process.</li>
 * </ul>
 *
 * <pre>{@code
 * Path file = Path.of(System.getProperty("user.home"), ".my-app", "session.json");
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .tokenStore(new FileTokenStore(file))
 *     .build();
 * if (!auth.isAuthenticated()) {
 *   // no session saved by an earlier run: sign in
 * }
 * }</pre>
 */
public final class FileTokenStore implements TokenStore {
  private static final Log LOG = Log.get(FileTokenStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int FORMAT_VERSION = 1;
  private static final long MAX_FILE_BYTES = 256 * 1024;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final Object lock = new Object();

  /** @param file where the tokens are kept; its folder is created when needed */
  public FileTokenStore(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    this.file = file.toAbsolutePath();
  }

  /** @return the file this store writes */
  public Path file() {
    return file;
  }

  @Override
  public Optional<StoredTokens> load() {
    synchronized (lock) {
      try {
        if (Files.size(file) > MAX_FILE_BYTES) {
          LOG.warn("token file " + file + " is too large to be a token file; treating it as signed out");
          return Optional.empty();
        }
        return parse(Files.readAllBytes(file));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException | RuntimeException e) {
        LOG.warn("token file " + file + " cannot be read (" + e.getClass().getSimpleName()
            + "); treating it as signed out");
        return Optional.empty();
      }
    }
  }

  /** Decodes the file's content; empty for anything that is not a valid token file. */
  static Optional<StoredTokens> parse(byte[] content) {
    try {
      JsonNode root = MAPPER.readTree(content);
      if (root == null || !root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION) {
        LOG.warn("token file has an unknown format; treating it as signed out");
        return Optional.empty();
      }
      String access = text(root, "accessToken");
      String refresh = text(root, "refreshToken");
      if ((access == null) != (refresh == null)) {
        LOG.warn("token file holds only one of the two tokens; treating it as signed out");
        return Optional.empty();
      }
      return Optional.of(new StoredTokens(access, refresh, root.path("mfaPending").asBoolean(false),
          text(root, "trustToken")));
    } catch (IOException | RuntimeException e) {
      LOG.warn("token file is corrupt (" + e.getClass().getSimpleName() + "); treating it as signed out");
      return Optional.empty();
    }
  }

  private static String text(JsonNode root, String name) {
    JsonNode node = root.get(name);
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  static byte[] encode(StoredTokens tokens) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", FORMAT_VERSION);
    root.put("accessToken", tokens.accessToken());
    root.put("refreshToken", tokens.refreshToken());
    root.put("mfaPending", tokens.mfaPending());
    root.put("trustToken", tokens.trustToken());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode tokens", e);
    }
  }

  @Override
  public void save(StoredTokens tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    write(encode(tokens));
  }

  @Override
  public void clear() {
    synchronized (lock) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new TokenStoreException("cannot delete the token file " + file, e);
      }
      deleteStrayTempFiles();
    }
  }

  /**
   * A process killed in the middle of a save leaves its temporary file behind, holding tokens:
   * "removes everything" includes those. Best effort.
   */
  private void deleteStrayTempFiles() {
    String prefix = "." + file.getFileName() + ".";
    try (java.nio.file.DirectoryStream<Path> strays = Files.newDirectoryStream(file.getParent(),
        entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(".tmp"))) {
      for (Path stray : strays) {
        Files.deleteIfExists(stray);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot delete stray temporary token files beside " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void write(byte[] content) {
    synchronized (lock) {
      Path dir = file.getParent();
      Path temp = null;
      try {
        Files.createDirectories(dir);
        temp = createOwnerOnlyTempFile(dir);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        temp = null;
        forceDirectory(dir);
      } catch (IOException e) {
        throw new TokenStoreException("cannot write the token file " + file, e);
      } finally {
        if (temp != null) {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // best effort: a stray temp file holds no more than the target would
          }
        }
      }
    }
  }

  private Path createOwnerOnlyTempFile(Path dir) throws IOException {
    String prefix = "." + file.getFileName() + ".";
    try {
      FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
      return Files.createTempFile(dir, prefix, ".tmp", attribute);
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile(dir, prefix, ".tmp");
    }
  }

  /** Makes the rename itself durable; not possible on every platform, where it is skipped. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open directories; the file content itself is already on disk
    }
  }

  @Override
  public String toString() {
    return "FileTokenStore[" + file + "]";
  }

  /** A save or clear that could not reach the disk. */
  public static final class TokenStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenStoreException(String message, IOException cause) {
      super(message, cause);
    }
  }
}
