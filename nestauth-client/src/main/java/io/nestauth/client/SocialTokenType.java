package io.nestauth.client;

import io.nestauth.generated.model.SocialTokenTypeDto;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/** The kind of token handed to a social login (Google accepts both; the server assumes an ID token). */
public enum SocialTokenType {
  /** An OpenID Connect ID token (wire value {@code idToken}). */
  ID_TOKEN,
  /** An OAuth access token (wire value {@code accessToken}). */
  ACCESS_TOKEN;

  /** The wire value of this token type. */
  SocialTokenTypeDto toWire() {
    switch (this) {
      case ID_TOKEN:
        return SocialTokenTypeDto.ID_TOKEN;
      case ACCESS_TOKEN:
        return SocialTokenTypeDto.ACCESS_TOKEN;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Reads a wire value.
   *
   * @return the token type, or empty for null or a value this SDK does not know
   */
  static Optional<SocialTokenType> from(@Nullable SocialTokenTypeDto dto) {
    if (dto == null) {
      return Optional.empty();
    }
    switch (dto) {
      case ID_TOKEN:
        return Optional.of(ID_TOKEN);
      case ACCESS_TOKEN:
        return Optional.of(ACCESS_TOKEN);
      default:
        return Optional.empty();
    }
  }
}
