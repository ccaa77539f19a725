package io.nestauth.client;

import io.nestauth.generated.model.CsrfResponseDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;

/**
 * The server's CSRF state: whether protection is on and, when it is, the token to send back and
 * the header and cookie names. CSRF is off in header token mode. Immutable; the token is a secret
 * and {@link #toString()} does not show it.
 */
public final class CsrfToken {
  private final boolean enabled;
  private final @Nullable String token;
  private final @Nullable String headerName;
  private final @Nullable String cookieName;

  private CsrfToken(boolean enabled, @Nullable String token, @Nullable String headerName, @Nullable String cookieName) {
    this.enabled = enabled;
    this.token = token;
    this.headerName = headerName;
    this.cookieName = cookieName;
  }

  /**
   * Reads the CSRF state from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or does not say whether CSRF is enabled
   */
  static CsrfToken from(@Nullable CsrfResponseDto answer) {
    CsrfResponseDto dto = Values.body(answer, "CsrfToken");
    return new CsrfToken(Values.required(dto.getEnabled(), "CsrfToken", "enabled"), dto.getCsrfToken(),
        dto.getHeaderName(), dto.getCookieName());
  }

  /** @return true when the server checks CSRF tokens on state-changing requests */
  public boolean isEnabled() {
    return enabled;
  }

  /** @return the token to send in the {@link #headerName() header}, when CSRF is enabled; a secret, do not log it */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** @return the name of the header that carries the token, when CSRF is enabled */
  public Optional<String> headerName() {
    return Optional.ofNullable(headerName);
  }

  /** @return the name of the double-submit cookie, when CSRF is enabled */
  public Optional<String> cookieName() {
    return Optional.ofNullable(cookieName);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CsrfToken)) {
      return false;
    }
    CsrfToken other = (CsrfToken) o;
    return enabled == other.enabled && Objects.equals(token, other.token) && Objects.equals(headerName, other.headerName)
        && Objects.equals(cookieName, other.cookieName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, token, headerName, cookieName);
  }

  @Override
  public String toString() {
    return "CsrfToken{enabled=" + enabled + ", token=" + Values.mask(token) + ", headerName=" + headerName
        + ", cookieName=" + cookieName + "}";
  }
}
