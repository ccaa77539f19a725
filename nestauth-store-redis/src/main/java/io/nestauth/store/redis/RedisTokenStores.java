package io.nestauth.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.nestauth.client.exception.TokenStoreException;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Hands out a {@link RedisTokenStore} per session key, all over one shared Redis connection: the
 * way a server-side app holds a session for each of its users (a backend-for-frontend, server-side
 * rendering, a worker fleet). Make one for the app and keep it; {@link #forKey} is cheap.
 *
 * <pre>{@code
 * RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
 * RedisTokenStores stores = RedisTokenStores.builder(redis).build();
 * OkHttpClient http = new OkHttpClient();
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .httpClient(http)
 *     .tokenStore(stores.forKey(appSessionId))
 *     .build();
 * }</pre>
 *
 * <p>Every stored session is a hash at {@code <prefix>:<sessionKey>} (for example
 * {@code nestauth:session:user-42}); its refresh lock is the key {@code <prefix>:<sessionKey>:lock}.
 * Only single commands and Lua scripts are sent (no {@code MULTI}, no blocking command), so the
 * connection may be shared with the rest of the app. One Redis node is assumed: the lock is not
 * safe across a failover to a replica, nor over Redis Cluster.
 *
 * <p>Every command waits at most the {@linkplain Builder#commandTimeout command timeout}, whatever
 * the connection's own timeout is. Fencing and nesting of {@link RedisTokenStore#withRefreshLock}
 * work among the stores of one factory: use one factory per Redis.
 *
 * <p>Thread-safe.
 */
public final class RedisTokenStores implements AutoCloseable {
  /** The prefix of every key unless {@link Builder#keyPrefix} says otherwise. */
  public static final String DEFAULT_KEY_PREFIX = "nestauth:session";
  /**
   * How long a refresh lock is held at most unless {@link Builder#lockLease} says otherwise: as long
   * as a refresh can take with OkHttp's default timeouts (10 s each to connect, write and read).
   */
  public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(30);
  /** How long a refresh waits for the lock unless {@link Builder#lockTimeout} says otherwise: past a dead holder's lease. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(35);
  /** How long one command waits for Redis unless {@link Builder#commandTimeout} says otherwise. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  /**
   * How long a session is kept when its refresh token has no readable expiry (or there is none, only
   * a device-trust token) unless {@link Builder#defaultTtl} says otherwise: the server's default
   * lifetime of refresh and device-trust tokens.
   */
  public static final Duration DEFAULT_TTL = Duration.ofDays(7);

  /** Letters, digits and a few separators; no ':' so that no session key is another's lock key. */
  private static final Pattern SESSION_KEY = Pattern.compile("[A-Za-z0-9._~@+=/-]{1,256}");
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._~@+=/:-]{0,127}[A-Za-z0-9._~@+=/-]");

  private final StatefulRedisConnection<String, String> connection;
  private final @Nullable RedisClient ownedClient;
  private final boolean ownsConnection;
  private final String keyPrefix;
  private final Duration lockLease;
  private final Duration lockTimeout;
  private final Duration commandTimeout;
  private final Duration defaultTtl;
  /** The refresh locks this thread holds, by lock key: nested calls and fenced saves look here. */
  private final ThreadLocal<Map<String, Hold>> holds = new ThreadLocal<>();

  private RedisTokenStores(Builder builder, StatefulRedisConnection<String, String> connection,
      @Nullable RedisClient ownedClient, boolean ownsConnection) {
    this.connection = connection;
    this.ownedClient = ownedClient;
    this.ownsConnection = ownsConnection;
    this.keyPrefix = builder.keyPrefix;
    this.lockLease = builder.lockLease;
    this.lockTimeout = builder.lockTimeout;
    this.commandTimeout = builder.commandTimeout;
    this.defaultTtl = builder.defaultTtl;
  }

  /**
   * Stores over a connection the app owns and shares; {@link #close()} leaves it open.
   *
   * @param connection a connection with the String codec (what {@code RedisClient.connect()} returns)
   * @return a builder
   */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    if (connection == null) {
      throw new IllegalArgumentException("connection must not be null");
    }
    return new Builder(connection, null, null, 0);
  }

  /**
   * Stores over one connection that {@link Builder#build()} opens with {@code client};
   * {@link #close()} closes that connection, not the client.
   *
   * @param client the app's Redis client
   * @return a builder
   */
  public static Builder builder(RedisClient client) {
    if (client == null) {
      throw new IllegalArgumentException("client must not be null");
    }
    return new Builder(null, client, null, 0);
  }

  /**
   * Stores over a Redis at {@code host:port} without a password; {@link Builder#build()} makes a
   * client of its own and {@link #close()} shuts it down. For a password, TLS or a database other
   * than 0, pass your own {@code RedisClient} instead.
   *
   * @param host the Redis host, e.g. {@code 127.0.0.1}
   * @param port the Redis port, e.g. 6379
   * @return a builder
   */
  public static Builder builder(String host, int port) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535");
    }
    return new Builder(null, null, host, port);
  }

  /**
   * The store of one session. Cheap: make one for every client, keep none.
   *
   * @param sessionKey the app's id of the session (a user id, the app's own session id), 1 to 256
   *     characters of ASCII letters, digits and {@code . _ ~ @ + = / -}; hash an id with other
   *     characters. It is stored in Redis as it is and never written to logs or messages: if your
   *     id is a secret (a cookie value), pass a hash of it
   * @return the store of that session
   * @throws IllegalArgumentException when the key is null or has other characters, before anything
   *     is sent to Redis
   */
  public RedisTokenStore forKey(String sessionKey) {
    if (sessionKey == null || !SESSION_KEY.matcher(sessionKey).matches()) {
      throw new IllegalArgumentException("sessionKey must be 1 to 256 characters of ASCII letters, digits and"
          + " . _ ~ @ + = / - (hash an id that has others)");
    }
    return new RedisTokenStore(this, keyPrefix + ":" + sessionKey);
  }

  /** @return the prefix of every key */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** @return how long a refresh lock is held at most */
  public Duration lockLease() {
    return lockLease;
  }

  /** @return how long a refresh waits for the lock */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /** @return how long one command waits for Redis */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** @return how long a session without a readable refresh-token expiry is kept */
  public Duration defaultTtl() {
    return defaultTtl;
  }

  /**
   * Closes what {@link Builder#build()} opened: the connection opened with the app's client, or the
   * client made for {@code host:port}. A connection the app passed in stays open.
   */
  @Override
  public void close() {
    if (ownedClient != null) {
      connection.close();
      ownedClient.shutdown();
    } else if (ownsConnection) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "RedisTokenStores[prefix=" + keyPrefix + "]";
  }

  /**
   * Runs one command and waits at most the command timeout.
   *
   * @param what the operation, for the message ("save the tokens")
   * @throws TokenStoreException when Redis does not answer in time, cannot be reached or refuses
   *     the command; the message names the operation, never a key or token
   */
  <T> T await(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command, String what) {
    RedisFuture<T> future;
    try {
      future = command.apply(connection.async());
    } catch (RuntimeException e) {
      throw failure(what, e);
    }
    try {
      return future.get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false); // not sent yet (Redis unreachable, the command queued): never sent later
      throw new TokenStoreException("cannot " + what + ": Redis did not answer within "
          + commandTimeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new TokenStoreException("cannot " + what + ": interrupted while waiting for Redis", e);
    }
  }

  private static TokenStoreException failure(String what, Throwable cause) {
    return new TokenStoreException("cannot " + what + ": " + reason(cause), cause);
  }

  /** What went wrong, without the command's arguments: Redis's error code, or the failure's kind. */
  private static String reason(Throwable e) {
    if (e instanceof RedisCommandTimeoutException) {
      return "Redis did not answer in time";
    } else if (e instanceof RedisCommandExecutionException && e.getMessage() != null) {
      String code = e.getMessage().split(" ", 2)[0];
      return "Redis answered " + (code.matches("[A-Z]{2,20}") ? code : "an error");
    } else if (e instanceof RedisConnectionException) {
      return "no connection to Redis";
    }
    return "failed (" + e.getClass().getSimpleName() + ")";
  }

  /** @return the owner token of the lock this thread holds on {@code lockKey}, or null */
  @Nullable String ownerOnThisThread(String lockKey) {
    Map<String, Hold> held = holds.get();
    Hold hold = held == null ? null : held.get(lockKey);
    return hold == null ? null : hold.owner;
  }

  /** Counts one more nested use of a lock this thread holds; false when it holds none on {@code lockKey}. */
  boolean enterHeld(String lockKey) {
    Map<String, Hold> held = holds.get();
    Hold hold = held == null ? null : held.get(lockKey);
    if (hold == null) {
      return false;
    }
    hold.depth++;
    return true;
  }

  /** Records that this thread now holds the lock on {@code lockKey} as {@code owner}. */
  void entered(String lockKey, String owner) {
    Map<String, Hold> held = holds.get();
    if (held == null) {
      held = new HashMap<>(4);
      holds.set(held);
    }
    held.put(lockKey, new Hold(owner));
  }

  /** Ends one use; the last one forgets the lock (and the thread's map, so pooled threads keep nothing). */
  void left(String lockKey) {
    Map<String, Hold> held = holds.get();
    Hold hold = held == null ? null : held.get(lockKey);
    if (hold != null && --hold.depth == 0) {
      held.remove(lockKey);
      if (held.isEmpty()) {
        holds.remove();
      }
    }
  }

  /** One thread's hold of one lock. */
  private static final class Hold {
    final String owner;
    int depth = 1;

    Hold(String owner) {
      this.owner = owner;
    }
  }

  /** The settings of a {@link RedisTokenStores}. Not thread-safe; build once. */
  public static final class Builder {
    private final @Nullable StatefulRedisConnection<String, String> connection;
    private final @Nullable RedisClient client;
    private final @Nullable String host;
    private final int port;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration lockLease = DEFAULT_LOCK_LEASE;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration defaultTtl = DEFAULT_TTL;

    private Builder(@Nullable StatefulRedisConnection<String, String> connection, @Nullable RedisClient client,
        @Nullable String host, int port) {
      this.connection = connection;
      this.client = client;
      this.host = host;
      this.port = port;
    }

    /**
     * Sets the prefix of every key (default {@value #DEFAULT_KEY_PREFIX}): one per app, and no
     * prefix the start of another's ({@code a} and {@code a:b} could name the same key).
     *
     * @param keyPrefix 1 to 128 characters of ASCII letters, digits and {@code : . _ ~ @ + = / -},
     *     not ending in {@code :}
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      if (keyPrefix == null || !KEY_PREFIX.matcher(keyPrefix).matches()) {
        throw new IllegalArgumentException("keyPrefix must be 1 to 128 characters of ASCII letters, digits and"
            + " : . _ ~ @ + = / -, not ending in ':'");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * Sets how long a refresh lock is held at most (default 30 s). A holder that dies keeps the
     * others waiting this long; a holder still refreshing when it runs out loses the lock and cannot
     * save, so make it longer than a refresh can take (the OkHttpClient's timeouts).
     *
     * @param lockLease at least 1 ms
     * @return this builder
     */
    public Builder lockLease(Duration lockLease) {
      this.lockLease = atLeastOneMilli(lockLease, "lockLease");
      return this;
    }

    /**
     * Sets how long a refresh waits for another client's refresh to finish before it fails as a
     * transient failure, the session kept (default 35 s). Longer than the lease, so that a waiter
     * outlasts a holder that died.
     *
     * @param lockTimeout at least 1 ms
     * @return this builder
     */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = atLeastOneMilli(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * Sets how long one command waits for Redis (default 2 s): a load then reads as signed out, a
     * save or clear fails with {@link TokenStoreException}.
     *
     * @param commandTimeout at least 1 ms
     * @return this builder
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = atLeastOneMilli(commandTimeout, "commandTimeout");
      return this;
    }

    /**
     * Sets how long a session is kept when the refresh token's expiry cannot be read, or when only a
     * device-trust token is stored (default 7 days). A refresh token's own {@code exp} decides
     * otherwise.
     *
     * @param defaultTtl at least 1 s
     * @return this builder
     */
    public Builder defaultTtl(Duration defaultTtl) {
      if (defaultTtl == null || defaultTtl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("defaultTtl must be at least 1 s");
      }
      this.defaultTtl = defaultTtl;
      return this;
    }

    private static Duration atLeastOneMilli(Duration value, String name) {
      if (value == null || value.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException(name + " must be at least 1 ms");
      }
      return value;
    }

    /**
     * Makes the stores; connects first when given a client or a host and port.
     *
     * @return the stores
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public RedisTokenStores build() {
      if (connection != null) {
        return new RedisTokenStores(this, connection, null, false);
      }
      if (client != null) {
        return new RedisTokenStores(this, client.connect(), null, true);
      }
      RedisClient own = RedisClient.create(RedisURI.builder().withHost(host).withPort(port)
          .withTimeout(commandTimeout).build());
      try {
        return new RedisTokenStores(this, own.connect(), own, true);
      } catch (RuntimeException e) {
        own.shutdown();
        throw e;
      }
    }
  }
}
