package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestauth.client.internal.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keeps several accounts in one folder so that they survive restarts of the app:
 *
 * <ul>
 *   <li>{@code accounts.json}, the {@link AccountIndex} (user ids and the active one, no token);</li>
 *   <li>one {@link FileTokenStore} file per account, {@code session-<hash>.json}, named by a hash of
 *       the user id so that no id, whatever it holds, can name a path.</li>
 * </ul>
 *
 * <p>Every file is written like {@link FileTokenStore}'s (owner-only where the file system has POSIX
 * permissions, replaced atomically, read without blocking and at most 64 KiB). An index that is
 * missing, unreadable, corrupt or not plausible (a repeated id, an active account it does not list,
 * an id that is not a user id, too many accounts) reads as {@link AccountIndex#empty()}, with a
 * warning that names no value: every account is then signed out, and signing in writes a new
 * index. {@link #updateIndex} holds an operating-system lock on {@code accounts.json.lock}, so the
 * processes of one machine that share the folder never lose each other's changes; each account's
 * session is shared the way a {@link FileTokenStore} is. Thread-safe.
 *
 * <pre>{@code
 * Accounts accounts = auth.accounts(
 *     new FileAccountStore(Path.of(System.getProperty("user.home"), ".my-app", "accounts")));
 * }</pre>
 */
public final class FileAccountStore implements AccountStore {
  private static final Log LOG = Log.get(FileAccountStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int FORMAT_VERSION = 1;
  private static final String INDEX_FILE = "accounts.json";
  private static final GuardedFile.Wording WORDING = new GuardedFile.Wording("account index", "account list",
      "the change");

  private final Path folder;
  private final Duration lockTimeout;
  private final GuardedFile index;

  /**
   * A store in {@code folder} whose locks wait at most {@link FileTokenStore#DEFAULT_LOCK_TIMEOUT}.
   *
   * @param folder where the files are kept; created when needed
   */
  public FileAccountStore(Path folder) {
    this(folder, FileTokenStore.DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * @param folder where the files are kept; created when needed
   * @param lockTimeout how long a refresh or a change of the index waits for another process's
   *     before it fails (as a transient failure: nothing changes)
   */
  public FileAccountStore(Path folder, Duration lockTimeout) {
    if (folder == null) {
      throw new IllegalArgumentException("folder must not be null");
    }
    if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("lockTimeout must be positive");
    }
    this.folder = folder.toAbsolutePath();
    this.lockTimeout = lockTimeout;
    this.index = new GuardedFile(this.folder.resolve(INDEX_FILE), lockTimeout, FileTokenStore.MAX_FILE_BYTES, WORDING);
  }

  /** @return the folder this store writes */
  public Path folder() {
    return folder;
  }

  /**
   * {@inheritDoc}
   *
   * @return a {@link FileTokenStore} over {@code session-<hash>.json} in the folder
   */
  @Override
  public TokenStore sessionStore(String userId) {
    return new FileTokenStore(folder.resolve("session-" + hash(AccountIndex.requireUserId(userId, "userId")) + ".json"),
        lockTimeout);
  }

  @Override
  public AccountIndex loadIndex() {
    byte[] content = index.read();
    return content == null ? AccountIndex.empty() : parse(content);
  }

  /**
   * {@inheritDoc}
   *
   * <p>An empty index is stored as no file.
   *
   * @throws io.nestauth.client.exception.TokenStoreException when the index file cannot be written, or
   *     its lock not taken within the lock timeout
   */
  @Override
  public AccountIndex updateIndex(UnaryOperator<AccountIndex> change) {
    if (change == null) {
      throw new IllegalArgumentException("change must not be null");
    }
    return index.withLock(() -> {
      AccountIndex current = loadIndex();
      AccountIndex next = change.apply(current);
      if (next == null) {
        throw new IllegalArgumentException("change must return an index");
      }
      if (next.userIds().isEmpty()) {
        index.delete();
      } else if (!next.equals(current)) {
        index.write(encode(next));
      }
      return next;
    });
  }

  /** Decodes the index file; empty, with a warning, for anything that is not a plausible index. */
  static AccountIndex parse(byte[] content) {
    try {
      JsonNode root = MAPPER.readTree(content);
      if (root == null || !root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION
          || !root.path("accounts").isArray()) {
        LOG.warn("account index has an unknown format; treating every account as signed out");
        return AccountIndex.empty();
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode id : root.get("accounts")) {
        if (!id.isTextual() || ids.size() > AccountIndex.MAX_ACCOUNTS) {
          LOG.warn("account index lists something that is not an account; treating every account as signed out");
          return AccountIndex.empty();
        }
        ids.add(id.asText());
      }
      JsonNode active = root.get("active");
      return AccountIndex.of(ids, active != null && active.isTextual() ? active.asText() : null);
    } catch (IllegalArgumentException e) {
      LOG.warn("account index is not plausible (" + e.getMessage() + "); treating every account as signed out");
      return AccountIndex.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("account index is corrupt (" + e.getClass().getSimpleName() + "); treating every account as signed out");
      return AccountIndex.empty();
    }
  }

  static byte[] encode(AccountIndex accounts) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", FORMAT_VERSION);
    ArrayNode ids = root.putArray("accounts");
    accounts.userIds().forEach(ids::add);
    root.put("active", accounts.activeUserId().orElse(null));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the account index", e);
    }
  }

  /** The first 128 bits of the id's SHA-256, in hex: a file name that no id can steer. */
  private static String hash(String userId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(32);
      for (int i = 0; i < 16; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "FileAccountStore[" + folder + "]";
  }
}
