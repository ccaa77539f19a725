package io.nestauth.client.internal;

import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Args.isHeaderSafe: the one place that decides whether a value may go into an HTTP header. */
class ArgsHeaderSafeTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_~+/=", "with inner spaces",
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "0123456789"})
  void printableAsciiWithoutSpacesAtTheEndsIsSafe(String value) {
    assertThat(Args.isHeaderSafe(value)).isTrue();
    // and OkHttp sends it exactly as it is
    assertThat(Headers.of("X-Test", value).get("X-Test")).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000b", "a\tb", "\t", "a\u007fb", "a\u0085b",
      "caf\u00e9", "a\u2028b", "\uD83D\uDE00", "a\uD800", " a", "a ", " "})
  void controlCharactersNonAsciiAndSpacesAtTheEndsAreNot(String value) {
    assertThat(Args.isHeaderSafe(value)).isFalse();
  }

  @Test
  void nullIsNotAValue() {
    assertThat(Args.isHeaderSafe(null)).isFalse();
  }

  @Test
  void agreesWithOkHttpOnEveryBmpCharacterInside() {
    // inside a value (not at an end) OkHttp accepts exactly tab and 0x20-0x7E; the helper is
    // stricter only for the tab, a control character no token contains
    for (int c = 0; c < 0x10000; c++) {
      String value = "a" + (char) c + "b";
      boolean okHttpAccepts;
      try {
        Headers.of("X-Test", value);
        okHttpAccepts = true;
      } catch (IllegalArgumentException e) {
        okHttpAccepts = false;
      }
      boolean expected = okHttpAccepts && c != '\t';
      if (Args.isHeaderSafe(value) != expected) {
        throw new AssertionError(String.format("disagree on U+%04X", c));
      }
    }
  }

  @Test
  void okHttpWouldTrimSpacesAtTheEnds() {
    assertThat(Headers.of("X-Test", " a ").get("X-Test")).isEqualTo("a");
    assertThatThrownBy(() -> Headers.of("X-Test", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
  }
}
