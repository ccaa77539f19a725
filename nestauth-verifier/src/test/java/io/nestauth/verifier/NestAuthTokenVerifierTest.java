package io.nestauth.verifier;

import static io.nestauth.verifier.TestTokens.NOW;
import static io.nestauth.verifier.TestTokens.SECRET;
import static io.nestauth.verifier.TestTokens.access;
import static io.nestauth.verifier.TestTokens.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import io.nestauth.verifier.TokenVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NestAuthTokenVerifierTest {
  private final NestAuthTokenVerifier verifier = verifierAt(NOW).build();

  static NestAuthTokenVerifier.Builder verifierAt(Instant now) {
    return NestAuthTokenVerifier.builder().secret(SECRET).clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  /** Verifies, expects a refusal of that reason, and checks the message keeps the token out. */
  static TokenVerificationException refused(NestAuthTokenVerifier verifier, String token, Reason reason) {
    TokenVerificationException e = catchThrowableOfType(TokenVerificationException.class,
        () -> verifier.verify(token));
    assertThat(e).as("refusal of the token").isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    MessagesKeepTokensOutTest.assertNoPartOf(token, e);
    return e;
  }

  @Test
  void aServerShapedAccessTokenGivesItsPrincipal() {
    String token = access().claim("tenantId", "7d9b2c1e-0f3a-4b5c-8d6e-9f0a1b2c3d4e")
        .claim("phone", "+15550100").roles(role("editor"), role("admin")).build();

    NestAuthPrincipal principal = verifier.verify(token);

    assertThat(principal.userId()).isEqualTo(TestTokens.USER_ID);
    assertThat(principal.email()).contains(TestTokens.EMAIL);
    assertThat(principal.phone()).contains("+15550100");
    assertThat(principal.tenantId()).contains("7d9b2c1e-0f3a-4b5c-8d6e-9f0a1b2c3d4e");
    assertThat(principal.sessionId()).isEqualTo(TestTokens.SESSION_ID);
    assertThat(principal.roles()).containsExactly("editor", "admin");
    assertThat(principal.hasRole("admin")).isTrue();
    assertThat(principal.hasRole("Admin")).isFalse();
    assertThat(principal.permissions()).isEmpty();
    assertThat(principal.mfaEnabled()).isFalse();
    assertThat(principal.mfaVerified()).isFalse();
    assertThat(principal.mfaPending()).isFalse();
    assertThat(principal.issuedAt()).isEqualTo(NOW.minusSeconds(60));
    assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(840));
    assertThat(principal.claims()).containsEntry("type", "access").containsEntry("emailVerifiedAt", null)
        .containsEntry("exp", NOW.getEpochSecond() + 840);
  }

  @Test
  void absentOrNullOptionalClaimsAreEmpty() {
    NestAuthPrincipal principal = verifier.verify(access().without("email").claim("phone", null)
        .without("tenantId").without("roles").without("isMfaEnabled").without("isMfaVerified").build());

    assertThat(principal.email()).isEmpty();
    assertThat(principal.phone()).isEmpty();
    assertThat(principal.tenantId()).isEmpty();
    assertThat(principal.roles()).isEmpty();
    assertThat(principal.mfaPending()).isFalse();
  }

  @Test
  void theUserIdComesFromSubWhenThereIsNoId() {
    assertThat(verifier.verify(access().without("id").claim("sub", "user-from-sub").build()).userId())
        .isEqualTo("user-from-sub");
    assertThat(verifier.verify(access().claim("id", "user-from-id").claim("sub", "other").build()).userId())
        .isEqualTo("user-from-id");
  }

  @Nested
  class Roles {
    @Test
    void objectsAndStringsAreBothRead() {
      NestAuthPrincipal principal = verifier.verify(access().roles(role("editor"), "viewer", role("admin")).build());

      assertThat(principal.roles()).containsExactly("editor", "viewer", "admin");
    }

    @Test
    void duplicatesNamelessObjectsAndOtherValuesAreLeftOut() {
      Map<String, Object> nameless = Map.of("id", "x", "guard", "web");
      NestAuthPrincipal principal = verifier.verify(access()
          .roles("editor", role("editor"), nameless, Map.of("name", 42), 7, true).build());

      assertThat(principal.roles()).containsExactly("editor");
    }

    @Test
    void permissionsAreReadWhereADeploymentPutsThem() {
      Map<String, Object> withPermissions = new java.util.LinkedHashMap<>(role("editor"));
      withPermissions.put("permissions", List.of("posts.write", "posts.read"));
      NestAuthPrincipal principal = verifier.verify(access().roles(withPermissions)
          .claim("permissions", List.of("users.invite", "posts.read", 3)).build());

      assertThat(principal.permissions()).containsExactly("posts.write", "posts.read", "users.invite");
      assertThat(principal.hasPermission("users.invite")).isTrue();
      assertThat(principal.hasPermission("users.delete")).isFalse();
    }

    @Test
    void rolesThatAreNotAnArrayMakeTheTokenMalformed() {
      refused(verifier, access().claim("roles", "admin").build(), Reason.MALFORMED);
      refused(verifier, access().claim("permissions", "users.invite").build(), Reason.MALFORMED);
    }
  }

  @Nested
  class Time {
    @Test
    void anExpiredTokenIsRefused() {
      TokenVerificationException e = refused(verifier, access().expiresIn(Duration.ofMinutes(-5)).build(),
          Reason.EXPIRED);
      assertThat(e).hasMessageContaining("expired");
    }

    @Test
    void expiryHasTheLeeway() {
      assertThat(verifier.verify(access().expiresIn(Duration.ofSeconds(-29)).build())).isNotNull();
      refused(verifier, access().expiresIn(Duration.ofSeconds(-30)).build(), Reason.EXPIRED);

      NestAuthTokenVerifier strict = verifierAt(NOW).leeway(Duration.ZERO).build();
      refused(strict, access().expiresIn(Duration.ZERO).build(), Reason.EXPIRED);
      assertThat(strict.verify(access().expiresIn(Duration.ofSeconds(1)).build())).isNotNull();

      NestAuthTokenVerifier lenient = verifierAt(NOW).leeway(Duration.ofMinutes(2)).build();
      assertThat(lenient.verify(access().expiresIn(Duration.ofSeconds(-90)).build())).isNotNull();
    }

    @Test
    void aTokenIssuedInTheFutureIsNotYetValid() {
      refused(verifier, access().issuedAt(NOW.plusSeconds(31)).build(), Reason.NOT_YET_VALID);
      assertThat(verifier.verify(access().issuedAt(NOW.plusSeconds(30)).build())).isNotNull();
      refused(verifier, access().claim("nbf", NOW.plusSeconds(300).getEpochSecond()).build(), Reason.NOT_YET_VALID);
      assertThat(verifier.verify(access().claim("nbf", NOW.plusSeconds(10).getEpochSecond()).build())).isNotNull();
    }

    @Test
    void theConfiguredClockDecides() {
      String token = access().build();
      assertThat(verifierAt(NOW.plus(Duration.ofMinutes(14))).build().verify(token)).isNotNull();
      refused(verifierAt(NOW.plus(Duration.ofMinutes(15))).build(), token, Reason.EXPIRED);
      refused(verifierAt(NOW.minus(Duration.ofMinutes(2))).build(), token, Reason.NOT_YET_VALID);
    }

    @Test
    void expAndIatAreRequiredNumbers() {
      refused(verifier, access().without("exp").build(), Reason.MALFORMED);
      refused(verifier, access().without("iat").build(), Reason.MALFORMED);
      refused(verifier, access().claim("exp", "tomorrow").build(), Reason.MALFORMED);
      refused(verifier, access().claim("iat", 1.0e300).build(), Reason.MALFORMED);
    }
  }

  @Nested
  class SignatureAndAlgorithm {
    @Test
    void aTamperedPayloadIsRefused() {
      String token = access().build();
      String[] parts = token.split("\\.");
      String otherPayload = access().claim("id", "someone-else").claim("sub", "someone-else").build().split("\\.")[1];

      refused(verifier, parts[0] + "." + otherPayload + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void aTamperedSignatureIsRefused() {
      String token = access().build();
      char last = token.charAt(token.length() - 2);
      String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

      refused(verifier, tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void anotherSecretIsRefused() {
      refused(verifier, access().secret("another-secret-that-is-long-enough-0123456789").build(), Reason.BAD_SIGNATURE);
    }

    @Test
    void algNoneIsRefusedWithOrWithoutASignature() {
      String unsigned = access().buildUnsigned();
      refused(verifier, unsigned, Reason.BAD_SIGNATURE);
      refused(verifier, unsigned + access().build().split("\\.")[2], Reason.BAD_SIGNATURE);
      String upperCase = TestTokens.base64Url("{\"alg\":\"NONE\"}") + unsigned.substring(unsigned.indexOf('.'));
      refused(verifier, upperCase, Reason.BAD_SIGNATURE);
    }

    @Test
    void hs512WithTheRightSecretIsStillRefused() {
      TokenVerificationException e = refused(verifier, access().algorithm(JWSAlgorithm.HS512).build(),
          Reason.BAD_SIGNATURE);
      assertThat(e).hasMessageContaining("HS512");
      refused(verifier, access().algorithm(JWSAlgorithm.HS384).build(), Reason.BAD_SIGNATURE);
    }

    @Test
    void anAsymmetricAlgorithmInTheHeaderIsRefused() {
      String token = access().build();
      String rs256 = TestTokens.base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + token.substring(token.indexOf('.'));
      refused(verifier, rs256, Reason.BAD_SIGNATURE);
    }
  }

  @Nested
  class TokenType {
    @Test
    void aRefreshTokenIsRefused() {
      TokenVerificationException e = refused(verifier, TestTokens.refresh().build(), Reason.WRONG_TYPE);
      assertThat(e).hasMessageContaining("refresh");
    }

    @Test
    void aTokenWithoutTypeOrOfAnotherTypeIsRefused() {
      refused(verifier, access().without("type").build(), Reason.WRONG_TYPE);
      refused(verifier, access().claim("type", "password-reset").build(), Reason.WRONG_TYPE);
      refused(verifier, access().claim("type", "ACCESS").build(), Reason.WRONG_TYPE);
      refused(verifier, access().claim("type", true).build(), Reason.WRONG_TYPE);
    }
  }

  @Nested
  class Mfa {
    @Test
    void aPendingSessionIsRefusedByDefault() {
      refused(verifier, access().mfa(true, false).build(), Reason.MFA_PENDING);
    }

    @Test
    void aPendingSessionIsAcceptedWhenAllowed() {
      NestAuthTokenVerifier allowing = verifierAt(NOW).allowMfaPending(true).build();
      NestAuthPrincipal principal = allowing.verify(access().mfa(true, false).build());

      assertThat(principal.mfaPending()).isTrue();
      assertThat(principal.mfaEnabled()).isTrue();
      assertThat(principal.mfaVerified()).isFalse();
    }

    @Test
    void aVerifiedSessionIsNotPending() {
      NestAuthPrincipal principal = verifier.verify(access().mfa(true, true).build());
      assertThat(principal.mfaPending()).isFalse();
      assertThat(principal.mfaVerified()).isTrue();
    }

    @Test
    void mfaClaimsMustBeBooleans() {
      refused(verifier, access().claim("isMfaEnabled", "true").build(), Reason.MALFORMED);
    }
  }

  @Nested
  class MalformedTokens {
    @Test
    void notAJws() {
      for (String garbage : List.of("", "abc", "a.b", "a.b.c", "....", "a.b.c.d.e", "!!.??.**",
          TestTokens.base64Url("[1,2]") + ".e30.", TestTokens.base64Url("{\"alg\":1}") + ".e30.")) {
        refused(verifier, garbage, Reason.MALFORMED);
      }
    }

    @Test
    void onlyBase64UrlAndDotsAreAccepted() {
      String token = access().build();
      int sig = token.lastIndexOf('.') + 1;
      for (String variant : List.of("Bearer " + token, token + "\n", " " + token, token + "=",
          token.substring(0, sig) + "\n" + token.substring(sig), token.substring(0, sig + 3) + "é" + token.substring(sig + 3),
          token.substring(0, sig + 3) + "+" + token.substring(sig + 3))) {
        TokenVerificationException e = refused(verifier, variant, Reason.MALFORMED);
        assertThat(e).hasMessageContaining("base64url");
      }
      assertThat(verifier.verify(token)).isNotNull();
    }

    @Test
    void aPayloadThatIsNotJsonIsRefused() {
      String token = access().build();
      String[] parts = token.split("\\.");
      // a valid signature over a payload that is not a JSON object
      String header = parts[0];
      String payload = TestTokens.base64Url("not json");
      String signed = resign(header + "." + payload);
      refused(verifier, signed, Reason.MALFORMED);
    }

    @Test
    void anOverlongTokenIsRefusedUnread() {
      String token = access().claim("padding", "x".repeat(NestAuthTokenVerifier.MAX_TOKEN_LENGTH)).build();
      TokenVerificationException e = refused(verifier, token, Reason.MALFORMED);
      assertThat(e).hasMessageContaining("longer than");
    }

    @Test
    void requiredClaimsMissingOrOfTheWrongKind() {
      refused(verifier, access().without("id").without("sub").build(), Reason.MALFORMED);
      refused(verifier, access().claim("id", " ").without("sub").build(), Reason.MALFORMED);
      refused(verifier, access().claim("id", 42).build(), Reason.MALFORMED);
      refused(verifier, access().without("sessionId").build(), Reason.MALFORMED);
      refused(verifier, access().claim("email", 5).build(), Reason.MALFORMED);
      refused(verifier, access().claim("tenantId", List.of()).build(), Reason.MALFORMED);
    }

    @Test
    void aNullTokenIsAProgrammingError() {
      assertThatThrownBy(() -> verifier.verify(nullString())).isInstanceOf(NullPointerException.class);
    }

    private String resign(String signingInput) {
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }

  @Nested
  class Building {
    @Test
    void aSecretIsRequiredAndAtLeast32Bytes() {
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret must be set");
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().secret("x".repeat(31)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 bytes")
          .hasMessageNotContaining("xxxx");
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().secret(new byte[16]).build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(NestAuthTokenVerifier.builder().secret(new byte[32]).build()).isNotNull();
      // bytes count, not characters: 16 × 'é' are 32 bytes in UTF-8, 15 are 30
      assertThat(NestAuthTokenVerifier.builder().secret("é".repeat(16)).build()).isNotNull();
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().secret("é".repeat(15)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 bytes");
    }

    @Test
    void aStringSecretIsItsUtf8Bytes() {
      NestAuthTokenVerifier fromBytes = NestAuthTokenVerifier.builder().secret(SECRET.getBytes(StandardCharsets.UTF_8))
          .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
      assertThat(fromBytes.verify(access().build()).userId()).isEqualTo(TestTokens.USER_ID);
    }

    @Test
    void theSecretArrayIsCopied() {
      byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
      NestAuthTokenVerifier.Builder builder = NestAuthTokenVerifier.builder().secret(secret)
          .clock(Clock.fixed(NOW, ZoneOffset.UTC));
      java.util.Arrays.fill(secret, (byte) 'z');
      NestAuthTokenVerifier built = builder.build();
      java.util.Arrays.fill(secret, (byte) 'y');
      assertThat(built.verify(access().build())).isNotNull();
    }

    @Test
    void badSettingsAreRefused() {
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().leeway(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().leeway(null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().clock(null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().secret((String) null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NestAuthTokenVerifier.builder().secret((byte[]) null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDescriptionNamesTheSettingsButNotTheSecret() {
      assertThat(verifier.toString()).contains("HS256", "PT30S").doesNotContain(SECRET);
    }
  }

  @Nested
  class ThePrincipal {
    @Test
    void isImmutable() {
      Map<String, Object> role = new java.util.LinkedHashMap<>(role("editor"));
      NestAuthPrincipal principal = verifier.verify(access().roles(role).build());

      assertThatThrownBy(() -> principal.roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> principal.permissions().add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> principal.claims().put("id", "x")).isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      List<Object> roles = (List<Object>) principal.claims().get("roles");
      assertThatThrownBy(() -> roles.clear()).isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> firstRole = (Map<String, Object>) roles.get(0);
      assertThatThrownBy(() -> firstRole.put("name", "admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalsByClaimsAndKeepsPersonalDataOutOfItsDescription() {
      String token = access().claim("phone", "+15550100").build();
      NestAuthPrincipal one = verifier.verify(token);
      NestAuthPrincipal two = verifier.verify(token);

      assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
      assertThat(one).isNotEqualTo(verifier.verify(access().claim("sessionId", "other").build()));
      assertThat(one.toString()).contains(TestTokens.USER_ID, TestTokens.SESSION_ID)
          .doesNotContain(TestTokens.EMAIL, "+15550100");
    }
  }

  @Test
  void oneVerifierServesManyThreads() throws Exception {
    List<String> tokens = List.of(access().build(), access().claim("id", "u2").build(),
        TestTokens.refresh().build(), access().mfa(true, false).build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String token = tokens.get(i % tokens.size());
        results.add(pool.submit(() -> {
          try {
            return verifier.verify(token).userId();
          } catch (TokenVerificationException e) {
            return e.reason();
          }
        }));
      }
      for (int i = 0; i < results.size(); i++) {
        Object result = results.get(i).get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(List.of(TestTokens.USER_ID, "u2", Reason.WRONG_TYPE, Reason.MFA_PENDING)
            .get(i % tokens.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyReasonTellsWhetherTheTokenItselfWasRejected() {
    for (Reason reason : Reason.values()) {
      assertThat(new TokenVerificationException(reason, "m").isTokenRejected())
          .isEqualTo(reason != Reason.CHECK_FAILED);
    }
    assertThat(Set.of(Reason.values())).hasSize(8);
  }
}
