package io.nestauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/** The store's behaviour on H2. */
class H2BehaviourTest extends JdbcTokenStoreBehaviour {
  private static H2Database database;

  @BeforeAll
  static void createTable() {
    database = new H2Database();
    JdbcTokenStores.builder(database.pool()).build().createTableIfMissing();
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @Override
  protected DataSource dataSource() {
    return database.pool();
  }

  @Override
  protected DataSource unpooledDataSource() {
    return database.unpooled();
  }
}
