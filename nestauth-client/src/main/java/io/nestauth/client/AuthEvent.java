package io.nestauth.client;

import org.jspecify.annotations.Nullable;
import java.util.Objects;
import java.util.Optional;

/** A change of the client's session state, delivered to {@link AuthListener}s. Immutable. */
public final class AuthEvent {
  /** What happened. */
  public enum Type {
    /** A session became fully signed in (login, signup, MFA verified). */
    SIGNED_IN,
    /** New tokens replaced the old ones of the same session (refresh, tenant switch). */
    TOKEN_REFRESHED,
    /** The session ended; see {@link AuthEvent#signOutReason()}. */
    SIGNED_OUT,
    /** A login needs MFA: the client holds an MFA-pending session until verify. */
    MFA_REQUIRED
  }

  /** Why a session ended. */
  public enum SignOutReason {
    /** {@code logout()} was called. */
    LOGOUT,
    /** {@code logoutAll()} was called. */
    LOGOUT_ALL,
    /** The server rejected the refresh token: revoked, expired or replayed. */
    SESSION_REJECTED,
    /** The password was changed; the server revoked every session. */
    PASSWORD_CHANGED,
    /** The password was reset; the server revoked every session. */
    PASSWORD_RESET
  }

  private final Type type;
  private final SignOutReason signOutReason;
  private final TokenClaims claims;

  AuthEvent(Type type, @Nullable SignOutReason signOutReason, @Nullable TokenClaims claims) {
    this.type = Objects.requireNonNull(type, "type");
    this.signOutReason = signOutReason;
    this.claims = claims;
  }

  /** @return what happened */
  public Type type() {
    return type;
  }

  /** @return why the session ended, for {@link Type#SIGNED_OUT} */
  public Optional<SignOutReason> signOutReason() {
    return Optional.ofNullable(signOutReason);
  }

  /** @return the claims of the new access token, for events that issued one */
  public Optional<TokenClaims> claims() {
    return Optional.ofNullable(claims);
  }

  @Override
  public String toString() {
    return "AuthEvent{" + type + (signOutReason != null ? ", " + signOutReason : "") + "}";
  }
}
