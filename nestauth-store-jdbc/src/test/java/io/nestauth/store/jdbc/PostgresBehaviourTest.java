package io.nestauth.store.jdbc;

/** The store's behaviour on a real PostgreSQL server. */
class PostgresBehaviourTest extends JdbcTokenStoreBehaviour {
  PostgresBehaviourTest(PostgresServer postgres) {
    super(postgres);
  }
}
