package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestauth.client.internal.Log;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps tokens in a small JSON file so a session survives restarts of the app.
 *
 * <ul>
 *   <li>Every save writes a temporary file beside the target, forces it to disk and renames it over
 *       the target in one atomic step: a crash leaves either the old or the new content, never a
 *       torn file.</li>
 *   <li>Where the file system has POSIX permissions the file is created {@code 0600} (owner only);
 *       elsewhere (Windows, Android's app storage, which is private already) the default applies.</li>
 *   <li>{@link #load()} never throws and never blocks. It reads only a regular file (a symlink to
 *       one is followed) of at most 64 KiB, and reads no more than that.
 *       Anything else reads as "signed out", with a warning logged that names no token: a missing,
 *       corrupt, unreadable or oversized file, a folder, a FIFO, a device or a socket, and a file
 *       whose access or refresh token is not a legal HTTP header value (see
 *       {@link TokenStore#load()}). A device-trust token that is not a legal header value is
 *       dropped and the rest kept.</li>
 *   <li>{@link #save} and {@link #clear()} throw
 *       {@link io.nestauth.client.exception.TokenStoreException} when the change cannot be
 *       persisted; its message names the operation and the file's name, never a token.
 *       {@link #clear()} never deletes a folder: a folder at the path holds no tokens, so there is
 *       nothing to remove.</li>
 *   <li>Refreshes are single-flight across every process that uses the file
 *       ({@link #withRefreshLock}): the store takes an operating-system lock on a lock file beside
 *       the token file ({@code <name>.lock}, kept empty and never deleted, since deleting a lock
 *       file lets two processes lock two different files). The operating system releases the lock
 *       when its holder dies, even by {@code kill -9}. Clients in one process over the same file
 *       (through any number of {@code FileTokenStore} objects) queue on a lock in memory first,
 *       because the operating system's lock belongs to the whole process. A file system without
 *       working locks (some network file systems) cannot give this guarantee.</li>
 *   <li>Thread-safe.</li>
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
  /** The largest token file read, in bytes; a real one holds two JWTs and a trust token, about 2 KiB. */
  static final int MAX_FILE_BYTES = 64 * 1024;
  private static final GuardedFile.Wording WORDING = new GuardedFile.Wording("token file", "tokens", "the refresh");

  /** How long {@link #withRefreshLock} waits by default: longer than a refresh takes, even a slow one. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  private final GuardedFile file;

  /**
   * A store over {@code file} whose refresh lock waits at most {@link #DEFAULT_LOCK_TIMEOUT}.
   *
   * @param file where the tokens are kept; its folder is created when needed
   */
  public FileTokenStore(Path file) {
    this(file, DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * @param file where the tokens are kept; its folder is created when needed
   * @param lockTimeout how long a refresh waits for another process's refresh to finish before it
   *     fails (as a transient failure: the session is kept)
   */
  public FileTokenStore(Path file, Duration lockTimeout) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("lockTimeout must be positive");
    }
    this.file = new GuardedFile(file, lockTimeout, MAX_FILE_BYTES, WORDING);
  }

  /** @return the file this store writes */
  public Path file() {
    return file.file();
  }

  @Override
  public Optional<StoredTokens> load() {
    byte[] content = file.read();
    return content == null ? Optional.empty() : parse(content);
  }

  /** Reads until the end, but never more than {@code limit + 1} bytes; null when there are more. */
  static byte[] readAtMost(ReadableByteChannel channel, int limit) throws IOException {
    return GuardedFile.readAtMost(channel, limit);
  }

  /** Decodes the file's content; empty for anything that is not a valid token file. */
  static Optional<StoredTokens> parse(byte[] content) {
    try {
      JsonNode root = MAPPER.readTree(content);
      if (root == null || !root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION) {
        LOG.warn("token file has an unknown format; treating it as signed out");
        return Optional.empty();
      }
      return StoredTokens.fromStore(text(root, "accessToken"), text(root, "refreshToken"),
          root.path("mfaPending").asBoolean(false), text(root, "trustToken"), why -> LOG.warn("token file " + why));
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

  /**
   * {@inheritDoc}
   *
   * <p>Writes a temporary file beside the target, forces it to disk and renames it over the target
   * in one atomic step; creates the folder when needed.
   *
   * @throws io.nestauth.client.exception.TokenStoreException when the file cannot be written
   *     (the folder is not writable, a folder is where the file should be, the disk is full, ...);
   *     the file keeps what it held
   */
  @Override
  public void save(StoredTokens tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    file.write(encode(tokens));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A folder at the path, or a path below something that is not a folder, holds no tokens
   * ({@link #load()} reads it as signed out): there is nothing to remove, and this returns without
   * touching it. Also deletes temporary files a process killed in the middle of a save left beside
   * the file (best effort).
   *
   * @throws io.nestauth.client.exception.TokenStoreException when the file exists and cannot be
   *     deleted
   */
  @Override
  public void clear() {
    file.delete();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds an exclusive lock on the lock file beside the token file for the duration, so that
   * clients in other processes wait; nested calls on one thread take it once.
   *
   * @throws io.nestauth.client.exception.TokenStoreException when the lock is not free within the
   *     lock timeout, or the lock file cannot be created
   */
  @Override
  public <T> T withRefreshLock(Supplier<T> refresh) {
    return file.withLock(refresh);
  }

  @Override
  public boolean coordinatesRefresh() {
    return true;
  }

  @Override
  public String toString() {
    return "FileTokenStore[" + file.file() + "]";
  }
}
