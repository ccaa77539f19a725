package io.nestauth.store.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** The store's behaviour on a real PostgreSQL server. */
@ExtendWith(PostgresExtension.class)
class PostgresBehaviourTest extends JdbcTokenStoreBehaviour {
  private final PostgresServer postgres;

  PostgresBehaviourTest(PostgresServer postgres) {
    this.postgres = postgres;
    JdbcTokenStores.builder(postgres.pool()).build().createTableIfMissing();
  }

  @Override
  protected DataSource dataSource() {
    return postgres.pool();
  }

  @Override
  protected DataSource unpooledDataSource() {
    return postgres.unpooled();
  }
}
