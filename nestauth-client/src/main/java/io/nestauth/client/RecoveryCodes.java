package io.nestauth.client;

import java.util.List;

/**
 * Fresh MFA recovery codes; show them to the user once. They replace any unused earlier codes.
 * {@link #toString()} does not reveal them.
 */
public final class RecoveryCodes {
  private final List<String> codes;

  RecoveryCodes(List<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /** @return the codes, each usable once */
  public List<String> codes() {
    return codes;
  }

  @Override
  public String toString() {
    return "RecoveryCodes{" + codes.size() + " codes}";
  }
}
