package io.nestauth.client;

import io.nestauth.generated.model.RecoveryCodesResponseDto;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Fresh MFA recovery codes; show them to the user once. They replace any unused earlier codes.
 * {@link #toString()} does not reveal them.
 */
public final class RecoveryCodes {
  private final List<String> codes;

  /** @throws NullPointerException when {@code codes} or one of them is null */
  RecoveryCodes(List<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /**
   * Reads the codes from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null, has no list of codes, or a code in
   *     it is null
   */
  static RecoveryCodes from(@Nullable RecoveryCodesResponseDto answer) {
    RecoveryCodesResponseDto dto = Values.body(answer, "RecoveryCodes");
    List<String> codes = Values.required(dto.getCodes(), "RecoveryCodes", "codes");
    for (String code : codes) {
      if (code == null) {
        throw new IllegalArgumentException("RecoveryCodes: the server's answer has a null code");
      }
    }
    return new RecoveryCodes(codes);
  }

  /** @return the codes, each usable once; unmodifiable */
  public List<String> codes() {
    return codes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || o instanceof RecoveryCodes && codes.equals(((RecoveryCodes) o).codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }

  @Override
  public String toString() {
    return "RecoveryCodes{" + codes.size() + " codes}";
  }
}
