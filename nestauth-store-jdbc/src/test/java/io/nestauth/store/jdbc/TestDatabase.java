package io.nestauth.store.jdbc;

import javax.sql.DataSource;

/** A database the tests run against, shared by the whole run, with the default table created. */
interface TestDatabase {
  /** @return a pool over the database, as a service would give the store */
  DataSource pool();

  /**
   * @return the same database through the driver's own data source from a URL, a user and a
   *     password, without a pool (a new connection per statement), as another process would reach it
   */
  DataSource unpooled();
}
