package io.nestauth.client;

import io.nestauth.client.exception.TokenStoreException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One small file of secrets or of what refers to them, as {@link FileTokenStore} and
 * {@link FileAccountStore} keep them: read without ever blocking or reading more than a limit,
 * replaced atomically and durably, created owner-only, and locked across processes. The reasons
 * behind each step are given in {@link FileTokenStore}'s documentation. Thread-safe.
 */
final class GuardedFile {
  private static final Log LOG = Log.get(GuardedFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  /** How often a waiting process tries the operating system's lock again. */
  private static final long LOCK_POLL_MILLIS = 10;
  /** One in-memory lock per lock file for the whole process: the OS lock cannot exclude threads of its own process. */
  private static final ConcurrentMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  /** What a file holds and what its lock guards, for log lines and messages (never a value or a folder). */
  static final class Wording {
    final String noun;
    final String content;
    final String lockedWork;

    /**
     * @param noun e.g. {@code token file}
     * @param content e.g. {@code tokens}: "cannot save the tokens"
     * @param lockedWork e.g. {@code the refresh}: "the refresh was not made"
     */
    Wording(String noun, String content, String lockedWork) {
      this.noun = noun;
      this.content = content;
      this.lockedWork = lockedWork;
    }
  }

  private final Path file;
  private final Path lockFile;
  private final Duration lockTimeout;
  private final int maxBytes;
  private final Wording words;
  private final Object lock = new Object();

  GuardedFile(Path file, Duration lockTimeout, int maxBytes, Wording words) {
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.lockTimeout = lockTimeout;
    this.maxBytes = maxBytes;
    this.words = words;
  }

  Path file() {
    return file;
  }

  /**
   * @return the file's content, or null when there is none: missing (silently), or unreadable, not a
   *     regular file, or larger than the limit (each with a warning that names no value)
   */
  byte[] read() {
    synchronized (lock) {
      try {
        return readRegularFile();
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException | RuntimeException e) {
        LOG.warn(words.noun + " " + file + " cannot be read (" + e.getClass().getSimpleName()
            + "); treating it as signed out");
        return null;
      }
    }
  }

  /**
   * Reads the file when it is a regular file (after following symlinks) of at most the limit; null,
   * with a warning logged, for anything else.
   *
   * <p>Why this cannot block: {@code open()} blocks only for a FIFO (until a writer appears) and
   * some devices, and {@code read()} never ends only for a device like {@code /dev/zero}. The type
   * is checked before the open, on the very name that is then opened: the symlink-free real path,
   * opened with {@code NOFOLLOW_LINKS} so that a symlink put there meanwhile makes the open fail
   * instead of being followed. The read stops after {@code maxBytes + 1} bytes whatever the
   * size said (procfs files say 0). What is left is replacing the checked regular file itself by
   * a FIFO in the microseconds between the check and the open: that needs write access to its
   * folder and winning that race, and Java has no non-blocking open ({@code O_NONBLOCK}) to close
   * it.
   */
  private byte[] readRegularFile() throws IOException {
    Path target = file.toRealPath();
    BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      LOG.warn(words.noun + " " + file + " is not a regular file (a folder, FIFO, device or socket); treating it as"
          + " signed out");
      return null;
    }
    if (attributes.size() > maxBytes) {
      LOG.warn(words.noun + " " + file + " is too large to be a " + words.noun + "; treating it as signed out");
      return null;
    }
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] content = readAtMost(channel, maxBytes);
      if (content == null) {
        LOG.warn(words.noun + " " + file + " is too large to be a " + words.noun + "; treating it as signed out");
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

  /**
   * Writes a temporary file beside the target, forces it to disk and renames it over the target in
   * one atomic step; creates the folder when needed.
   *
   * @throws TokenStoreException when the file cannot be written; it keeps what it held
   */
  void write(byte[] content) {
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

  /**
   * Deletes the file (a symlink, not its target) and temporary files a killed save left beside it.
   * A folder at the path, or a path below something that is not a folder, holds nothing: it is left
   * as it is.
   *
   * @throws TokenStoreException when the file exists and cannot be deleted
   */
  void delete() {
    synchronized (lock) {
      try {
        if (Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
          LOG.warn(words.noun + " " + file + " is a folder; it holds no " + words.content + " and is left as it is");
        } else {
          Files.delete(file);
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

  /** The failure of a save or clear: names the operation and the file's name (not its folder), no value. */
  private TokenStoreException failure(String operation, String step, IOException cause) {
    return new TokenStoreException("cannot " + operation + " the " + words.content + ": " + step + " the "
        + words.noun + " " + file.getFileName() + " failed (" + reason(cause) + ")", cause);
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
   * A process killed in the middle of a save leaves its temporary file behind, holding what the file
   * would: deleting the file includes those. Best effort.
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
      LOG.warn("cannot delete stray temporary " + words.noun + "s beside " + file + " (" + e.getClass().getSimpleName()
          + ")");
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
   * Runs {@code work} holding an exclusive lock on the lock file beside the file ({@code <name>.lock},
   * kept empty and never deleted), so that other processes wait; threads of this process queue on a
   * lock in memory first. Nested calls on one thread take it once.
   *
   * @throws TokenStoreException when the lock is not free within the lock timeout, or the lock file
   *     cannot be created
   */
  <T> T withLock(Supplier<T> work) {
    ReentrantLock inProcess = PROCESS_LOCKS.computeIfAbsent(lockFile, key -> new ReentrantLock());
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    try {
      if (!inProcess.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw lockTimedOut();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
    try {
      if (inProcess.getHoldCount() > 1) {
        return work.get();
      }
      try (FileChannel channel = openLockFile(); FileLock held = lockBefore(channel, deadline)) {
        return work.get();
      } catch (IOException e) {
        throw failure("lock", "locking", e);
      }
    } finally {
      inProcess.unlock();
    }
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
        throw interrupted(e);
      }
    }
  }

  private TokenStoreException interrupted(InterruptedException e) {
    return new TokenStoreException("interrupted while waiting for the lock of the " + words.noun + " "
        + file.getFileName(), e);
  }

  private TokenStoreException lockTimedOut() {
    return new TokenStoreException("another client held the lock of the " + words.noun + " " + file.getFileName()
        + " for longer than " + lockTimeout.toMillis() + " ms; " + words.lockedWork + " was not made", null);
  }
}
