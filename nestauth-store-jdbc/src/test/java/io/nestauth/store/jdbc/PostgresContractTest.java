package io.nestauth.store.jdbc;

import io.nestauth.client.TokenStore;
import io.nestauth.storecontract.TokenStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/**
 * The contract on a real PostgreSQL server. Every {@link #newStore()} is a new factory over the pool,
 * as another process would make; each test has a key of its own, so it starts empty.
 */
@ExtendWith(PostgresExtension.class)
class PostgresContractTest extends TokenStoreContract {
  private final PostgresServer postgres;
  private final String key = "user-" + UUID.randomUUID();

  PostgresContractTest(PostgresServer postgres) {
    this.postgres = postgres;
    JdbcTokenStores.builder(postgres.pool()).build().createTableIfMissing();
  }

  @Override
  protected TokenStore newStore() {
    return JdbcTokenStores.builder(postgres.pool()).build().forKey(key);
  }
}
