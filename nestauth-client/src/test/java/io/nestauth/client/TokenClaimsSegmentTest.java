package io.nestauth.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TokenClaims#decodeSegment} must give exactly what the JDK's base64url decoder gives, rejections included. */
class TokenClaimsSegmentTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @ParameterizedTest
  @ValueSource(strings = {"", "QQ", "QUI", "QUJD", "QUJDRA", "QUJDREU", "_-_-", "__8", "QR", "QUJ", "QQ==", "QUI=",
      "QUJDRA==", "Q", "QUJDR", "Q===", "QQ=", "QQ=A", "QUI=QUI=", "a+b/", "QU JD", "QUJD\n", "Q\u00e9JD", "QU\u0100D", "====",
      "eyJzdWIiOiIxMjM0NTY3ODkwIn0"})
  void decodesLikeTheJdk(String segment) {
    assertSameAsJdk(segment);
  }

  @Test
  void decodesARangeInsideALongerString() {
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"ü-1\",\"exp\":1}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    String jwt = "eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln";
    int first = jwt.indexOf('.');
    int second = jwt.indexOf('.', first + 1);

    assertThat(TokenClaims.decodeSegment(jwt, first + 1, second))
        .isEqualTo("{\"sub\":\"ü-1\",\"exp\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Random segments over the alphabet plus padding, the other base64 alphabet, separators and non-ASCII. */
  @Test
  void agreesWithTheJdkOnRandomSegments() {
    String extra = "=+/. \u00e9\u0100";
    Random random = new Random(20261122);
    for (int run = 0; run < 50_000; run++) {
      int length = random.nextInt(42);
      boolean clean = random.nextInt(3) > 0;
      StringBuilder segment = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        segment.append(clean || random.nextInt(12) > 0
            ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
            : extra.charAt(random.nextInt(extra.length())));
      }
      assertSameAsJdk(segment.toString());
    }
  }

  private static void assertSameAsJdk(String segment) {
    byte[] expected;
    try {
      expected = Base64.getUrlDecoder().decode(segment);
    } catch (IllegalArgumentException rejected) {
      assertThatThrownBy(() -> TokenClaims.decodeSegment("x" + segment + "y", 1, segment.length() + 1))
          .as("JDK rejects %s", segment).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(TokenClaims.decodeSegment("x" + segment + "y", 1, segment.length() + 1)).as(segment).isEqualTo(expected);
  }
}
