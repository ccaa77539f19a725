package io.nestauth.client;

import java.util.function.UnaryOperator;

/**
 * Where {@link Accounts} keeps several signed-in accounts: one {@link TokenStore} per account for
 * its session, and an {@link AccountIndex} that lists the accounts and names the active one.
 * Implementations must be thread-safe.
 *
 * <p>Built in: {@link InMemoryAccountStore} and {@link FileAccountStore}. Your own (a keychain, a
 * database) hands out a session store per user id, for instance a {@code JdbcTokenStores} or
 * {@code RedisTokenStores} {@code forKey(appSessionId + "." + userId)}, and keeps the index wherever
 * it can replace it atomically.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #sessionStore} returns, for one user id, a store over the same stored session every
 *       time (a new object is fine when its {@link TokenStore#withRefreshLock} excludes the others,
 *       as a {@link FileTokenStore} over the same file does), and for different user ids stores that
 *       share nothing: signing one account in or out, or refreshing it, never touches another.</li>
 *   <li>{@link #loadIndex()} never throws for what it finds: an index that is missing, unreadable,
 *       corrupt or not plausible reads as {@link AccountIndex#empty()} (every account signed out).</li>
 *   <li>{@link #updateIndex} is atomic with respect to every other update of the same stored index
 *       (other threads, and other processes where the store is shared), and throws
 *       {@link io.nestauth.client.exception.TokenStoreException} when it cannot persist the change;
 *       the index is then what it was.</li>
 * </ul>
 */
public interface AccountStore {
  /**
   * The store of one account's session.
   *
   * @param userId the account's user id (see {@link AccountIndex#isUserId})
   * @return the store; the same session for the same id every time
   * @throws IllegalArgumentException when {@code userId} is not a user id
   */
  TokenStore sessionStore(String userId);

  /**
   * Reads the index. Must not throw for bad content and must not block for long.
   *
   * @return what was saved last; {@link AccountIndex#empty()} when nothing was, or it could not be read
   */
  AccountIndex loadIndex();

  /**
   * Replaces the index by {@code change} applied to what is stored, atomically.
   *
   * @param change computes the new index from the stored one; what it throws is thrown, and nothing
   *     is written
   * @return the index now stored
   * @throws io.nestauth.client.exception.TokenStoreException when the new index cannot be persisted;
   *     the stored index is then unchanged
   */
  AccountIndex updateIndex(UnaryOperator<AccountIndex> change);
}
