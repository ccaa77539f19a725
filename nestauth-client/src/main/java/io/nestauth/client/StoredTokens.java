package io.nestauth.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TokenStore} keeps: the session's tokens, whether the session still waits for MFA,
 * and the device-trust token (kept across sign-outs so a trusted device skips MFA on the next login).
 * Immutable; {@link #toString()} shows no token. The tokens are secrets: a store should keep them
 * where other users and apps cannot read them, and never log them.
 */
public final class StoredTokens {
  private final String accessToken;
  private final String refreshToken;
  /** True for tokens the server just issued: their claims decide {@link #mfaPending()}, read on first use. */
  private final boolean mfaPendingFromClaims;
  /** The MFA state given, or for issued tokens the state to assume when their claims cannot be read. */
  private final boolean mfaPendingOtherwise;
  private final String trustToken;
  /**
   * The access token's claims, read on first use: a login nobody asks about never decodes them
   * (they were most of its cost over hand-written code, see BENCHMARKS.md). Null until read; two
   * threads reading at once both get equal claims.
   */
  private volatile Optional<TokenClaims> claims;

  /**
   * Creates the value a store saves and loads.
   *
   * @param accessToken the access token, or null when signed out
   * @param refreshToken the refresh token, or null when signed out
   * @param mfaPending whether the tokens belong to a session that still has to pass MFA (ignored
   *     without tokens)
   * @param trustToken the device-trust token, or null
   * @throws IllegalArgumentException when only one of {@code accessToken} and {@code refreshToken}
   *     is given
   */
  public StoredTokens(String accessToken, String refreshToken, boolean mfaPending, String trustToken) {
    this(accessToken, refreshToken, false, mfaPending, trustToken);
  }

  private StoredTokens(String accessToken, String refreshToken, boolean mfaPendingFromClaims,
      boolean mfaPendingOtherwise, String trustToken) {
    if ((accessToken == null) != (refreshToken == null)) {
      throw new IllegalArgumentException("accessToken and refreshToken must be both present or both absent");
    }
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.mfaPendingFromClaims = mfaPendingFromClaims && accessToken != null;
    this.mfaPendingOtherwise = mfaPendingOtherwise && accessToken != null;
    this.trustToken = trustToken;
  }

  /**
   * Tokens the server has just issued. Whether they are MFA-pending is what their claims say: the
   * answer's {@code isRequiresMfa} is wrong after a refresh and a passwordless login (shared/WIRE.md).
   *
   * @param ifClaimsUnreadable the MFA state to assume when the access token's claims cannot be read
   */
  static StoredTokens issued(String accessToken, String refreshToken, boolean ifClaimsUnreadable, String trustToken) {
    return new StoredTokens(accessToken, refreshToken, true, ifClaimsUnreadable, trustToken);
  }

  /**
   * Creates a signed-out value that keeps only the device-trust token.
   *
   * @param trustToken the device-trust token, or null
   * @return a value without session tokens
   */
  public static StoredTokens signedOut(String trustToken) {
    return new StoredTokens(null, null, false, trustToken);
  }

  /** @return the access token, or null when signed out */
  public String accessToken() {
    return accessToken;
  }

  /** @return the refresh token, or null when signed out */
  public String refreshToken() {
    return refreshToken;
  }

  /**
   * Tells whether the session still has to pass MFA. For tokens the client has just received the
   * access token's claims decide; they are read on the first call (a few microseconds), once.
   *
   * @return true when the tokens belong to a session that still has to pass MFA
   */
  public boolean mfaPending() {
    if (!mfaPendingFromClaims) {
      return mfaPendingOtherwise;
    }
    Optional<TokenClaims> read = claims();
    return read.isPresent() ? read.get().isMfaPending() : mfaPendingOtherwise;
  }

  /** @return the claims of the access token, read once per value (empty when signed out or unreadable) */
  Optional<TokenClaims> claims() {
    Optional<TokenClaims> read = claims;
    if (read == null) {
      read = TokenClaims.parse(accessToken);
      claims = read;
    }
    return read;
  }

  /** @return the device-trust token, or null */
  public String trustToken() {
    return trustToken;
  }

  /** @return true when a session's tokens are present (fully signed in or MFA-pending) */
  public boolean hasSession() {
    return accessToken != null;
  }

  StoredTokens withTrustToken(String newTrustToken) {
    StoredTokens copy = new StoredTokens(accessToken, refreshToken, mfaPendingFromClaims, mfaPendingOtherwise,
        newTrustToken);
    copy.claims = claims;
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StoredTokens)) {
      return false;
    }
    StoredTokens other = (StoredTokens) o;
    return mfaPending() == other.mfaPending() && Objects.equals(accessToken, other.accessToken)
        && Objects.equals(refreshToken, other.refreshToken) && Objects.equals(trustToken, other.trustToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, refreshToken, mfaPending(), trustToken);
  }

  @Override
  public String toString() {
    return "StoredTokens{session=" + (hasSession() ? (mfaPending() ? "mfa-pending" : "signed-in") : "none")
        + ", trustToken=" + (trustToken != null ? "present" : "none") + "}";
  }
}
