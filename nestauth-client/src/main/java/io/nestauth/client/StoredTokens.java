package io.nestauth.client;

import io.nestauth.client.internal.Args;
import org.jspecify.annotations.Nullable;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link TokenStore} keeps: the session's tokens, whether the session still waits for MFA,
 * and the device-trust token (kept across sign-outs so a trusted device skips MFA on the next login).
 * Immutable; {@link #toString()} shows no token. The tokens are secrets: a store should keep them
 * where other users and apps cannot read them, and never log them.
 */
public final class StoredTokens {
  private final String accessToken;
  private final String refreshToken;
  private final boolean mfaPending;
  private final String trustToken;
  /** The access token's claims, read once when the value is made (empty when signed out or unreadable). */
  private final Optional<TokenClaims> claims;

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
  public StoredTokens(@Nullable String accessToken, @Nullable String refreshToken, boolean mfaPending,
      @Nullable String trustToken) {
    this(accessToken, refreshToken, mfaPending, trustToken, TokenClaims.parse(accessToken));
  }

  private StoredTokens(String accessToken, String refreshToken, boolean mfaPending, String trustToken,
      Optional<TokenClaims> claims) {
    if ((accessToken == null) != (refreshToken == null)) {
      throw new IllegalArgumentException("accessToken and refreshToken must be both present or both absent");
    }
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.mfaPending = mfaPending && accessToken != null;
    this.trustToken = trustToken;
    this.claims = claims;
  }

  /**
   * Tokens the server has just issued, their claims read once. They are MFA-pending when their claims
   * say so (the answer's {@code isRequiresMfa} is wrong after a refresh and after a passwordless
   * login) or when {@code otherwisePending}: a server that requires MFA of everyone answers
   * {@code isRequiresMfa} for users who have not enrolled yet while their tokens' claims say nothing,
   * and a refresh keeps the pending state of the session it renews.
   *
   * @param otherwisePending pending for a reason the claims do not show
   */
  static StoredTokens issued(String accessToken, String refreshToken, boolean otherwisePending,
      @Nullable String trustToken) {
    Optional<TokenClaims> claims = TokenClaims.parse(accessToken);
    boolean mfaPending = claims.map(TokenClaims::isMfaPending).orElse(false) || otherwisePending;
    return new StoredTokens(accessToken, refreshToken, mfaPending, trustToken, claims);
  }

  /**
   * Rebuilds a value from what a store read back, by the rule every store of this SDK applies (a
   * store of your own may use it too): only one of the two tokens, or a token that is not a legal
   * HTTP header value, reads as signed out (the tokens go into headers: CR/LF would inject headers,
   * other characters make the HTTP client throw); a device-trust token that is not a legal header
   * value is dropped and the session kept.
   *
   * @param accessToken the access token read back, or null
   * @param refreshToken the refresh token read back, or null
   * @param mfaPending the MFA state read back
   * @param trustToken the device-trust token read back, or null
   * @param warnings receives why values were refused or dropped, as "holds ...; treating it as signed
   *     out" (to be prefixed with where the values came from); never a value
   * @return the value, or empty when the values read back do not make one
   */
  public static Optional<StoredTokens> fromStore(@Nullable String accessToken, @Nullable String refreshToken,
      boolean mfaPending, @Nullable String trustToken, Consumer<String> warnings) {
    Objects.requireNonNull(warnings, "warnings");
    if ((accessToken == null) != (refreshToken == null)) {
      warnings.accept("holds only one of the two tokens; treating it as signed out");
      return Optional.empty();
    }
    if (accessToken != null && !(Args.isHeaderSafe(accessToken) && Args.isHeaderSafe(refreshToken))) {
      warnings.accept("holds a token that is not a legal HTTP header value; treating it as signed out");
      return Optional.empty();
    }
    String trust = trustToken;
    if (trust != null && !Args.isHeaderSafe(trust)) {
      warnings.accept("holds a device-trust token that is not a legal HTTP header value; ignoring it");
      trust = null;
    }
    return Optional.of(new StoredTokens(accessToken, refreshToken, mfaPending, trust));
  }

  /**
   * Creates a signed-out value that keeps only the device-trust token.
   *
   * @param trustToken the device-trust token, or null
   * @return a value without session tokens
   */
  public static StoredTokens signedOut(@Nullable String trustToken) {
    return new StoredTokens(null, null, false, trustToken);
  }

  /** @return the access token, or null when signed out */
  public @Nullable String accessToken() {
    return accessToken;
  }

  /** @return the refresh token, or null when signed out */
  public @Nullable String refreshToken() {
    return refreshToken;
  }

  /** @return true when the tokens belong to a session that still has to pass MFA */
  public boolean mfaPending() {
    return mfaPending;
  }

  /** @return the claims of the access token (empty when signed out or unreadable) */
  Optional<TokenClaims> claims() {
    return claims;
  }

  /** @return the device-trust token, or null */
  public @Nullable String trustToken() {
    return trustToken;
  }

  /** @return true when a session's tokens are present (fully signed in or MFA-pending) */
  public boolean hasSession() {
    return accessToken != null;
  }

  StoredTokens withTrustToken(String newTrustToken) {
    return new StoredTokens(accessToken, refreshToken, mfaPending, newTrustToken, claims);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof StoredTokens)) {
      return false;
    }
    StoredTokens other = (StoredTokens) o;
    return mfaPending == other.mfaPending && Objects.equals(accessToken, other.accessToken)
        && Objects.equals(refreshToken, other.refreshToken) && Objects.equals(trustToken, other.trustToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, refreshToken, mfaPending, trustToken);
  }

  @Override
  public String toString() {
    return "StoredTokens{session=" + (hasSession() ? (mfaPending ? "mfa-pending" : "signed-in") : "none")
        + ", trustToken=" + (trustToken != null ? "present" : "none") + "}";
  }
}
