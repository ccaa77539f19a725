package io.nestauth.store.jdbc;

import io.nestauth.client.TokenStore;
import io.nestauth.storecontract.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/**
 * The contract on H2, the zero-setup database. Every {@link #newStore()} is a new factory over the
 * pool, as another process would make; each test has a key of its own, so it starts empty.
 */
class H2ContractTest extends TokenStoreContract {
  private static H2Database database;
  private final String key = "user-" + UUID.randomUUID();

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
  protected TokenStore newStore() {
    return JdbcTokenStores.builder(database.pool()).build().forKey(key);
  }
}
