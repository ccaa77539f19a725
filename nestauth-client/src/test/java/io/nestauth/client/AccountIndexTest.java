package io.nestauth.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of the account list: what an index may hold, and which account is active after each change. */
class AccountIndexTest {
  private static final String A = "0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11";
  private static final String B = "1c6d2b63-8b5f-4b66-8e1d-1a4e6c9f7b22";
  private static final String C = "2d7e3c74-9c60-4c77-9f2e-2b5f7d0a8c33";

  @Test
  void aSignInAddsAtTheEndAndActivatesWhileASecondSignInKeepsThePlace() {
    AccountIndex index = AccountIndex.empty().withSignedIn(A).withSignedIn(B).withSignedIn(C);
    assertThat(index.userIds()).containsExactly(A, B, C);
    assertThat(index.activeUserId()).contains(C);

    AccountIndex again = index.withSignedIn(A);
    assertThat(again.userIds()).containsExactly(A, B, C);
    assertThat(again.activeUserId()).contains(A);
  }

  @Test
  void whenTheActiveAccountLeavesTheEarliestSignedInBecomesActiveOrNone() {
    AccountIndex index = AccountIndex.of(List.of(A, B, C), B);

    assertThat(index.without(B).activeUserId()).contains(A);
    assertThat(index.without(A).activeUserId()).as("another account leaving keeps the active one").contains(B);
    assertThat(index.without(A).userIds()).containsExactly(B, C);
    assertThat(AccountIndex.of(List.of(A), A).without(A)).isEqualTo(AccountIndex.empty());
    assertThat(AccountIndex.empty().activeUserId()).isEmpty();
    assertThat(index.without("not-listed")).isSameAs(index);
  }

  @Test
  void anImplausibleIndexIsRefused() {
    assertThatThrownBy(() -> AccountIndex.of(List.of(A, A), A)).hasMessageContaining("repeat");
    assertThatThrownBy(() -> AccountIndex.of(List.of(A), B)).hasMessageContaining("one of userIds");
    assertThatThrownBy(() -> AccountIndex.of(List.of(A), null)).hasMessageContaining("exactly when");
    assertThatThrownBy(() -> AccountIndex.of(List.of(), A)).hasMessageContaining("exactly when");
    assertThatThrownBy(() -> AccountIndex.of(null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccountIndex.of(Arrays.asList(A, null), A)).isInstanceOf(IllegalArgumentException.class);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= AccountIndex.MAX_ACCOUNTS; i++) {
      tooMany.add("user-" + i);
    }
    assertThatThrownBy(() -> AccountIndex.of(tooMany, "user-0")).hasMessageContaining("at most");
    assertThat(AccountIndex.of(tooMany.subList(0, AccountIndex.MAX_ACCOUNTS), "user-0").userIds())
        .hasSize(AccountIndex.MAX_ACCOUNTS);
  }

  @Test
  void aUserIdIsPrintableAsciiWithoutSpacesAndTheMessageNamesNoValue() {
    assertThat(AccountIndex.isUserId(A)).isTrue();
    assertThat(AccountIndex.isUserId("42")).isTrue();
    assertThat(AccountIndex.isUserId("x".repeat(AccountIndex.MAX_USER_ID_LENGTH))).isTrue();
    for (String bad : Arrays.asList(null, "", " ", "a b", "a\r\nb", "a\u0000", "é", "a\u007f",
        "x".repeat(AccountIndex.MAX_USER_ID_LENGTH + 1))) {
      assertThat(AccountIndex.isUserId(bad)).as("%s", bad).isFalse();
    }
    assertThatThrownBy(() -> AccountIndex.of(List.of("secret value"), "secret value"))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
  }

  @Test
  void theListIsUnmodifiableAndTheValueComparesByContent() {
    List<String> ids = new ArrayList<>(List.of(A, B));
    AccountIndex index = AccountIndex.of(ids, A);
    ids.add(C);
    assertThat(index.userIds()).containsExactly(A, B);
    assertThatThrownBy(() -> index.userIds().add(C)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(index).isEqualTo(AccountIndex.of(List.of(A, B), A)).hasSameHashCodeAs(AccountIndex.of(List.of(A, B), A))
        .isNotEqualTo(AccountIndex.of(List.of(A, B), B));
    assertThat(index.contains(B)).isTrue();
    assertThat(index.contains(null)).isFalse();
  }
}
