package io.nestauth.testfixtures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs shaped like the server's (spec/SERVER-BEHAVIOUR.md §11): HS256, signed with the test key
 * {@link #SECRET}, carrying the claims the server puts in both tokens ({@code id} and {@code sub},
 * {@code sessionId}, {@code email}, {@code phone}, {@code emailVerifiedAt}, {@code phoneVerifiedAt},
 * {@code roles}, {@code tenantId}, {@code isMfaEnabled}, {@code isMfaVerified}, {@code type},
 * {@code iat}, {@code exp}) for {@link TestUser}, with the reference lifetimes (access 15 min,
 * refresh 7 days).
 *
 * <p>Every token also gets a random {@code jti}, so that two tokens built in the same second never
 * collide. The server itself adds one to refresh tokens only: {@code jti(null)} gives an access
 * token exactly the server's claims (and its length, 545 characters for {@link TestUser}), and
 * {@link Builder#issuedAt(Instant)} with a fixed {@link Builder#jti(String)} gives the same token
 * on every run ({@link FixedJwts}).
 */
public final class TestJwts {
  /** The HS256 key every fixture token is signed with (test only, never a server's). */
  public static final String SECRET = "nestauth-java-test-fixtures-hs256-key";
  /** The access token's lifetime in the reference configuration. */
  public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(15);
  /** The refresh token's lifetime in the reference configuration. */
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(7);
  /** The lifetime of a password-reset token (spec/SERVER-BEHAVIOUR.md §12). */
  public static final Duration RESET_LIFETIME = Duration.ofHours(1);

  /** {@code {"alg":"HS256","typ":"JWT"}}, the header jsonwebtoken writes, byte for byte. */
  private static final String HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestJwts() {
  }

  /**
   * An access token of {@link TestUser}'s session, issued now.
   *
   * @return a builder of the token
   */
  public static Builder access() {
    return ofType("access");
  }

  /**
   * A refresh token of {@link TestUser}'s session, issued now and valid 7 days.
   *
   * @return a builder of the token
   */
  public static Builder refresh() {
    return ofType("refresh");
  }

  /**
   * A session token with any {@code type} claim (the session claims as in {@link #access()}).
   *
   * @param type the {@code type} claim
   * @return a builder of the token
   */
  public static Builder ofType(String type) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("id", TestUser.USER_ID);
    claims.put("sub", TestUser.USER_ID);
    claims.put("sessionId", TestUser.SESSION_ID);
    claims.put("email", TestUser.EMAIL);
    claims.put("phone", null);
    claims.put("emailVerifiedAt", null);
    claims.put("phoneVerifiedAt", null);
    claims.put("roles", List.of());
    claims.put("tenantId", null);
    claims.put("isMfaEnabled", false);
    claims.put("isMfaVerified", false);
    claims.put("type", type);
    return new Builder(claims, "refresh".equals(type) ? REFRESH_LIFETIME : ACCESS_LIFETIME);
  }

  /**
   * A password-reset token as verify-forgot-password-otp issues it: {@code userId},
   * {@code type: password_reset}, valid 1 hour.
   *
   * @return a builder of the token
   */
  public static Builder passwordReset() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("userId", TestUser.USER_ID);
    claims.put("type", "password_reset");
    return new Builder(claims, RESET_LIFETIME);
  }

  /**
   * A fully verified access token, valid 15 minutes.
   *
   * @return the token
   */
  public static String verifiedAccess() {
    return access().build();
  }

  /**
   * An access token of a session waiting for MFA ({@code isMfaEnabled && !isMfaVerified}).
   *
   * @return the token
   */
  public static String pendingAccess() {
    return access().mfa(true, false).build();
  }

  /**
   * An access token that expired five minutes ago (the server answers it {@code 401 INVALID_TOKEN}).
   *
   * @return the token
   */
  public static String expiredAccess() {
    return access().expired().build();
  }

  /**
   * A refresh token valid 7 days.
   *
   * @return the token
   */
  public static String refreshToken() {
    return refresh().build();
  }

  /**
   * Signs any payload as the server would (HS256 with {@link #SECRET}).
   *
   * @param claims the payload, written as JSON in the map's order
   * @return the compact JWS
   */
  public static String sign(Map<String, ?> claims) {
    try {
      String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = B64.encodeToString(mac.doFinal((HEADER + "." + payload).getBytes(StandardCharsets.US_ASCII)));
      return HEADER + "." + payload + "." + signature;
    } catch (JsonProcessingException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test JWT", e);
    }
  }

  /**
   * The signature part of a compact JWS: the part no log or message may ever show (header and
   * payload are shared by many tokens).
   *
   * @param jwt a compact JWS
   * @return its third part
   */
  public static String signature(String jwt) {
    return jwt.substring(jwt.lastIndexOf('.') + 1);
  }

  /**
   * Collects the claims of one token. Not thread-safe; each {@link #build()} signs the current
   * claims.
   */
  public static final class Builder {
    private final Map<String, Object> claims;
    private final Duration lifetime;
    private String jti = UUID.randomUUID().toString();

    private Builder(Map<String, Object> claims, Duration lifetime) {
      this.claims = claims;
      this.lifetime = lifetime;
      issuedAt(Instant.now());
    }

    /**
     * Sets the MFA claims; {@code enabled && !verified} is an MFA-pending session.
     *
     * @param enabled the {@code isMfaEnabled} claim
     * @param verified the {@code isMfaVerified} claim
     * @return this builder
     */
    public Builder mfa(boolean enabled, boolean verified) {
      claims.put("isMfaEnabled", enabled);
      claims.put("isMfaVerified", verified);
      return this;
    }

    /**
     * Sets the user: {@code id} and {@code sub} of a session token, {@code userId} of a reset token.
     *
     * @param userId the user's id
     * @return this builder
     */
    public Builder userId(String userId) {
      if (claims.containsKey("userId")) {
        claims.put("userId", userId);
      } else {
        claims.put("id", userId);
        claims.put("sub", userId);
      }
      return this;
    }

    /**
     * Sets the {@code sessionId} claim.
     *
     * @param sessionId the session's id
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      claims.put("sessionId", sessionId);
      return this;
    }

    /**
     * Sets the {@code email} claim.
     *
     * @param email the address, or null for a phone-only user
     * @return this builder
     */
    public Builder email(String email) {
      claims.put("email", email);
      return this;
    }

    /**
     * Sets the {@code phone} claim.
     *
     * @param phone the number, or null
     * @return this builder
     */
    public Builder phone(String phone) {
      claims.put("phone", phone);
      return this;
    }

    /**
     * Sets the {@code roles} claim.
     *
     * @param roles the roles (partial role objects or names)
     * @return this builder
     */
    public Builder roles(List<?> roles) {
      claims.put("roles", roles);
      return this;
    }

    /**
     * Sets the {@code tenantId} claim (switch-tenant re-scopes tokens to a tenant).
     *
     * @param tenantId the tenant, or null
     * @return this builder
     */
    public Builder tenantId(String tenantId) {
      claims.put("tenantId", tenantId);
      return this;
    }

    /**
     * Sets {@code iat}, and {@code exp} to {@code iat} plus the token type's lifetime; call
     * {@link #expiresAt(Instant)} afterwards for another expiry.
     *
     * @param issuedAt when the token was issued (whole seconds count)
     * @return this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      claims.put("iat", issuedAt.getEpochSecond());
      claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
      return this;
    }

    /**
     * Sets the {@code exp} claim.
     *
     * @param expiresAt the expiry (whole seconds count)
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      claims.put("exp", expiresAt.getEpochSecond());
      return this;
    }

    /**
     * Sets the {@code exp} claim relative to now.
     *
     * @param duration how long from now the token stays valid
     * @return this builder
     */
    public Builder expiresIn(Duration duration) {
      return expiresAt(Instant.now().plus(duration));
    }

    /**
     * Makes the token one that was issued 20 minutes ago and expired 5 minutes ago.
     *
     * @return this builder
     */
    public Builder expired() {
      claims.put("iat", Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond());
      return expiresAt(Instant.now().minus(Duration.ofMinutes(5)));
    }

    /**
     * Sets the {@code jti} claim, by default a random UUID.
     *
     * @param jti the token id, or null for no {@code jti} claim
     * @return this builder
     */
    public Builder jti(String jti) {
      this.jti = jti;
      return this;
    }

    /**
     * Sets any claim, e.g. one a deployment adds with {@code session.customizeTokenPayload}.
     *
     * @param name the claim's name
     * @param value its value (written as JSON), null included
     * @return this builder
     */
    public Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    /**
     * Leaves a claim out.
     *
     * @param name the claim's name
     * @return this builder
     */
    public Builder without(String name) {
      claims.remove(name);
      return this;
    }

    /**
     * Signs the claims.
     *
     * @return the compact JWS
     */
    public String build() {
      Map<String, Object> payload = new LinkedHashMap<>(claims);
      if (jti != null) {
        payload.put("jti", jti);
      }
      return sign(payload);
    }
  }
}
