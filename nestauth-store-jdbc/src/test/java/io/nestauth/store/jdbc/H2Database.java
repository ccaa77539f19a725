package io.nestauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh in-memory H2 database behind a small pool; the database lives as long as the pool is open
 * (H2 drops an in-memory database with its last connection).
 */
final class H2Database implements TestDatabase, AutoCloseable {
  private final String url = "jdbc:h2:mem:nestauth-" + UUID.randomUUID();
  private final HikariDataSource pool;

  H2Database() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(1);
    config.setPoolName("nestauth-store-jdbc-h2");
    pool = new HikariDataSource(config);
  }

  @Override
  public DataSource pool() {
    return pool;
  }

  @Override
  public DataSource unpooled() {
    JdbcDataSource simple = new JdbcDataSource();
    simple.setURL(url);
    return simple;
  }

  @Override
  public void close() {
    pool.close();
  }
}
