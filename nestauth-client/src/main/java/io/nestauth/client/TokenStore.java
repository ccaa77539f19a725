package io.nestauth.client;

import java.util.Optional;
import java.util.function.Supplier;

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
 *   <li>Refreshing is coordinated through {@link #withRefreshLock}: the server rotates the refresh
 *       token on every refresh and revokes the whole session when a used one comes back, so two
 *       clients that share a stored session (threads, processes, machines) must never refresh it
 *       at the same time. A store that can exclude every such client says so with
 *       {@link #coordinatesRefresh()}.</li>
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

  /**
   * Runs {@code refresh} while no other client sharing what this store holds runs its own, and
   * returns its result. The client calls this around every refresh: inside, it re-reads the store,
   * adopts a session another client has refreshed meanwhile, and only otherwise asks the server and
   * saves the answer. Calls from the same thread nest.
   *
   * <p>The default takes no lock: clients in other processes, and other clients over the same store
   * object, are not excluded (each client still refreshes single-flight on its own). Override it,
   * together with {@link #coordinatesRefresh()}, when the store is shared.
   *
   * <p>An implementation must release its lock when the holder dies (a process killed in the middle
   * of a refresh must not block the others for longer than the lock's timeout), and a holder that has
   * lost its lock meanwhile (a lease that ran out) must not be able to save.
   *
   * @param refresh what to run exclusively
   * @param <T> its result's type
   * @return what {@code refresh} returned
   * @throws io.nestauth.client.exception.TokenStoreException when the lock cannot be taken within
   *     the store's timeout; the client then keeps its session and the call fails like any other
   *     transient failure
   */
  default <T> T withRefreshLock(Supplier<T> refresh) {
    return refresh.get();
  }

  /**
   * Whether {@link #withRefreshLock} excludes every client that shares this store's session, in this
   * process and any other. False by default: such a store is safe for one client (and the clients
   * derived from it with {@code newBuilder()}) but not for several.
   *
   * @return true when refreshes through this store are single-flight across all its clients
   */
  default boolean coordinatesRefresh() {
    return false;
  }
}
