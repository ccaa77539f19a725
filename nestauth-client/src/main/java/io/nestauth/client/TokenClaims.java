package io.nestauth.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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

  /** The decoded payload, kept for {@link #asMap()}. */
  private final byte[] payload;
  private final String id;
  private final String sub;
  private final String userIdClaim;
  private final String sessionId;
  private final String email;
  private final String phone;
  private final String tenantId;
  private final String type;
  private final boolean mfaEnabled;
  private final boolean mfaVerified;
  private final Number exp;
  private final Number iat;
  /** Every claim, parsed on first use; a benign race parses it twice at worst. */
  private volatile Map<String, Object> all;

  private TokenClaims(byte[] payload, ClaimsReader.Claims known) {
    this.payload = payload;
    this.id = known.texts[ClaimsReader.ID];
    this.sub = known.texts[ClaimsReader.SUB];
    this.userIdClaim = known.texts[ClaimsReader.USER_ID];
    this.sessionId = known.texts[ClaimsReader.SESSION_ID];
    this.email = known.texts[ClaimsReader.EMAIL];
    this.phone = known.texts[ClaimsReader.PHONE];
    this.tenantId = known.texts[ClaimsReader.TENANT_ID];
    this.type = known.texts[ClaimsReader.TYPE];
    this.mfaEnabled = known.mfaEnabled;
    this.mfaVerified = known.mfaVerified;
    this.exp = known.exp;
    this.iat = known.iat;
  }

  /**
   * Reads the payload of a JWT.
   *
   * @param jwt a token of the form header.payload.signature
   * @return its claims, or empty if it is not a readable JWT
   */
  public static Optional<TokenClaims> parse(String jwt) {
    if (jwt == null || jwt.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    int first = jwt.indexOf('.');
    int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || jwt.indexOf('.', second + 1) >= 0) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(jwt.substring(first + 1, second));
      ClaimsReader.Claims known = ClaimsReader.read(payload, MAPPER.getFactory());
      return known == null ? Optional.empty() : Optional.of(new TokenClaims(payload, known));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  /** @return the user id ({@code id}, else {@code sub}, else {@code userId}) */
  public Optional<String> userId() {
    // password-reset and invite tokens name the user in a userId claim
    return Optional.ofNullable(id != null ? id : sub != null ? sub : userIdClaim);
  }

  /** @return the id of the server-side session the token belongs to ({@code sessionId}) */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** @return the user's email address ({@code email}), when the token carries it */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return the user's phone number ({@code phone}), when the token carries it */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return the tenant the token is scoped to */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** @return {@code "access"} or {@code "refresh"} */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** @return true when the user had MFA turned on when the token was issued ({@code isMfaEnabled}) */
  public boolean isMfaEnabled() {
    return mfaEnabled;
  }

  /** @return true when the session had passed MFA when the token was issued ({@code isMfaVerified}) */
  public boolean isMfaVerified() {
    return mfaVerified;
  }

  /** @return true when the session still has to pass MFA: the server answers MFA_REQUIRED on gated routes */
  public boolean isMfaPending() {
    return isMfaEnabled() && !isMfaVerified();
  }

  /** @return when the token expires ({@code exp}) */
  public Optional<Instant> expiresAt() {
    return epochSeconds(exp);
  }

  /** @return when the token was issued ({@code iat}) */
  public Optional<Instant> issuedAt() {
    return epochSeconds(iat);
  }

  /** @return every claim as sent */
  public Map<String, Object> asMap() {
    Map<String, Object> claims = all;
    if (claims == null) {
      claims = Collections.unmodifiableMap(readAll(payload));
      all = claims;
    }
    return claims;
  }

  private static Map<String, Object> readAll(byte[] payload) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> claims = (Map<String, Object>) MAPPER.readValue(payload, Object.class);
      return claims;
    } catch (IOException e) {
      // parse() has read the same bytes as one JSON object
      throw new IllegalStateException("the claims read by parse() cannot be read again", e);
    }
  }

  private static Optional<Instant> epochSeconds(Number value) {
    if (value == null) {
      return Optional.empty();
    }
    // beyond Instant's range (or NaN) is no date: 1e20 would otherwise throw DateTimeException
    double seconds = value.doubleValue();
    if (!(Math.abs(seconds) <= Instant.MAX.getEpochSecond())) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(value.longValue()));
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
