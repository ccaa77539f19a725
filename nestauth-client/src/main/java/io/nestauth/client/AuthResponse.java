package io.nestauth.client;

import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.MfaMethodDto;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of an operation that issues tokens (signup, login, MFA verify, tenant switch).
 * The tokens themselves are already stored by the client. Immutable; {@link #toString()} shows no token.
 */
public final class AuthResponse {
  private final AuthTokensResponseDto wire;
  /** The tokens the session stored from this answer: their claims are read once, when first asked for. */
  private final StoredTokens stored;

  AuthResponse(AuthTokensResponseDto wire, StoredTokens stored) {
    this.wire = wire;
    this.stored = stored;
  }

  /**
   * Tells whether the session has to pass MFA before it is signed in: the server said so, or the
   * token's claims say so (the server answers false after a passwordless login even then).
   *
   * @return true when MFA is still to be passed: call {@link NestAuthClient#sendMfaChallenge} (not
   *     for TOTP) and {@link NestAuthClient#verifyMfa}
   */
  public boolean isRequiresMfa() {
    return Boolean.TRUE.equals(wire.getIsRequiresMfa()) || stored.mfaPending();
  }

  /** @return the MFA methods the user can use, when MFA is required */
  public List<MfaMethodDto> mfaMethods() {
    // List.copyOf throws on a null element, which a malformed answer can hold
    return wire.getMfaMethods() == null ? List.of()
        : wire.getMfaMethods().stream().filter(Objects::nonNull).collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /** @return the method to offer first, when MFA is required */
  public Optional<MfaMethodDto> defaultMfaMethod() {
    return Optional.ofNullable(wire.getDefaultMfaMethod());
  }

  /** @return true when the server asks the user to change the password now */
  public boolean mustChangePassword() {
    return Boolean.TRUE.equals(wire.getMustChangePassword());
  }

  /** @return the server's message, e.g. "Login successful" */
  public String message() {
    return wire.getMessage();
  }

  /** @return the claims of the new access token (user, session, tenant, expiry) */
  public Optional<TokenClaims> claims() {
    return stored.claims();
  }

  /** @return true when the server issued a device-trust token (MFA verify with trustDevice) */
  public boolean hasTrustToken() {
    return wire.getTrustToken() != null;
  }

  /** @return the answer as sent on the wire (it holds the tokens: do not log it) */
  public AuthTokensResponseDto wire() {
    return wire;
  }

  @Override
  public String toString() {
    return "AuthResponse{requiresMfa=" + isRequiresMfa() + ", mfaMethods=" + mfaMethods()
        + ", mustChangePassword=" + mustChangePassword() + ", message=" + message() + "}";
  }
}
