package io.nestauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.TokenStore;
import io.nestauth.store.jdbc.JdbcTokenStores;
import io.nestauth.store.redis.RedisTokenStores;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The shared-session stores that are measured, and how an app (this JVM, or a fleet member in another
 * one) opens them: a factory per process over an address ({@link SharedStores} starts what the
 * addresses point at), one store per session key from it, as the README's "Sharing a session" does.
 */
public enum StoreKind {
  IN_MEMORY("in-memory (`InMemoryTokenStore`)"),
  FILE("file (`FileTokenStore`, OS lock file)"),
  JDBC_H2("JDBC, H2 in-memory in this JVM"),
  JDBC_POSTGRES("JDBC, PostgreSQL"),
  REDIS("Redis");

  private final String label;

  StoreKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The stores of one process over one address: {@link #forKey} is cheap, close the factory at the end. */
  public interface Factory extends AutoCloseable {
    /** @return the store of the session {@code key}; stores of equal keys share the session */
    TokenStore forKey(String key);

    @Override
    void close();
  }

  /**
   * Opens the stores of this kind.
   *
   * @param address {@link #IN_MEMORY}: ignored (the session is shared by the clients of this process
   *     over one object per key); {@link #FILE}: a folder, one file per key; JDBC: a JDBC URL (user
   *     {@code postgres} for PostgreSQL), read through a small pool; {@link #REDIS}: {@code host:port}
   * @param poolSize the JDBC pool's connections
   */
  public Factory open(String address, int poolSize) {
    switch (this) {
      case IN_MEMORY: {
        Map<String, TokenStore> stores = new ConcurrentHashMap<>();
        return factory(key -> stores.computeIfAbsent(key, k -> new InMemoryTokenStore()), stores::clear);
      }
      case FILE: {
        Path dir = Path.of(address);
        return factory(key -> new FileTokenStore(dir.resolve(key + ".json")), () -> { });
      }
      case JDBC_H2:
      case JDBC_POSTGRES: {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(address);
        if (this == JDBC_POSTGRES) {
          config.setUsername("postgres");
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("nestauth-bench-" + name().toLowerCase(java.util.Locale.ROOT));
        HikariDataSource pool = new HikariDataSource(config);
        JdbcTokenStores stores = JdbcTokenStores.builder(pool).build();
        stores.createTableIfMissing();
        return factory(stores::forKey, pool::close);
      }
      case REDIS: {
        String[] hostAndPort = address.split(":");
        RedisTokenStores stores = RedisTokenStores.builder(hostAndPort[0], Integer.parseInt(hostAndPort[1])).build();
        return factory(stores::forKey, stores::close);
      }
      default:
        throw new IllegalStateException(name());
    }
  }

  private static Factory factory(Function<String, TokenStore> forKey, Runnable close) {
    return new Factory() {
      @Override
      public TokenStore forKey(String key) {
        return forKey.apply(key);
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
