package io.nestauth.store.jdbc;

/** The contract on H2, the zero-setup database. */
class H2ContractTest extends JdbcContract {
  H2ContractTest(H2Database database) {
    super(database);
  }
}
