package io.nestauth.client.exception;

/**
 * The session changed while the call was in flight (a logout, another sign-in or a sign-out by the
 * server came first), so the call's result was dropped instead of being applied to, or shown as,
 * the session that holds now. Nothing of the old session was stored. Retry the operation if it
 * still makes sense for the current session.
 */
public class SessionChangedException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the SDK makes these itself, the constructor is public for tests.
   *
   * @param message what was dropped; never a credential
   */
  public SessionChangedException(String message) {
    super(message, ErrorDetails.none(), null);
  }
}
