package io.nestauth.client;

/**
 * Receives session changes. Called on the thread that caused the change (possibly an OkHttp
 * dispatcher thread for async calls), after the new state is stored; keep it quick. An exception
 * thrown here is logged and does not affect the client.
 *
 * <pre>{@code
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .listener(event -> {
 *       if (event.type() == AuthEvent.Type.SIGNED_OUT
 *           && event.signOutReason().orElse(null) == AuthEvent.SignOutReason.SESSION_REJECTED) {
 *         uiThread.execute(loginScreen::show); // hand work off: listeners must stay quick
 *       }
 *     })
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface AuthListener {
  /**
   * Called after each change of the session state.
   *
   * @param event what happened
   */
  void onAuthEvent(AuthEvent event);
}
