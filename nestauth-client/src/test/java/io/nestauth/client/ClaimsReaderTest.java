package io.nestauth.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast claim reader takes the server's shape and leaves everything else to Jackson; either
 * way the claims equal Jackson's full parse of the payload ({@link ClaimsOracle}). The fuzz test
 * (TokenClaimsFuzzTest) checks the same on generated payloads.
 */
class ClaimsReaderTest {
  /** The payload of an access token as the server signs it (claims: spec/SERVER-BEHAVIOUR.md §11). */
  private static final String SERVER_PAYLOAD = "{\"id\":\"26b6b071-32d7-4cba-9161-6d80869ec2fa\","
      + "\"sub\":\"26b6b071-32d7-4cba-9161-6d80869ec2fa\",\"sessionId\":\"dec799c6-1e51-4e6a-b815-acd7345036e7\","
      + "\"email\":\"alice@example.com\",\"phone\":null,\"emailVerifiedAt\":null,\"phoneVerifiedAt\":null,"
      + "\"roles\":[\"member\",{\"name\":\"admin\",\"permissions\":[\"users.invite\"]}],\"tenantId\":null,"
      + "\"isMfaEnabled\":true,\"isMfaVerified\":false,\"type\":\"access\",\"iat\":1763763338,\"exp\":1763764238}";

  @Test
  void theServersPayloadTakesTheFastPathAndEqualsJackson() throws IOException {
    byte[] payload = bytes(SERVER_PAYLOAD);

    assertThat(ClaimsReader.readSimple(payload)).as("the server's shape is read without Jackson").isNotNull();
    ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(token(payload)));
    TokenClaims claims = TokenClaims.parse(token(payload)).orElseThrow();
    assertThat(claims.isMfaPending()).isTrue();
    assertThat(claims.expiresAt()).hasValueSatisfying(exp -> assertThat(exp.getEpochSecond()).isEqualTo(1763764238L));
  }

  @Test
  void testJwtsPayloadsTakeTheFastPath() {
    for (String jwt : new String[] {TestJwts.verifiedAccess(), TestJwts.pendingAccess(), TestJwts.refreshToken()}) {
      byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
      assertThat(ClaimsReader.readSimple(payload)).as(new String(payload, StandardCharsets.UTF_8)).isNotNull();
      ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(jwt));
    }
  }

  /** Shapes the fast reader must leave to Jackson (it would get them wrong or accept invalid JSON). */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"a\\\"b\"}",                      // escape in a value
      "{\"\\u0069d\":\"x\"}",                     // escaped name that means "id"
      "{\"email\":\"jos\u00e9@example.com\"}",    // non-ASCII (UTF-8) value
      "{\"exp\":1.7637642E9}",                    // exponent
      "{\"exp\":1763764238.5}",                   // fraction
      "{\"exp\":0123}",                           // leading zero: invalid JSON
      "{\"exp\":12345678901234567890}",           // more digits than a long holds
      "{\"exp\":-}",                              // sign without digits
      "{\"a\":1,}",                               // trailing comma
      "{\"a\":[1,]}",                             // trailing comma inside
      "{\"a\":[1 2]}",                            // missing comma
      "{\"a\":{\"b\"}}",                          // member without value
      "{\"a\":truex}",                            // literal run on
      "{\"a\":tru}",                              // literal cut short
      "{\"a\":1} x",                              // trailing text after the object
      "\ufeff{\"a\":1}",                          // byte order mark
      "{\"a\":1",                                 // no end
      "{\"a\"\u000b:1}",                          // vertical tab is no JSON space
      "{\"a\":\"\u0001\"}",                       // control character in a string
      "{'a':1}",                                  // single quotes
      "{\"a\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}",  // deeper than the fast reader goes
      "[1,2]",                                    // not an object
      "\"text\"",
      ""})
  void otherShapesAreLeftToJacksonAndStillEqualIt(String json) {
    byte[] payload = bytes(json);

    assertThat(ClaimsReader.readSimple(payload)).as(json).isNull();
    ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(token(payload)));
  }

  /** Shapes the fast reader takes: the claims must still equal Jackson's. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      " { } ",
      "{ \"id\" : \"a\" ,\n\t\"exp\" : -5 }\r\n",
      "{\"id\":\"first\",\"id\":\"last\"}",           // the last occurrence wins, as in a map
      "{\"id\":\"text\",\"id\":7}",                   // a later value of another type clears it
      "{\"id\":7,\"sub\":\"s\"}",                     // a non-text id falls back to sub
      "{\"isMfaEnabled\":\"true\",\"isMfaVerified\":1}", // only JSON true is true
      "{\"exp\":0,\"iat\":-0}",
      "{\"exp\":999999999999999999}",                 // beyond Instant: no expiry
      "{\"a\":{\"b\":[true,false,null,{},[]]},\"type\":\"refresh\"}",
      "{\"\":\"\",\"userId\":\"u\"}"})
  void compactShapesTakeTheFastPathAndEqualJackson(String json) {
    byte[] payload = bytes(json);

    assertThat(ClaimsReader.readSimple(payload)).as(json).isNotNull();
    ClaimsOracle.assertMatchesJackson(payload, TokenClaims.parse(token(payload)));
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String token(byte[] payload) {
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload)
        + ".c2lnbmF0dXJl";
  }
}
