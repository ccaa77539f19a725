package io.nestauth.client;

import org.jspecify.annotations.Nullable;

/**
 * Receives the session changes of every account of an {@link Accounts}, each tagged with the
 * account's user id, and the changes of the active account. Called like an {@link AuthListener}: on
 * the thread that caused the change, after the new state is stored; keep it quick. An exception
 * thrown here is logged and does not affect the accounts.
 *
 * <pre>{@code
 * accounts.addListener((userId, event) -> {
 *   if (event.type() == AuthEvent.Type.SIGNED_OUT) {
 *     ui.execute(() -> accountMenu.remove(userId)); // hand work off: listeners must stay quick
 *   }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface AccountListener {
  /**
   * Called after each change of one account's session: signed in (or MFA required), refreshed,
   * signed out. An account that is signed out, for whatever reason, has left the list.
   *
   * @param userId the account's user id
   * @param event what happened
   */
  void onAccountEvent(String userId, AuthEvent event);

  /**
   * Called after another account became the active one, or none: a sign-in, a switch, or the active
   * account signing out. Does nothing unless overridden.
   *
   * @param userId the user id of the account now active, or null when no account is signed in
   */
  default void onActiveAccountChanged(@Nullable String userId) {
  }
}
