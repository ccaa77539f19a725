package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestauth.client.internal.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** How long {@link #withRefreshLock} waits by default: longer than a refresh takes, even a slow one. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
  /** How often a waiting process tries the operating system's lock again. */
  private static final long LOCK_POLL_MILLIS = 10;
  /** One in-memory lock per lock file for the whole process: the OS lock cannot exclude threads of its own process. */
  private static final ConcurrentMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final Duration lockTimeout;
  private final Object lock = new Object();

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
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.lockTimeout = lockTimeout;
  }

  /** @return the file this store writes */
  public Path file() {
    return file;
  }

  @Override
  public Optional<StoredTokens> load() {
    synchronized (lock) {
      byte[] content;
      try {
        content = readRegularFile();
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException | RuntimeException e) {
        LOG.warn("token file " + file + " cannot be read (" + e.getClass().getSimpleName()
            + "); treating it as signed out");
        return Optional.empty();
      }
      return content == null ? Optional.empty() : parse(content);
    }
  }

  /**
   * Reads the file when it is a regular file (after following symlinks) of at most
   * {@link #MAX_FILE_BYTES}; null, with a warning logged, for anything else.
   *
   * <p>Why this cannot block: {@code open()} blocks only for a FIFO (until a writer appears) and
   * some devices, and {@code read()} never ends only for a device like {@code /dev/zero}. The type
   * is checked before the open, on the very name that is then opened: the symlink-free real path,
   * opened with {@code NOFOLLOW_LINKS} so that a symlink put there meanwhile makes the open fail
   * instead of being followed. The read stops after {@code MAX_FILE_BYTES + 1} bytes whatever the
   * size said (procfs files say 0). What is left is replacing the checked regular file itself by
   * a FIFO in the microseconds between the check and the open: that needs write access to its
   * folder and winning that race, and Java has no non-blocking open ({@code O_NONBLOCK}) to close
   * it.
   */
  private byte[] readRegularFile() throws IOException {
    Path target = file.toRealPath();
    BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      LOG.warn("token file " + file + " is not a regular file (a folder, FIFO, device or socket); treating it as"
          + " signed out");
      return null;
    }
    if (attributes.size() > MAX_FILE_BYTES) {
      LOG.warn("token file " + file + " is too large to be a token file; treating it as signed out");
      return null;
    }
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] content = readAtMost(channel, MAX_FILE_BYTES);
      if (content == null) {
        LOG.warn("token file " + file + " is too large to be a token file; treating it as signed out");
      }
      return content;
    }
  }

  /**
   * Reads until the end, but never more than {@code limit + 1} bytes.
   *
   * @return the bytes read, or null when there are more than {@code limit}
   */
  static byte[] readAtMost(ReadableByteChannel channel, int limit) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    int read = buffer.position();
    return read > limit ? null : Arrays.copyOf(buffer.array(), read);
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
    write(encode(tokens));
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
    synchronized (lock) {
      try {
        if (Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
          LOG.warn("token file " + file + " is a folder; it holds no tokens and is left as it is");
        } else {
          Files.delete(file); // a symlink is deleted, not its target
        }
      } catch (NoSuchFileException e) {
        // nothing stored
      } catch (IOException e) {
        if (!belowANonFolder()) {
          throw failure("clear", "deleting", e);
        }
        return; // nothing can be stored there, temporary files neither
      }
      deleteStrayTempFiles();
    }
  }

  /** True when a folder on the file's path is something else, a regular file say, so no file can be there. */
  private boolean belowANonFolder() {
    for (Path ancestor = file.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      try {
        return !Files.readAttributes(ancestor, BasicFileAttributes.class).isDirectory();
      } catch (IOException e) {
        // missing, or itself below a non-folder: look further up
      }
    }
    return false;
  }

  /** The failure of a save or clear: names the operation and the file's name (not its folder), no token. */
  private io.nestauth.client.exception.TokenStoreException failure(String operation, String step, IOException cause) {
    return new io.nestauth.client.exception.TokenStoreException("cannot " + operation + " the tokens: " + step + " the token file "
        + file.getFileName() + " failed (" + reason(cause) + ")", cause);
  }

  /** The system's reason ("Is a directory"), else what the exception's type says; never a path. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    } else if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    return e.getClass().getSimpleName();
  }

  /**
   * A process killed in the middle of a save leaves its temporary file behind, holding tokens:
   * "removes everything" includes those. Best effort.
   */
  private void deleteStrayTempFiles() {
    String prefix = "." + file.getFileName() + ".";
    try (DirectoryStream<Path> strays = Files.newDirectoryStream(file.getParent(),
        entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(".tmp"))) {
      for (Path stray : strays) {
        Files.deleteIfExists(stray);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // no folder, so no temporary files
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot delete stray temporary token files beside " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void write(byte[] content) {
    synchronized (lock) {
      Path dir = file.getParent();
      Path temp = null;
      String step = "creating the folder of";
      try {
        Files.createDirectories(dir);
        step = "writing";
        temp = createOwnerOnlyTempFile(dir);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        step = "replacing";
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        temp = null;
        forceDirectory(dir);
      } catch (IOException e) {
        throw failure("save", step, e);
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
    ReentrantLock inProcess = PROCESS_LOCKS.computeIfAbsent(lockFile, key -> new ReentrantLock());
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    try {
      if (!inProcess.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw lockTimedOut();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.nestauth.client.exception.TokenStoreException("interrupted while waiting for the lock of the "
          + "token file " + file.getFileName(), e);
    }
    try {
      if (inProcess.getHoldCount() > 1) {
        return refresh.get();
      }
      try (FileChannel channel = openLockFile(); FileLock held = lockBefore(channel, deadline)) {
        return refresh.get();
      } catch (IOException e) {
        throw failure("lock", "locking", e);
      }
    } finally {
      inProcess.unlock();
    }
  }

  @Override
  public boolean coordinatesRefresh() {
    return true;
  }

  private FileChannel openLockFile() throws IOException {
    Files.createDirectories(lockFile.getParent());
    try {
      return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
  }

  /** Tries the OS lock until {@code deadline}: {@code FileChannel.lock()} would wait without a bound. */
  private FileLock lockBefore(FileChannel channel, long deadline) throws IOException {
    while (true) {
      FileLock held = channel.tryLock();
      if (held != null) {
        return held;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw lockTimedOut();
      }
      try {
        Thread.sleep(LOCK_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.nestauth.client.exception.TokenStoreException("interrupted while waiting for the lock of the "
            + "token file " + file.getFileName(), e);
      }
    }
  }

  private io.nestauth.client.exception.TokenStoreException lockTimedOut() {
    return new io.nestauth.client.exception.TokenStoreException("another client held the lock of the token file "
        + file.getFileName() + " for longer than " + lockTimeout.toMillis() + " ms; the refresh was not made", null);
  }

  @Override
  public String toString() {
    return "FileTokenStore[" + file + "]";
  }
}
