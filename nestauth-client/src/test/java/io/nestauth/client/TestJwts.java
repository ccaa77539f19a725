package io.nestauth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real-looking but unsigned Nest Auth JWTs (header.payload.signature, base64url) carrying the claims
 * the server puts in its tokens. The signature part is random, so two tokens never collide.
 */
/** Unsigned JWTs shaped like the server's (claims: spec/SERVER-BEHAVIOUR.md §11); shared by every test package. */
public final class TestJwts {
  public static final String USER_ID = "26b6b071-32d7-4cba-9161-6d80869ec2fa";
  public static final String SESSION_ID = "dec799c6-1e51-4e6a-b815-acd7345036e7";
  public static final String EMAIL = "alice@example.com";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestJwts() {
  }

  public static Builder access() {
    return new Builder("access");
  }

  public static Builder refresh() {
    return new Builder("refresh");
  }

  /** A token of any {@code type} claim (e.g. a reset token). */
  public static Builder ofType(String type) {
    return new Builder(type);
  }

  /** A fully verified access token valid for 15 minutes. */
  static String verifiedAccess() {
    return access().build();
  }

  /** An access token of a session waiting for MFA (isMfaEnabled && !isMfaVerified). */
  static String pendingAccess() {
    return access().mfa(true, false).build();
  }

  static String refreshToken() {
    return refresh().expiresIn(Duration.ofDays(7)).build();
  }

  public static final class Builder {
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private Builder(String type) {
      long now = Instant.now().getEpochSecond();
      claims.put("id", USER_ID);
      claims.put("sub", USER_ID);
      claims.put("sessionId", SESSION_ID);
      claims.put("email", EMAIL);
      claims.put("phone", null);
      claims.put("emailVerifiedAt", null);
      claims.put("phoneVerifiedAt", null);
      claims.put("roles", java.util.List.of());
      claims.put("tenantId", null);
      claims.put("isMfaEnabled", false);
      claims.put("isMfaVerified", false);
      claims.put("type", type);
      claims.put("iat", now);
      claims.put("exp", now + Duration.ofMinutes(15).getSeconds());
    }

    public Builder mfa(boolean enabled, boolean verified) {
      claims.put("isMfaEnabled", enabled);
      claims.put("isMfaVerified", verified);
      return this;
    }

    public Builder tenantId(String tenantId) {
      claims.put("tenantId", tenantId);
      return this;
    }

    public Builder userId(String userId) {
      claims.put("id", userId);
      claims.put("sub", userId);
      return this;
    }

    public Builder expiresAt(Instant exp) {
      claims.put("exp", exp.getEpochSecond());
      return this;
    }

    public Builder expiresIn(Duration duration) {
      return expiresAt(Instant.now().plus(duration));
    }

    public Builder expired() {
      claims.put("iat", Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond());
      return expiresAt(Instant.now().minus(Duration.ofMinutes(5)));
    }

    public Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    public String build() {
      byte[] signature = new byte[32];
      RANDOM.nextBytes(signature);
      return part(Map.of("alg", "HS256", "typ", "JWT")) + "." + part(claims) + "." + B64.encodeToString(signature);
    }

    private static String part(Map<String, Object> json) {
      try {
        return B64.encodeToString(JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
