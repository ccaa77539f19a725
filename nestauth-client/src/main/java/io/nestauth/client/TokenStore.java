package io.nestauth.client;

import java.util.Optional;

/**
 * Where a client keeps its tokens between calls and between runs of the app.
 * Implementations must be thread-safe. The client caches what it loads and writes every change
 * through {@link #save}; a second client over the same store restores the session.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #load()} never throws for what it finds: content that is missing, unreadable,
 *       corrupt or not plausible reads as signed out ({@code Optional.empty()}). That includes a
 *       token that is not a legal HTTP header value, since the tokens are sent in headers (a
 *       device-trust token that is not reads as no trust token, the rest kept).</li>
 *   <li>{@link #save} and {@link #clear()} throw
 *       {@link io.nestauth.client.exception.TokenStoreException} when they cannot persist the
 *       change; the store then still holds what it held before. The message names the operation,
 *       never a token.</li>
 *   <li>The client treats a failed save or clear as a failed operation: the call that wanted to
 *       change the state (a login, a refresh, a sign-out) throws the {@code TokenStoreException},
 *       and the client's state stays what the store holds.</li>
 * </ul>
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
   * Reads what was saved last. Must not throw for bad content and must not block for long: report
   * a store that cannot be read, or holds something that is not a plausible state (a token that is
   * not a legal HTTP header value, say), as empty (signed out). Never put a token into a log line
   * or exception message.
   *
   * @return what was saved last, or empty when nothing was saved or it could not be read
   */
  Optional<StoredTokens> load();

  /**
   * Replaces what is stored. Called on every change of the state: sign-in, refresh, a sign-out
   * that keeps the device-trust token, forgetting the trusted device.
   *
   * @param tokens the new state, never null; its tokens may be null when signed out
   * @throws io.nestauth.client.exception.TokenStoreException when the new state cannot be
   *     persisted; the store keeps the state it held, and the client's operation fails with this
   */
  void save(StoredTokens tokens);

  /**
   * Removes everything, the device-trust token included. Called on a sign-out when there is no
   * device-trust token to keep. Afterwards {@link #load()} returns empty.
   *
   * @throws io.nestauth.client.exception.TokenStoreException when what is stored cannot be
   *     removed; the client's sign-out fails with this
   */
  void clear();
}
