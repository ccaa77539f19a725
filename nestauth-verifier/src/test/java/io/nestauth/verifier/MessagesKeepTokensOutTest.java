package io.nestauth.verifier;

import static io.nestauth.verifier.TestTokens.NOW;
import static io.nestauth.verifier.TestTokens.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No refusal's message (nor its causes' messages) repeats the token or any of its three parts. */
class MessagesKeepTokensOutTest {

  /** Fails when a message in the exception's chain contains the token, a part of it or a claim value. */
  static void assertNoPartOf(String token, Throwable thrown) {
    List<String> secrets = new ArrayList<>();
    if (token.length() >= 8) {
      secrets.add(token);
    }
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) {
        secrets.add(part);
      }
    }
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()) + " " + t;
      for (String secret : secrets) {
        assertThat(message).as("message of %s", t.getClass().getSimpleName()).doesNotContain(secret);
      }
    }
  }

  @Test
  void noRefusalRepeatsTheTokenOrItsClaims() {
    NestAuthTokenVerifier verifier = NestAuthTokenVerifierTest.verifierAt(NOW).build();
    String marker = "claim-value-that-must-not-show-9f8e7d";
    List<String> tokens = List.of(
        access().claim("email", 12345).claim("marker", marker).build(),
        access().claim("roles", marker).build(),
        access().claim("type", marker).build(),
        access().claim("id", Map.of("x", marker)).build(),
        access().claim("marker", marker).expiresIn(java.time.Duration.ofHours(-1)).build(),
        access().claim("marker", marker).algorithm(JWSAlgorithm.HS512).build(),
        access().claim("marker", marker).secret("wrong-secret-wrong-secret-wrong-secret!").build(),
        access().claim("marker", marker).mfa(true, false).build(),
        access().claim("marker", marker).buildUnsigned(),
        TestTokens.base64Url("{\"alg\":\"" + marker + "\"}") + ".e30.c2ln",
        TestTokens.base64Url("{\"alg\":\"HS256\",\"crit\":[\"" + marker + "\"]," + "\"" + marker + "\":1}")
            + "." + access().build().split("\\.")[1] + ".c2lnbmF0dXJlLXNpZ25hdHVyZQ",
        TestTokens.base64Url("{\"alg\":\"HS256\",\"" + marker) + ".e30.c2ln");
    for (String token : tokens) {
      TokenVerificationException e = catchThrowableOfType(TokenVerificationException.class,
          () -> verifier.verify(token));
      assertThat(e).as("refusal").isNotNull();
      assertNoPartOf(token, e);
      assertThat(e.getMessage()).doesNotContain(marker);
    }
  }
}
