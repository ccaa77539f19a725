package io.nestauth.client;

import java.util.Optional;

/**
 * Where a client keeps its tokens between calls and between runs of the app.
 * Implementations must be thread-safe. The client caches what it loads and writes every change
 * through {@link #save}; a second client over the same store restores the session.
 *
 * <p>Built in: {@link InMemoryTokenStore} (the default) and {@link FileTokenStore}. Your own (an
 * encrypted preference, a keychain, a database row) needs only these three methods:
 *
 * <pre>{@code
 * final class KeychainTokenStore implements TokenStore {
 *   private final Keychain keychain; // your app's secure storage
 *
 *   KeychainTokenStore(Keychain keychain) {
 *     this.keychain = keychain;
 *   }
 *
 *   @Override
 *   public synchronized Optional<StoredTokens> load() {
 *     String access = keychain.get("access");
 *     String refresh = keychain.get("refresh");
 *     if ((access == null) != (refresh == null)) {
 *       return Optional.empty(); // half a pair: treat as signed out
 *     }
 *     return Optional.of(new StoredTokens(access, refresh,
 *         "true".equals(keychain.get("mfaPending")), keychain.get("trust")));
 *   }
 *
 *   @Override
 *   public synchronized void save(StoredTokens tokens) {
 *     keychain.put("access", tokens.accessToken());
 *     keychain.put("refresh", tokens.refreshToken());
 *     keychain.put("mfaPending", String.valueOf(tokens.mfaPending()));
 *     keychain.put("trust", tokens.trustToken());
 *   }
 *
 *   @Override
 *   public synchronized void clear() {
 *     keychain.removeAll();
 *   }
 * }
 * }</pre>
 */
public interface TokenStore {
  /**
   * Reads what was saved last. Implementations should not throw: report a store that cannot be
   * read as empty (signed out).
   *
   * @return what was saved last, or empty when nothing was saved or it could not be read
   */
  Optional<StoredTokens> load();

  /**
   * Replaces what is stored. Called on every change of the state: sign-in, refresh, a sign-out
   * that keeps the device-trust token, forgetting the trusted device.
   *
   * @param tokens the new state, never null; its tokens may be null when signed out
   */
  void save(StoredTokens tokens);

  /**
   * Removes everything, the device-trust token included. Called on a sign-out when there is no
   * device-trust token to keep.
   */
  void clear();
}
