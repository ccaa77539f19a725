package io.nestauth.store.jdbc;

/** The store's behaviour on H2. */
class H2BehaviourTest extends JdbcTokenStoreBehaviour {
  H2BehaviourTest(H2Database database) {
    super(database);
  }
}
