package io.nestauth.client;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps tokens in memory for the life of the process. Thread-safe. Its {@link #save} and
 * {@link #clear()} cannot fail, so they never throw
 * {@link io.nestauth.client.exception.TokenStoreException}; values are kept as given (the client
 * checks the server's values before it saves them). Several clients may share one instance: their
 * refreshes are single-flight (the session lives only in this process, so a lock in memory excludes
 * every client that can see it).
 */
public final class InMemoryTokenStore implements TokenStore {
  private final AtomicReference<StoredTokens> tokens = new AtomicReference<>();
  private final ReentrantLock refreshLock = new ReentrantLock();

  @Override
  public Optional<StoredTokens> load() {
    return Optional.ofNullable(tokens.get());
  }

  @Override
  public void save(StoredTokens newTokens) {
    tokens.set(newTokens);
  }

  @Override
  public void clear() {
    tokens.set(null);
  }

  @Override
  public <T> T withRefreshLock(Supplier<T> refresh) {
    refreshLock.lock();
    try {
      return refresh.get();
    } finally {
      refreshLock.unlock();
    }
  }

  @Override
  public boolean coordinatesRefresh() {
    return true;
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore";
  }
}
