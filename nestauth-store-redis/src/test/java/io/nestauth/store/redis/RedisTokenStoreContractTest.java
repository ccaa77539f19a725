package io.nestauth.store.redis;

import io.nestauth.client.TokenStore;
import io.nestauth.storecontract.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The contract against a real redis-server. Each {@link #newStore()} opens a connection of its own,
 * as another process would; each test uses a session key of its own, so it starts empty.
 */
@ExtendWith(LocalRedis.Shared.class)
class RedisTokenStoreContractTest extends TokenStoreContract {
  private final LocalRedis redis;
  private final String sessionKey = "contract-" + UUID.randomUUID();
  private final List<RedisTokenStores> opened = new CopyOnWriteArrayList<>();

  RedisTokenStoreContractTest(LocalRedis redis) {
    this.redis = redis;
  }

  @Override
  protected TokenStore newStore() {
    RedisTokenStores stores = RedisTokenStores.builder(redis.client()).build();
    opened.add(stores);
    return stores.forKey(sessionKey);
  }

  @AfterEach
  void closeConnections() {
    opened.forEach(RedisTokenStores::close);
  }
}
