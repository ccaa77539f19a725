package io.nestauth.client;

import java.util.Optional;

/**
 * Where a client keeps its tokens between calls and between runs of the app.
 * Implementations must be thread-safe. The client caches what it loads and writes every change
 * through {@link #save}; a second client over the same store restores the session.
 *
 * <p>Built in: {@link InMemoryTokenStore} (the default) and {@link FileTokenStore}. Your own (an
 * encrypted preference, a keychain, a database row) needs only these three methods.
 */
public interface TokenStore {
  /** @return what was saved last, or empty when nothing was saved or it could not be read */
  Optional<StoredTokens> load();

  /** Replaces what is stored. */
  void save(StoredTokens tokens);

  /** Removes everything, the device-trust token included. */
  void clear();
}
