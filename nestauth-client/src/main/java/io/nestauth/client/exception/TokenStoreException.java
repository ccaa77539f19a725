package io.nestauth.client.exception;

/**
 * The {@link io.nestauth.client.TokenStore} could not persist a change: a save or a clear failed
 * (a full disk, a folder without write permission, a folder where the token file should be). No
 * HTTP answer is involved: {@link #status()} is 0 and there is no server code.
 *
 * <p>The client treats a failed save as a failed operation: its state stays what the store holds,
 * so the call that wanted to change it (a login, a refresh, a sign-out) throws this exception.
 * The message names the operation and the file (its name, not its folder), never a token; the
 * cause is the underlying failure, usually an {@link java.io.IOException}.
 *
 * <p>Your own {@code TokenStore} should throw this too when it cannot persist.
 */
public class TokenStoreException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a save or clear that could not be persisted.
   *
   * @param message the detail message, naming the operation; it must not contain tokens
   * @param cause the underlying failure, or null
   */
  public TokenStoreException(String message, Throwable cause) {
    // TODO details: switch to the ErrorDetails-based constructor once it exists (no status, no code)
    super(message, ErrorDetails.none(), cause);
  }
}
