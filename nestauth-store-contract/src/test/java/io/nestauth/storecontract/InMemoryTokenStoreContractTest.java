package io.nestauth.storecontract;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.TokenStore;

/** The in-memory store: one object is the whole shared session, so every "new store" is that object. */
class InMemoryTokenStoreContractTest extends TokenStoreContract {
  private final InMemoryTokenStore shared = new InMemoryTokenStore();

  @Override
  protected TokenStore newStore() {
    return shared;
  }
}
