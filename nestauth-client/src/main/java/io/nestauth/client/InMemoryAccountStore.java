package io.nestauth.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Keeps several accounts in memory for the life of the process: an {@link InMemoryTokenStore} per
 * account, the same object for the same user id, and the index. Thread-safe; its updates cannot fail.
 */
public final class InMemoryAccountStore implements AccountStore {
  private final ConcurrentMap<String, InMemoryTokenStore> sessions = new ConcurrentHashMap<>();
  private volatile AccountIndex index = AccountIndex.empty();

  @Override
  public TokenStore sessionStore(String userId) {
    return sessions.computeIfAbsent(AccountIndex.requireUserId(userId, "userId"), id -> new InMemoryTokenStore());
  }

  @Override
  public AccountIndex loadIndex() {
    return index;
  }

  @Override
  public synchronized AccountIndex updateIndex(UnaryOperator<AccountIndex> change) {
    AccountIndex next = change.apply(index);
    if (next == null) {
      throw new IllegalArgumentException("change must return an index");
    }
    index = next;
    return next;
  }

  @Override
  public String toString() {
    return "InMemoryAccountStore";
  }
}
