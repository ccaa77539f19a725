package io.nestauth.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-place decoder against the JDK's base64url decoder as the reference: for every input both
 * give the same bytes or both reject it.
 */
class Base64UrlTest {
  /** Characters of every kind: the alphabet's edges, the standard alphabet's two, padding, the JWT separator, non-ASCII. */
  private static final char[] MIXED = {'A', 'Q', 'z', '0', '9', '-', '_', '+', '/', '=', '.', ' ', 'é', '\u007f'};
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void everyStringOfUpToFourMixedCharactersDecodesAsTheJdkDoes() {
    int checked = 0;
    for (int length = 0; length <= 4; length++) {
      int combinations = (int) Math.pow(MIXED.length, length);
      for (int n = 0; n < combinations; n++) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, rest = n; i < length; i++, rest /= MIXED.length) {
          text.append(MIXED[rest % MIXED.length]);
        }
        assertSameAsJdk(text.toString());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(1 + 14 + 196 + 2744 + 38416);
  }

  @Test
  void randomSegmentsInsideLongerTextDecodeAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(20261122);
    for (int round = 0; round < 50_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(0, 200);
      // mostly valid base64url, so the long inputs reach the end; now and then a foreign character
      for (int i = 0; i < length; i++) {
        text.append(random.nextInt(40) == 0 ? MIXED[random.nextInt(MIXED.length)] : ALPHABET.charAt(random.nextInt(64)));
      }
      String segment = text.toString();
      assertSameAsJdk(segment);
      String framed = "head." + segment + ".tail";
      assertThat(outcome(() -> Base64Url.decode(framed, 5, 5 + segment.length())))
          .as(segment).isEqualTo(outcome(() -> Base64.getUrlDecoder().decode(segment)));
    }
  }

  @Test
  void aJwtPayloadDecodesToItsJson() {
    String json = "{\"id\":\"u1\",\"isMfaEnabled\":false,\"exp\":1763764238}";
    String jwt = "eyJhbGciOiJIUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    int first = jwt.indexOf('.');

    byte[] payload = Base64Url.decode(jwt, first + 1, jwt.indexOf('.', first + 1));

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void aLeftoverCharacterIsRejectedLikeTheJdkRejectsIt() {
    assertThatThrownBy(() -> Base64Url.decode("QUJDR", 0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Base64Url.decode("QU*D", 0, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSameAsJdk(String text) {
    assertThat(outcome(() -> Base64Url.decode(text, 0, text.length())))
        .as("\"%s\"", text).isEqualTo(outcome(() -> Base64.getUrlDecoder().decode(text)));
  }

  /** @return the decoded bytes as hex, or "rejected" */
  private static String outcome(java.util.function.Supplier<byte[]> decode) {
    try {
      byte[] bytes = decode.get();
      StringBuilder hex = new StringBuilder("bytes:");
      for (byte b : bytes) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (IllegalArgumentException e) {
      return "rejected";
    }
  }
}
