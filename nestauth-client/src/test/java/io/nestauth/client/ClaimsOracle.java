package io.nestauth.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link TokenClaims} must report for a payload, derived from Jackson's parse of it into a
 * map: which claim each accessor reads, and how a claim of the wrong type reads (as absent).
 */
public final class ClaimsOracle {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClaimsOracle() {
  }

  /**
   * Asserts that {@code parsed}, the result of {@code TokenClaims.parse} on a token carrying
   * {@code payload}, is what Jackson's map of the payload says: present exactly when the payload is
   * UTF-8 text of a JSON object, and every accessor as the map implies.
   */
  public static void assertMatchesJackson(byte[] payload, Optional<TokenClaims> parsed) {
    Object value;
    try {
      // a JWT payload is UTF-8 JSON: malformed UTF-8 is no object
      value = MAPPER.readValue(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(payload)).toString(), Object.class);
    } catch (IOException e) {
      value = null;
    }
    assertThat(parsed.isPresent()).as("present exactly when Jackson reads a JSON object").isEqualTo(value instanceof Map);
    if (!(value instanceof Map)) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    TokenClaims claims = parsed.get();
    Optional<String> id = text(map, "id");
    assertThat(claims.userId()).isEqualTo(id.isPresent() ? id : text(map, "sub").isPresent() ? text(map, "sub")
        : text(map, "userId"));
    assertThat(claims.sessionId()).isEqualTo(text(map, "sessionId"));
    assertThat(claims.email()).isEqualTo(text(map, "email"));
    assertThat(claims.phone()).isEqualTo(text(map, "phone"));
    assertThat(claims.tenantId()).isEqualTo(text(map, "tenantId"));
    assertThat(claims.type()).isEqualTo(text(map, "type"));
    assertThat(claims.isMfaEnabled()).isEqualTo(Boolean.TRUE.equals(map.get("isMfaEnabled")));
    assertThat(claims.isMfaVerified()).isEqualTo(Boolean.TRUE.equals(map.get("isMfaVerified")));
    assertThat(claims.expiresAt()).isEqualTo(instant(map.get("exp")));
    assertThat(claims.issuedAt()).isEqualTo(instant(map.get("iat")));
    assertThat(claims.asMap()).isEqualTo(map);
  }

  private static Optional<String> text(Map<String, Object> map, String name) {
    Object value = map.get(name);
    return value instanceof String ? Optional.of((String) value) : Optional.empty();
  }

  private static Optional<Instant> instant(Object value) {
    if (!(value instanceof Number)) {
      return Optional.empty();
    }
    double seconds = ((Number) value).doubleValue();
    return Math.abs(seconds) <= Instant.MAX.getEpochSecond()
        ? Optional.of(Instant.ofEpochSecond(((Number) value).longValue())) : Optional.empty();
  }
}
