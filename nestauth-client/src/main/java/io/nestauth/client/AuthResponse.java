package io.nestauth.client;

import io.nestauth.generated.model.AuthTokensResponseDto;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an operation that issues tokens (signup, login, MFA verify, tenant switch).
 * The tokens themselves are already stored by the client. A server that does not sign in after signup
 * (Nest Auth's {@code registration.autoLoginAfterSignup: false}) answers signup without tokens: then
 * {@link #hasSession()} is false and nothing was stored. Immutable; {@link #toString()} shows no token.
 */
public final class AuthResponse {
  private final boolean serverRequiresMfa;
  private final List<MfaMethod> mfaMethods;
  private final @Nullable MfaMethod defaultMfaMethod;
  private final boolean mustChangePassword;
  private final String message;
  private final boolean trustToken;
  /** The tokens the session stored from this answer: their claims are read once, when first asked for. */
  private final StoredTokens stored;
  private final boolean session;

  /**
   * Reads the answer; nothing in it is required beyond what the session already stored, so a
   * malformed answer never fails here (missing flags read as false, unknown MFA methods are left out).
   */
  AuthResponse(AuthTokensResponseDto wire, StoredTokens stored) {
    this(wire, stored, true);
  }

  private AuthResponse(AuthTokensResponseDto wire, StoredTokens stored, boolean session) {
    this.session = session;
    this.serverRequiresMfa = session && Boolean.TRUE.equals(wire.getIsRequiresMfa());
    this.mfaMethods = MfaMethod.fromAll(wire.getMfaMethods());
    this.defaultMfaMethod = MfaMethod.from(wire.getDefaultMfaMethod()).orElse(null);
    this.mustChangePassword = Boolean.TRUE.equals(wire.getMustChangePassword());
    this.message = wire.getMessage() == null ? "" : wire.getMessage();
    this.trustToken = wire.getTrustToken() != null;
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  /** Reads the answer, like the constructor. */
  static AuthResponse from(AuthTokensResponseDto answer, StoredTokens stored) {
    return new AuthResponse(answer, stored);
  }

  /** A signup the server answered without tokens: no session was started and nothing stored. */
  static AuthResponse withoutSession(AuthTokensResponseDto answer) {
    return new AuthResponse(answer, new StoredTokens(null, null, false, null), false);
  }

  /**
   * Tells whether this answer started a session. Only signup can answer false: a server that does
   * not sign in after signup creates the account and leaves the client as it was, and the user then
   * logs in with the same credentials.
   *
   * @return true when the server issued tokens and the client stored them
   */
  public boolean hasSession() {
    return session;
  }

  /**
   * Tells whether the session has to pass MFA before it is signed in: the server said so, or the
   * token's claims say so (the server answers false after a passwordless login even then).
   *
   * @return true when MFA is still to be passed: call {@link NestAuthClient#sendMfaChallenge} (not
   *     for TOTP) and {@link NestAuthClient#verifyMfa}
   */
  public boolean isRequiresMfa() {
    return serverRequiresMfa || stored.mfaPending();
  }

  /** @return the MFA methods the user can use, when MFA is required (methods this SDK does not know left out); unmodifiable, never null */
  public List<MfaMethod> mfaMethods() {
    return mfaMethods;
  }

  /** @return the method to offer first, when MFA is required and the server names one this SDK knows */
  public Optional<MfaMethod> defaultMfaMethod() {
    return Optional.ofNullable(defaultMfaMethod);
  }

  /** @return true when the server asks the user to change the password now */
  public boolean mustChangePassword() {
    return mustChangePassword;
  }

  /** @return the server's message, e.g. "Login successful"; empty when it sent none */
  public String message() {
    return message;
  }

  /** @return the claims of the new access token (user, session, tenant, expiry) */
  public Optional<TokenClaims> claims() {
    return stored.claims();
  }

  /** @return true when the server issued a device-trust token (MFA verify with trustDevice) */
  public boolean hasTrustToken() {
    return trustToken;
  }

  /** What the server itself said about MFA, before the claims are consulted (it under-reports, see above). */
  boolean serverRequiresMfa() {
    return serverRequiresMfa;
  }

  @Override
  public String toString() {
    return "AuthResponse{session=" + session + ", requiresMfa=" + isRequiresMfa() + ", mfaMethods=" + mfaMethods
        + ", mustChangePassword=" + mustChangePassword + ", message=" + message + "}";
  }
}
