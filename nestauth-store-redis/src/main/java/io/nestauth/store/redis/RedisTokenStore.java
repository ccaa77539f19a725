package io.nestauth.store.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.TokenStore;
import io.nestauth.client.exception.TokenStoreException;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tokens of one session in Redis, made by {@link RedisTokenStores#forKey}: a hash at
 * {@code <prefix>:<sessionKey>} whose time to live follows the refresh token's expiry.
 *
 * <ul>
 *   <li>{@link #load()} never throws: a missing key, a hash of an unknown format, half a pair of
 *       tokens, a token that is not a legal HTTP header value and an unreachable Redis all read as
 *       signed out, with a warning logged that names no key and no token (a device-trust token that
 *       is not a legal header value is dropped, the rest kept).</li>
 *   <li>{@link #save} replaces the whole hash and sets its time to live in one step (a Lua script):
 *       until the refresh token's {@code exp}, or the {@linkplain RedisTokenStores.Builder#defaultTtl
 *       default} when it has none or only a device-trust token is stored; never less than a minute,
 *       so that a clock running ahead of the server's does not drop a live session.</li>
 *   <li>{@link #withRefreshLock} takes the key {@code <prefix>:<sessionKey>:lock} with
 *       {@code SET NX PX} and a random owner token, polls until the lock timeout, and releases it
 *       only while it still holds that token (compare-and-delete). A holder that dies keeps the
 *       others out for the lease at most.</li>
 *   <li>Fencing: a {@link #save} or {@link #clear()} made inside {@link #withRefreshLock} on the
 *       same thread (by any store of the same factory over the same key) writes only while the lock
 *       still holds this holder's token, checked in the same script; after the lease ran out it
 *       fails with {@link TokenStoreException} and writes nothing.</li>
 *   <li>Redis unreachable or too slow ({@linkplain RedisTokenStores.Builder#commandTimeout command
 *       timeout}): save, clear and the lock fail with {@link TokenStoreException}. A command that
 *       timed out before it was sent is cancelled; one that reached Redis may still have run.</li>
 *   <li>Thread-safe; {@link #toString()} shows the prefix only.</li>
 * </ul>
 */
public final class RedisTokenStore implements TokenStore {
  private static final System.Logger LOG = System.getLogger(RedisTokenStore.class.getName());

  /** The hash's fields; {@code format} lets a later version read or refuse what an earlier one wrote. */
  static final String FORMAT = "format";
  static final String ACCESS = "accessToken";
  static final String REFRESH = "refreshToken";
  static final String MFA_PENDING = "mfaPending";
  static final String TRUST = "trustToken";
  static final String FORMAT_VERSION = "1";

  /** The shortest time to live: the local clock may run ahead of the server's that wrote {@code exp}. */
  static final Duration MIN_TTL = Duration.ofMinutes(1);
  /** The longest: beyond any refresh-token lifetime, and within what Redis accepts. */
  static final Duration MAX_TTL = Duration.ofDays(366);
  private static final long LOCK_POLL_MILLIS = 10;

  /**
   * KEYS[1] the session, KEYS[2] its lock; ARGV[1] the owner token ('' outside the lock),
   * ARGV[2] the time to live in ms, then field, value, ... Returns 0 when fenced off.
   */
  private static final String WRITE = "if ARGV[1] ~= '' and redis.call('get', KEYS[2]) ~= ARGV[1] then return 0 end\n"
      + "redis.call('del', KEYS[1])\n"
      + "redis.call('hset', KEYS[1], unpack(ARGV, 3))\n"
      + "redis.call('pexpire', KEYS[1], ARGV[2])\n"
      + "return 1";
  /** KEYS[1] the session, KEYS[2] its lock; ARGV[1] the owner token ('' outside the lock). */
  private static final String CLEAR = "if ARGV[1] ~= '' and redis.call('get', KEYS[2]) ~= ARGV[1] then return 0 end\n"
      + "redis.call('del', KEYS[1])\n"
      + "return 1";
  /** KEYS[1] the lock, ARGV[1] the owner token: deletes the lock only while it is still this owner's. */
  private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end\n"
      + "return 0";

  private final RedisTokenStores stores;
  private final String key;
  private final String lockKey;
  private final String[] keys;

  RedisTokenStore(RedisTokenStores stores, String key) {
    this.stores = stores;
    this.key = key;
    this.lockKey = key + ":lock";
    this.keys = new String[] {key, lockKey};
  }

  /**
   * The Redis key of the session, {@code <prefix>:<sessionKey>}; its lock is this plus {@code :lock}.
   * It contains the app's session key: treat it as such.
   *
   * @return the key
   */
  public String redisKey() {
    return key;
  }

  @Override
  public Optional<StoredTokens> load() {
    List<KeyValue<String, String>> fields;
    try {
      fields = stores.await(redis -> redis.hmget(key, FORMAT, ACCESS, REFRESH, MFA_PENDING, TRUST), "read the tokens");
    } catch (TokenStoreException e) {
      warn(e.getMessage() + "; treating the session as signed out"); // names no key, no token
      return Optional.empty();
    }
    try {
      return parse(fields);
    } catch (RuntimeException e) {
      warn("the session in Redis is corrupt (" + e.getClass().getSimpleName() + "); treating it as signed out");
      return Optional.empty();
    }
  }

  /** What the hash holds, when it is a plausible state; empty (with a warning naming no token) otherwise. */
  private static Optional<StoredTokens> parse(List<KeyValue<String, String>> fields) {
    String format = value(fields, 0);
    String access = value(fields, 1);
    String refresh = value(fields, 2);
    String mfaPending = value(fields, 3);
    String trust = value(fields, 4);
    if (format == null && access == null && refresh == null && mfaPending == null && trust == null) {
      return Optional.empty(); // nothing stored
    }
    if (!FORMAT_VERSION.equals(format)) {
      warn("the session in Redis has an unknown format; treating it as signed out");
      return Optional.empty();
    }
    if (mfaPending != null && !mfaPending.equals("0") && !mfaPending.equals("1")) {
      warn("the session in Redis has an unreadable MFA state; treating it as signed out");
      return Optional.empty();
    }
    return StoredTokens.fromStore(access, refresh, "1".equals(mfaPending), trust,
        why -> warn("the session in Redis " + why));
  }

  /** The field's value; an empty one counts as absent, as the file store's does. */
  private static @Nullable String value(List<KeyValue<String, String>> fields, int index) {
    if (index >= fields.size() || !fields.get(index).hasValue()) {
      return null;
    }
    String value = fields.get(index).getValue();
    return value.isEmpty() ? null : value;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Replaces the hash and sets its time to live in one script; inside {@link #withRefreshLock}
   * only while this thread's lock is still held.
   *
   * @throws TokenStoreException when Redis cannot be reached or does not answer within the command
   *     timeout, or when this thread's refresh lock ran out meanwhile (nothing is written then)
   */
  @Override
  public void save(StoredTokens tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    List<String> args = new ArrayList<>(12);
    String owner = stores.ownerOnThisThread(lockKey);
    args.add(owner != null ? owner : "");
    args.add(Long.toString(ttl(tokens, stores.defaultTtl(), Instant.now()).toMillis()));
    field(args, FORMAT, FORMAT_VERSION);
    field(args, ACCESS, tokens.accessToken());
    field(args, REFRESH, tokens.refreshToken());
    field(args, MFA_PENDING, tokens.mfaPending() ? "1" : "0");
    field(args, TRUST, tokens.trustToken());
    String[] values = args.toArray(new String[0]);
    Long written = stores.await(redis -> redis.<Long>eval(WRITE, ScriptOutputType.INTEGER, keys, values), "save the tokens");
    if (written == null || written != 1L) {
      throw fencedOff("save");
    }
  }

  private static void field(List<String> args, String name, @Nullable String value) {
    if (value != null) {
      args.add(name);
      args.add(value);
    }
  }

  /**
   * How long the session is kept: until the refresh token's {@code exp}, else {@code defaultTtl};
   * within {@link #MIN_TTL} and {@link #MAX_TTL}.
   */
  static Duration ttl(StoredTokens tokens, Duration defaultTtl, Instant now) {
    Duration ttl = TokenClaims.parse(tokens.refreshToken()).flatMap(TokenClaims::expiresAt)
        .map(exp -> Duration.between(now, exp))
        .orElse(defaultTtl);
    if (ttl.compareTo(MIN_TTL) < 0) {
      return MIN_TTL;
    }
    return ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
  }

  /**
   * {@inheritDoc}
   *
   * @throws TokenStoreException when Redis cannot be reached or does not answer within the command
   *     timeout, or when this thread's refresh lock ran out meanwhile (nothing is removed then)
   */
  @Override
  public void clear() {
    String owner = stores.ownerOnThisThread(lockKey);
    String[] values = {owner != null ? owner : ""};
    Long cleared = stores.await(redis -> redis.<Long>eval(CLEAR, ScriptOutputType.INTEGER, keys, values), "clear the tokens");
    if (cleared == null || cleared != 1L) {
      throw fencedOff("clear");
    }
  }

  private TokenStoreException fencedOff(String operation) {
    return new TokenStoreException("cannot " + operation + " the tokens: the refresh lock in Redis ran out (lease "
        + stores.lockLease().toMillis() + " ms) and another client may have taken it; nothing was written", null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes the lock key with a lease ({@code SET NX PX}), polling every 10 ms until the lock
   * timeout; nested calls on one thread (through any store of the same factory over this key) take
   * it once. Releases it only while it is still this holder's.
   *
   * @throws TokenStoreException when the lock is not free within the lock timeout, or Redis cannot
   *     be reached
   */
  @Override
  public <T> T withRefreshLock(Supplier<T> refresh) {
    if (refresh == null) {
      throw new IllegalArgumentException("refresh must not be null");
    }
    if (stores.enterHeld(lockKey)) {
      try {
        return refresh.get();
      } finally {
        stores.left(lockKey);
      }
    }
    String owner = UUID.randomUUID().toString();
    acquire(owner);
    stores.entered(lockKey, owner);
    try {
      return refresh.get();
    } finally {
      stores.left(lockKey);
      release(owner);
    }
  }

  @Override
  public boolean coordinatesRefresh() {
    return true;
  }

  private void acquire(String owner) {
    long leaseMillis = stores.lockLease().toMillis();
    long deadline = System.nanoTime() + stores.lockTimeout().toNanos();
    while (true) {
      // a SET whose answer was lost may have taken the lock all the same: its lease frees it
      String taken = stores.await(redis -> redis.set(lockKey, owner, SetArgs.Builder.nx().px(leaseMillis)),
          "take the refresh lock");
      if ("OK".equals(taken)) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new TokenStoreException("another client held the refresh lock in Redis for longer than "
            + stores.lockTimeout().toMillis() + " ms; the refresh was not made", null);
      }
      try {
        Thread.sleep(LOCK_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenStoreException("interrupted while waiting for the refresh lock in Redis", e);
      }
    }
  }

  /**
   * Best effort: a lock that cannot be released runs out with its lease. A holder interrupted
   * meanwhile still releases (the interrupt is kept for its caller), so the others need not wait.
   */
  private void release(String owner) {
    boolean interrupted = Thread.interrupted();
    try {
      stores.await(redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lockKey}, owner),
          "release the refresh lock");
    } catch (TokenStoreException e) {
      warn(e.getMessage() + "; it runs out after its lease");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "RedisTokenStore[prefix=" + stores.keyPrefix() + "]";
  }

  /** A warning that names neither the key nor a token (callers pass only such messages). */
  private static void warn(String message) {
    LOG.log(System.Logger.Level.WARNING, message);
  }
}
