package io.nestauth.client;

/**
 * Receives session changes. Called on the thread that caused the change (possibly an OkHttp
 * dispatcher thread for async calls), after the new state is stored; keep it quick. An exception
 * thrown here is logged and does not affect the client.
 */
@FunctionalInterface
public interface AuthListener {
  void onAuthEvent(AuthEvent event);
}
