package io.nestauth.client.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nestauth.client.ClaimsOracle;
import io.nestauth.client.TokenClaims;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the JWT claim reader. {@link TokenClaims#parse} never throws, and neither does any reader
 * of the claims it returns (the client calls them on every token the server or a token file hands
 * it: expiry checks, MFA state, listeners' events, toString()).
 *
 * <p>Input layout: byte 0 even = the rest is the token text as is; odd = the rest is the JSON
 * payload, wrapped as {@code header.base64url(payload).signature} so the fuzzer reaches the claims.
 * For payloads, the claims must also equal what Jackson's parse of the payload into a map implies
 * ({@link ClaimsOracle}). Seeds in
 * {@code TokenClaimsFuzzTestInputs/parseAnyToken/}.
 */
class TokenClaimsFuzzTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @FuzzTest(maxDuration = "15s")
  void parseAnyToken(byte[] input) {
    if (input.length == 0) {
      assertThat(TokenClaims.parse("")).isEmpty();
      assertThat(TokenClaims.parse(null)).isEmpty();
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    String token = (input[0] & 1) == 0
        ? new String(rest, StandardCharsets.UTF_8)
        : "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + B64.encodeToString(rest) + ".c2lnbmF0dXJl";

    Optional<TokenClaims> claims = TokenClaims.parse(token);

    assertThat(claims).isNotNull();
    claims.ifPresent(ReliabilitySupport::touch);
    claims.ifPresent(c -> assertThat(c.isMfaPending()).isEqualTo(c.isMfaEnabled() && !c.isMfaVerified()));
    // longer tokens are refused before any reading
    if ((input[0] & 1) == 1 && token.length() <= 16 * 1024) {
      // the claims equal what Jackson's parse of the payload says
      ClaimsOracle.assertMatchesJackson(rest, claims);
    }
  }
}
