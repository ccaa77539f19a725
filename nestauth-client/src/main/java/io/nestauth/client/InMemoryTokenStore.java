package io.nestauth.client;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps tokens in memory for the life of the process. Thread-safe. Its {@link #save} and
 * {@link #clear()} cannot fail, so they never throw
 * {@link io.nestauth.client.exception.TokenStoreException}; values are kept as given (the client
 * checks the server's values before it saves them).
 */
public final class InMemoryTokenStore implements TokenStore {
  private final AtomicReference<StoredTokens> tokens = new AtomicReference<>();

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
  public String toString() {
    return "InMemoryTokenStore";
  }
}
