package io.nestauth.store.jdbc;

import io.nestauth.client.TokenStore;
import io.nestauth.storecontract.TokenStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/**
 * The contract on a database. Every {@link #newStore()} is a new factory over the pool, as another
 * process would make; each test has a key of its own, so it starts empty.
 */
@ExtendWith(DatabaseExtension.class)
abstract class JdbcContract extends TokenStoreContract {
  private final TestDatabase database;
  private final String key = "user-" + UUID.randomUUID();

  JdbcContract(TestDatabase database) {
    this.database = database;
  }

  @Override
  protected TokenStore newStore() {
    return JdbcTokenStores.builder(database.pool()).build().forKey(key);
  }
}
