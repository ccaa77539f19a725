package io.nestauth.verifier;

import org.jspecify.annotations.Nullable;

/**
 * A token was refused (unchecked). {@link #reason()} says why; branch on it rather than on the
 * message. Messages say what failed and never contain the token or any part of it.
 *
 * <p>One type with a reason rather than a subtype per reason: a service answers almost every
 * reason the same way (401), so one {@code catch} with a {@code switch} where it matters is simpler
 * than a hierarchy, and a new reason does not change which exceptions callers must catch. The one
 * reason that is not the token's fault is {@link Reason#CHECK_FAILED} (the server could not be
 * asked; {@link #isTokenRejected()} is false): answer it with 503, not 401.
 *
 * <pre>{@code
 * try {
 *   NestAuthPrincipal user = verifier.verify(token);
 * } catch (TokenVerificationException e) {
 *   response.setStatus(e.isTokenRejected() ? 401 : 503);
 * }
 * }</pre>
 */
public final class TokenVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a token was refused. */
  public enum Reason {
    /** Not a compact JWS, unreadable claims, or a required claim missing or of the wrong kind. */
    MALFORMED,
    /** Signed with another algorithm than HS256 ({@code none} included) or not by the secret. */
    BAD_SIGNATURE,
    /** {@code exp} has passed, leeway included. */
    EXPIRED,
    /** {@code iat} or {@code nbf} lies in the future beyond the leeway. */
    NOT_YET_VALID,
    /** The {@code type} claim is not {@code access}: a refresh token, or no session token at all. */
    WRONG_TYPE,
    /** The session still waits for its second factor ({@code isMfaEnabled && !isMfaVerified}). */
    MFA_PENDING,
    /** The server no longer accepts the session: logged out, revoked, or the user deactivated. */
    REVOKED,
    /** The server could not be asked, or gave no clear answer: says nothing about the token. */
    CHECK_FAILED
  }

  /** Why the token was refused. */
  private final Reason reason;

  /**
   * Creates an exception. The verifier creates these itself; the constructor is public so that
   * tests of your own code can create one.
   *
   * @param reason why the token was refused
   * @param message the detail message; it must not contain the token
   */
  public TokenVerificationException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param reason why the token was refused
   * @param message the detail message; it must not contain the token
   * @param cause the underlying failure, or null
   */
  public TokenVerificationException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null");
    }
    this.reason = reason;
  }

  /**
   * Why the token was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Whether the token itself was refused: true for every reason but {@link Reason#CHECK_FAILED},
   * where the server could not be asked and the token may well be good.
   *
   * @return false only for {@link Reason#CHECK_FAILED}
   */
  public boolean isTokenRejected() {
    return reason != Reason.CHECK_FAILED;
  }
}
