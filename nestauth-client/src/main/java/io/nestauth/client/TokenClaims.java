package io.nestauth.client;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a Nest Auth JWT, read without verifying the signature (only the server can).
 * The server sends no {@code expiresIn}: expiry and the MFA state of a session come from here.
 * Immutable; {@link #toString()} shows no token.
 */
public final class TokenClaims {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final Map<String, Object> claims;

  private TokenClaims(Map<String, Object> claims) {
    this.claims = Collections.unmodifiableMap(claims);
  }

  /**
   * Reads the payload of a JWT.
   *
   * @param jwt a token of the form header.payload.signature
   * @return its claims, or empty if it is not a readable JWT
   */
  public static Optional<TokenClaims> parse(@Nullable String jwt) {
    if (jwt == null || jwt.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      // a JWT's payload is UTF-8 JSON (RFC 7519): malformed UTF-8 is refused here, so that what is read
      // never depends on the state of Jackson's byte decoder (its shared name table)
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Base64.getUrlDecoder()
          .decode(parts[1]))).toString();
      Object payload = MAPPER.readValue(text, Object.class);
      if (!(payload instanceof Map)) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> claims = (Map<String, Object>) payload;
      return Optional.of(new TokenClaims(claims));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  /** @return the user id ({@code id}, else {@code sub}, else {@code userId}) */
  public Optional<String> userId() {
    // password-reset and invite tokens name the user in a userId claim
    Optional<String> id = text("id");
    if (!id.isPresent()) {
      id = text("sub");
    }
    return id.isPresent() ? id : text("userId");
  }

  /** @return the id of the server-side session the token belongs to ({@code sessionId}) */
  public Optional<String> sessionId() {
    return text("sessionId");
  }

  /** @return the user's email address ({@code email}), when the token carries it */
  public Optional<String> email() {
    return text("email");
  }

  /** @return the user's phone number ({@code phone}), when the token carries it */
  public Optional<String> phone() {
    return text("phone");
  }

  /** @return the tenant the token is scoped to */
  public Optional<String> tenantId() {
    return text("tenantId");
  }

  /** @return {@code "access"} or {@code "refresh"} */
  public Optional<String> type() {
    return text("type");
  }

  /** @return true when the user had MFA turned on when the token was issued ({@code isMfaEnabled}) */
  public boolean isMfaEnabled() {
    return Boolean.TRUE.equals(claims.get("isMfaEnabled"));
  }

  /** @return true when the session had passed MFA when the token was issued ({@code isMfaVerified}) */
  public boolean isMfaVerified() {
    return Boolean.TRUE.equals(claims.get("isMfaVerified"));
  }

  /** @return true when the session still has to pass MFA: the server answers MFA_REQUIRED on gated routes */
  public boolean isMfaPending() {
    return isMfaEnabled() && !isMfaVerified();
  }

  /** @return when the token expires ({@code exp}) */
  public Optional<Instant> expiresAt() {
    return epochSeconds(claims.get("exp"));
  }

  /** @return when the token was issued ({@code iat}) */
  public Optional<Instant> issuedAt() {
    return epochSeconds(claims.get("iat"));
  }

  /** @return every claim as sent */
  public Map<String, Object> asMap() {
    return claims;
  }

  private Optional<String> text(String name) {
    Object value = claims.get(name);
    return value instanceof String ? Optional.of((String) value) : Optional.empty();
  }

  private static Optional<Instant> epochSeconds(Object value) {
    if (!(value instanceof Number)) {
      return Optional.empty();
    }
    // beyond Instant's range (or NaN) is no date: 1e20 would otherwise throw DateTimeException
    double seconds = ((Number) value).doubleValue();
    if (!(Math.abs(seconds) <= Instant.MAX.getEpochSecond())) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(((Number) value).longValue()));
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    userId().ifPresent(v -> shown.put("userId", v));
    sessionId().ifPresent(v -> shown.put("sessionId", v));
    tenantId().ifPresent(v -> shown.put("tenantId", v));
    type().ifPresent(v -> shown.put("type", v));
    shown.put("mfaPending", isMfaPending());
    expiresAt().ifPresent(v -> shown.put("expiresAt", v));
    return "TokenClaims" + shown;
  }
}
