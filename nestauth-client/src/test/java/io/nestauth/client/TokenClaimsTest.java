package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@link TokenClaims} reads a JWT's payload with Jackson; every accessor reports what Jackson's map of
 * the payload says ({@link ClaimsOracle}), and a token that cannot be read gives no claims, never an
 * exception. The fuzz test (TokenClaimsFuzzTest) checks the same on generated input.
 */
class TokenClaimsTest {
  /** The payload of an access token as the server signs it. */
  private static final String SERVER_PAYLOAD = "{\"id\":\"26b6b071-32d7-4cba-9161-6d80869ec2fa\","
      + "\"sub\":\"26b6b071-32d7-4cba-9161-6d80869ec2fa\",\"sessionId\":\"dec799c6-1e51-4e6a-b815-acd7345036e7\","
      + "\"email\":\"alice@example.com\",\"phone\":null,\"emailVerifiedAt\":null,\"phoneVerifiedAt\":null,"
      + "\"roles\":[\"member\",{\"name\":\"admin\",\"permissions\":[\"users.invite\"]}],\"tenantId\":null,"
      + "\"isMfaEnabled\":true,\"isMfaVerified\":false,\"type\":\"access\",\"iat\":1763763338,\"exp\":1763764238}";

  @Test
  void theServersPayloadIsRead() {
    byte[] payload = bytes(SERVER_PAYLOAD);

    TokenClaims claims = TokenClaims.parse(token(payload)).orElseThrow();

    assertThat(claims.userId()).contains("26b6b071-32d7-4cba-9161-6d80869ec2fa");
    assertThat(claims.sessionId()).contains("dec799c6-1e51-4e6a-b815-acd7345036e7");
    assertThat(claims.email()).contains("alice@example.com");
    assertThat(claims.phone()).isEmpty();
    assertThat(claims.tenantId()).isEmpty();
    assertThat(claims.type()).contains("access");
    assertThat(claims.isMfaPending()).isTrue();
    assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(1763764238L));
    assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(1763763338L));
    assertThat(claims.asMap()).containsKey("roles");
    assertThat(claims.toString()).doesNotContain("alice@example.com").contains("mfaPending=true");
    ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(token(payload)));
  }

  @Test
  void testJwtsAreRead() {
    for (String jwt : new String[] {TestJwts.verifiedAccess(), TestJwts.pendingAccess(), TestJwts.refreshToken()}) {
      byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
      assertThat(TokenClaims.parse(jwt)).as(jwt).isPresent();
      ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(jwt));
    }
  }

  @Test
  void theClaimsMapCannotBeChanged() {
    TokenClaims claims = TokenClaims.parse(TestJwts.verifiedAccess()).orElseThrow();

    assertThatCode(() -> claims.asMap().put("id", "someone else")).isInstanceOf(UnsupportedOperationException.class);
  }

  /** Payloads of every shape: the claims are present exactly for JSON objects and equal Jackson's reading. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      " { } ",
      "{ \"id\" : \"a\" ,\n\t\"exp\" : -5 }\r\n",
      "{\"id\":\"first\",\"id\":\"last\"}",           // the last occurrence wins, as in a map
      "{\"id\":\"text\",\"id\":7}",                   // a later value of another type clears it
      "{\"id\":7,\"sub\":\"s\"}",                     // a non-text id falls back to sub
      "{\"\":\"\",\"userId\":\"u\"}",                 // then to userId
      "{\"isMfaEnabled\":\"true\",\"isMfaVerified\":1}", // only JSON true is true
      "{\"exp\":0,\"iat\":-0}",
      "{\"exp\":999999999999999999}",                 // beyond Instant: no expiry
      "{\"exp\":1e300}",
      "{\"exp\":1.7637642E9}",
      "{\"exp\":1763764238.5}",
      "{\"exp\":12345678901234567890}",
      "{\"exp\":\"1763764238\"}",                     // a text exp is no expiry
      "{\"id\":\"a\\\"b\"}",
      "{\"\\u0069d\":\"x\"}",                         // escaped name that means "id"
      "{\"email\":\"jos\u00e9@example.com\"}",
      "{\"a\":{\"b\":[true,false,null,{},[]]},\"type\":\"refresh\"}",
      "{\"exp\":0123}",                               // invalid JSON from here on, or not an object
      "{\"exp\":-}",
      "{\"a\":1,}",
      "{\"a\":[1 2]}",
      "{\"a\":tru}",
      "{\"a\":1",
      "{'a':1}",
      "[1,2]",
      "\"text\"",
      "null",
      "42",
      ""})
  void everyPayloadReadsAsJacksonReadsIt(String json) {
    byte[] payload = bytes(json);

    ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(token(payload)));
  }

  /** Tokens that are not header.payload.signature with a base64url payload give no claims. */
  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "opaque-access-token",
      "a.b",
      "a.b.c.d",
      ".eyJpZCI6ImEifQ.sig",            // no header
      "h.eyJpZCI6ImEifQ",               // no signature part
      "h.!!!.sig",                      // not base64url
      "h.eyJpZCI6ImEifQ=x.sig",         // text after padding
      "h..sig"})                        // empty payload
  void malformedTokensGiveNoClaims(String jwt) {
    assertThat(TokenClaims.parse(jwt)).isEmpty();
  }

  @Test
  void nullAndOverlongTokensGiveNoClaims() {
    String overlong = token(bytes("{\"pad\":\"" + "x".repeat(13_000) + "\"}"));

    assertThat(TokenClaims.parse(null)).isEmpty();
    assertThat(overlong.length()).isGreaterThan(16 * 1024);
    assertThat(TokenClaims.parse(overlong)).isEmpty();
  }

  @Test
  void deeplyNestedPayloadsGiveNoClaimsInsteadOfAnError() {
    String deep = "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

    assertThat(TokenClaims.parse(token(bytes(deep)))).isEmpty();
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String token(byte[] payload) {
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload)
        + ".c2lnbmF0dXJl";
  }
}
