package io.nestauth.client;

import io.nestauth.generated.model.MfaDeviceDto;
import io.nestauth.generated.model.MfaStatusDto;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The user's MFA state: whether MFA is on, the usable and offered methods, devices and recovery codes. Immutable. */
public final class MfaStatus {
  private final boolean enabled;
  private final List<MfaMethod> verifiedMethods;
  private final List<MfaMethod> configuredMethods;
  private final boolean userToggleAllowed;
  private final boolean methodSelectionAllowed;
  private final List<MfaDevice> totpDevices;
  private final boolean hasRecoveryCodes;
  private final boolean required;
  private final boolean canToggle;

  private MfaStatus(MfaStatusDto dto) {
    this.enabled = Values.required(dto.getIsEnabled(), "MfaStatus", "isEnabled");
    this.verifiedMethods = MfaMethod.fromAll(dto.getVerifiedMethods());
    this.configuredMethods = MfaMethod.fromAll(dto.getConfiguredMethods());
    this.userToggleAllowed = Values.required(dto.getAllowUserToggle(), "MfaStatus", "allowUserToggle");
    this.methodSelectionAllowed = Values.required(dto.getAllowMethodSelection(), "MfaStatus", "allowMethodSelection");
    this.totpDevices = devices(dto.getTotpDevices());
    this.hasRecoveryCodes = Values.required(dto.getHasRecoveryCode(), "MfaStatus", "hasRecoveryCode");
    this.required = Values.required(dto.getRequired(), "MfaStatus", "required");
    this.canToggle = Values.required(dto.getCanToggle(), "MfaStatus", "canToggle");
  }

  /**
   * Reads the MFA state from the server's answer; a missing list reads as empty, methods this SDK
   * does not know are left out.
   *
   * @throws IllegalArgumentException when {@code answer} is null, lacks one of its flags, or holds a
   *     device that lacks a field
   */
  static MfaStatus from(@Nullable MfaStatusDto answer) {
    return new MfaStatus(Values.body(answer, "MfaStatus"));
  }

  private static List<MfaDevice> devices(@Nullable List<? extends @Nullable MfaDeviceDto> dtos) {
    List<MfaDeviceDto> present = Values.list(dtos);
    if (present.isEmpty()) {
      return List.of();
    }
    List<MfaDevice> devices = new ArrayList<>(present.size());
    for (MfaDeviceDto dto : present) {
      devices.add(MfaDevice.from(dto));
    }
    return Collections.unmodifiableList(devices);
  }

  /** @return true when MFA is on for the user (always when it is {@linkplain #isRequired() required}) */
  public boolean isEnabled() {
    return enabled;
  }

  /** @return the methods the user can use right now; unmodifiable, never null */
  public List<MfaMethod> verifiedMethods() {
    return verifiedMethods;
  }

  /** @return the methods the application offers; unmodifiable, never null */
  public List<MfaMethod> configuredMethods() {
    return configuredMethods;
  }

  /** @return true when the application lets users turn MFA on and off */
  public boolean isUserToggleAllowed() {
    return userToggleAllowed;
  }

  /** @return true when the application lets users choose the MFA method */
  public boolean isMethodSelectionAllowed() {
    return methodSelectionAllowed;
  }

  /** @return the user's authenticator (TOTP) devices; unmodifiable, never null */
  public List<MfaDevice> totpDevices() {
    return totpDevices;
  }

  /** @return true when the user has unused recovery codes */
  public boolean hasRecoveryCodes() {
    return hasRecoveryCodes;
  }

  /** @return true when MFA is mandatory application-wide */
  public boolean isRequired() {
    return required;
  }

  /** @return true when the user may turn MFA on or off now (false when MFA is mandatory) */
  public boolean canToggle() {
    return canToggle;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MfaStatus)) {
      return false;
    }
    MfaStatus other = (MfaStatus) o;
    return enabled == other.enabled && verifiedMethods.equals(other.verifiedMethods)
        && configuredMethods.equals(other.configuredMethods) && userToggleAllowed == other.userToggleAllowed
        && methodSelectionAllowed == other.methodSelectionAllowed && totpDevices.equals(other.totpDevices)
        && hasRecoveryCodes == other.hasRecoveryCodes && required == other.required && canToggle == other.canToggle;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, verifiedMethods, configuredMethods, userToggleAllowed, methodSelectionAllowed,
        totpDevices, hasRecoveryCodes, required, canToggle);
  }

  @Override
  public String toString() {
    return "MfaStatus{enabled=" + enabled + ", verifiedMethods=" + verifiedMethods + ", configuredMethods="
        + configuredMethods + ", userToggleAllowed=" + userToggleAllowed + ", methodSelectionAllowed="
        + methodSelectionAllowed + ", totpDevices=" + totpDevices + ", hasRecoveryCodes=" + hasRecoveryCodes
        + ", required=" + required + ", canToggle=" + canToggle + "}";
  }
}
