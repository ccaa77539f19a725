package io.nestauth.store.jdbc;

/** The contract on a real PostgreSQL server. */
class PostgresContractTest extends JdbcContract {
  PostgresContractTest(PostgresServer postgres) {
    super(postgres);
  }
}
