package io.nestauth.client;

import java.util.Objects;

/**
 * What a {@link TokenStore} keeps: the session's tokens, whether the session still waits for MFA,
 * and the device-trust token (kept across sign-outs so a trusted device skips MFA on the next login).
 * Immutable; {@link #toString()} shows no token.
 */
public final class StoredTokens {
  private final String accessToken;
  private final String refreshToken;
  private final boolean mfaPending;
  private final String trustToken;

  /**
   * @param accessToken the access token, or null when signed out
   * @param refreshToken the refresh token, or null when signed out
   * @param mfaPending whether the tokens belong to a session that still has to pass MFA
   * @param trustToken the device-trust token, or null
   */
  public StoredTokens(String accessToken, String refreshToken, boolean mfaPending, String trustToken) {
    if ((accessToken == null) != (refreshToken == null)) {
      throw new IllegalArgumentException("accessToken and refreshToken must be both present or both absent");
    }
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.mfaPending = mfaPending && accessToken != null;
    this.trustToken = trustToken;
  }

  /** @return a value holding only a device-trust token (signed out) */
  public static StoredTokens signedOut(String trustToken) {
    return new StoredTokens(null, null, false, trustToken);
  }

  public String accessToken() {
    return accessToken;
  }

  public String refreshToken() {
    return refreshToken;
  }

  public boolean mfaPending() {
    return mfaPending;
  }

  public String trustToken() {
    return trustToken;
  }

  /** @return true when a session's tokens are present (fully signed in or MFA-pending) */
  public boolean hasSession() {
    return accessToken != null;
  }

  StoredTokens withTrustToken(String newTrustToken) {
    return new StoredTokens(accessToken, refreshToken, mfaPending, newTrustToken);
  }

  @Override
  public boolean equals(Object o) {
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
