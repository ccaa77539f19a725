package io.nestauth.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Args.isBlank stands in for String.isBlank (absent on older Android) and must agree with it. */
class ArgsBlankTest {

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n\r", "\u2003", "\u2028", "\u000B\u001C", "a", " a ", "\u00A0", "\u200B",
      "x\u2003", "\uD83D\uDE00", " \uD83D\uDE00 "})
  void agreesWithStringIsBlank(String value) {
    assertThat(Args.isBlank(value)).isEqualTo(value.isBlank());
  }

  @org.junit.jupiter.api.Test
  void agreesOnEveryBmpCharacterAlone() {
    for (int c = 0; c < 0x10000; c++) {
      String value = String.valueOf((char) c);
      if (Args.isBlank(value) != value.isBlank()) {
        throw new AssertionError(String.format("disagree on U+%04X", c));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void nullIsBlank() {
    assertThat(Args.isBlank(null)).isTrue();
  }
}
