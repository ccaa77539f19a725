package io.nestauth.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * A real redis-server (the binary inside embedded-redis) on 127.0.0.1 and a free port, with a
 * Lettuce client over it. Test classes get the one shared per JVM as a parameter
 * ({@code @ExtendWith(LocalRedis.Shared.class)}); a test that stops its server starts its own.
 */
final class LocalRedis implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;

  private final int port;
  private final RedisServer server;
  private final RedisClient client;

  private LocalRedis(int port, RedisServer server) {
    this.port = port;
    this.server = server;
    this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
        .withTimeout(Duration.ofSeconds(5)).build());
  }

  /** Starts a server; a port taken between choosing and binding it is tried again, a few times. */
  static LocalRedis start() {
    IOException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      try {
        RedisServer server = RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"") // nothing written to disk: the data lives as long as the test
            .setting("appendonly no")
            .build();
        server.start();
        return new LocalRedis(port, server);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new UncheckedIOException("redis-server did not start", last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** A client over this server, shared by the tests of a class (closed with the server). */
  RedisClient client() {
    return client;
  }

  void stopServer() throws IOException {
    server.stop();
  }

  void startServer() throws IOException {
    server.start();
  }

  @Override
  public void close() throws IOException {
    client.shutdown();
    server.stop();
  }

  /** Resolves a {@link LocalRedis} parameter to the one server of the JVM, closed when the run ends. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == LocalRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // the root store closes what it holds (an AutoCloseable) when the whole run ends
      return context.getRoot().getStore(ExtensionContext.Namespace.create(LocalRedis.class))
          .getOrComputeIfAbsent("server", name -> start(), LocalRedis.class);
    }
  }
}
