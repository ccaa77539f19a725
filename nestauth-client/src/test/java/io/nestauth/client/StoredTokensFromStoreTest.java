package io.nestauth.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The one rule every store applies to what it reads back ({@link StoredTokens#fromStore}). */
class StoredTokensFromStoreTest {
  private final List<String> warnings = new ArrayList<>();

  private Optional<StoredTokens> read(String access, String refresh, boolean pending, String trust) {
    return StoredTokens.fromStore(access, refresh, pending, trust, warnings::add);
  }

  @Test
  void legalValuesComeBackAsTheyWereWithoutAWarning() {
    assertThat(read("a.b.c", "r-1", true, "trust-1"))
        .contains(new StoredTokens("a.b.c", "r-1", true, "trust-1"));
    assertThat(read(null, null, false, "trust-1")).contains(StoredTokens.signedOut("trust-1"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void onlyOneOfTheTwoTokensReadsAsSignedOut() {
    assertThat(read("a.b.c", null, false, "trust-1")).isEmpty();
    assertThat(read(null, "r-1", false, null)).isEmpty();
    assertThat(warnings).containsOnly("holds only one of the two tokens; treating it as signed out");
  }

  @Test
  void aTokenThatWouldInjectOrBreakAHeaderReadsAsSignedOutAndIsNeverRepeated() {
    assertThat(read("a.b.c\r\nX-Evil: 1", "r-1", false, null)).isEmpty();
    assertThat(read("a.b.c", "r-\u00e9", false, null)).isEmpty();
    assertThat(read(" a.b.c", "r-1", false, null)).isEmpty();
    assertThat(warnings).hasSize(3)
        .allSatisfy(w -> assertThat(w).isEqualTo(
            "holds a token that is not a legal HTTP header value; treating it as signed out"));
  }

  @Test
  void anIllegalDeviceTrustTokenIsDroppedAndTheSessionKept() {
    assertThat(read("a.b.c", "r-1", false, "t\nX-Evil: 1"))
        .contains(new StoredTokens("a.b.c", "r-1", false, null));
    assertThat(warnings).containsExactly(
        "holds a device-trust token that is not a legal HTTP header value; ignoring it");
  }

  @Test
  void theWarningSinkIsRequired() {
    assertThatNullPointerException().isThrownBy(() -> StoredTokens.fromStore(null, null, false, null, null));
  }
}
