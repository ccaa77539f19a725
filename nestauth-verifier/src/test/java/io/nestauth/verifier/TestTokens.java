package io.nestauth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens shaped like the server's (spec/SERVER-BEHAVIOUR.md §11; observed on the reference backend:
 * {@code roles} holds partial role objects {id, name, guard, tenantId, isSystem, isActive}), signed
 * here with a test secret.
 */
final class TestTokens {
  // 64 bytes and more: long enough for the HS512 signer of the algorithm tests
  static final String SECRET = "unit-test-secret-of-the-nest-auth-verifier-0123456789-abcdefghijklmnop";
  static final String USER_ID = "f2d23fc8-c0a6-4c49-b840-f7863a94ae8b";
  static final String SESSION_ID = "75ae9c9d-6412-417e-b10a-40fbce874e1d";
  static final String EMAIL = "alice@example.com";
  /** "Now" for the verifiers of the tests. */
  static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private TestTokens() {
  }

  static Builder access() {
    return new Builder("access");
  }

  static Builder refresh() {
    return new Builder("refresh").claim("jti", "4b0f6a4e-3c1e-4f59-9f2c-1d7e8c9a0b1c");
  }

  static Map<String, Object> role(String name) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("id", "482b463b-28cb-46e4-8f57-9269c558c76f");
    role.put("name", name);
    role.put("guard", "web");
    role.put("tenantId", null);
    role.put("isSystem", false);
    role.put("isActive", true);
    return role;
  }

  static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static final class Builder {
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWSAlgorithm algorithm = JWSAlgorithm.HS256;
    private byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);

    private Builder(String type) {
      claims.put("id", USER_ID);
      claims.put("sub", USER_ID);
      claims.put("sessionId", SESSION_ID);
      claims.put("email", EMAIL);
      claims.put("phone", null);
      claims.put("emailVerifiedAt", null);
      claims.put("phoneVerifiedAt", null);
      claims.put("roles", new ArrayList<>());
      claims.put("tenantId", null);
      claims.put("isMfaEnabled", false);
      claims.put("isMfaVerified", false);
      claims.put("type", type);
      claims.put("iat", NOW.getEpochSecond() - 60);
      claims.put("exp", NOW.getEpochSecond() + 840);
    }

    Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    Builder without(String name) {
      claims.remove(name);
      return this;
    }

    Builder issuedAt(Instant iat) {
      return claim("iat", iat.getEpochSecond());
    }

    Builder expiresAt(Instant exp) {
      return claim("exp", exp.getEpochSecond());
    }

    Builder expiresIn(Duration duration) {
      return expiresAt(NOW.plus(duration));
    }

    Builder mfa(boolean enabled, boolean verified) {
      claims.put("isMfaEnabled", enabled);
      claims.put("isMfaVerified", verified);
      return this;
    }

    Builder roles(Object... roles) {
      claims.put("roles", new ArrayList<>(List.of(roles)));
      return this;
    }

    Builder algorithm(JWSAlgorithm algorithm) {
      this.algorithm = algorithm;
      return this;
    }

    Builder secret(String secret) {
      this.secret = secret.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Map<String, Object> claims() {
      return claims;
    }

    String build() {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(),
          new Payload(claims));
      try {
        jws.sign(new MACSigner(secret));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jws.serialize();
    }

    /** An unsecured token: {"alg":"none"}, the claims, an empty signature. */
    String buildUnsigned() {
      return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + new Payload(claims).toBase64URL() + ".";
    }
  }
}
