package io.nestauth.client;

import io.nestauth.generated.model.MfaDeviceDto;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/** An MFA device of the user, such as an authenticator app registered for TOTP. Immutable. */
public final class MfaDevice {
  private final String id;
  private final String name;
  private final @Nullable MfaMethod method;
  private final @Nullable OffsetDateTime lastUsedAt;
  private final OffsetDateTime createdAt;
  private final boolean verified;

  private MfaDevice(MfaDeviceDto dto) {
    this.id = Values.requiredId(dto.getId(), "MfaDevice", "id");
    this.name = Values.required(dto.getDeviceName(), "MfaDevice", "deviceName");
    // a method a newer server adds is unknown here, but the device is still listed
    this.method = MfaMethod.from(Values.required(dto.getMethod(), "MfaDevice", "method")).orElse(null);
    this.lastUsedAt = dto.getLastUsedAt();
    this.createdAt = Values.required(dto.getCreatedAt(), "MfaDevice", "createdAt");
    this.verified = Values.required(dto.getVerified(), "MfaDevice", "verified");
  }

  /**
   * Reads a device from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its id, device name,
   *     method, creation time or verified flag
   */
  static MfaDevice from(@Nullable MfaDeviceDto answer) {
    return new MfaDevice(Values.body(answer, "MfaDevice"));
  }

  /** @return the device's id (a UUID in text form), as accepted when removing the device */
  public String id() {
    return id;
  }

  /** @return the name given to the device, e.g. {@code Work phone} */
  public String name() {
    return name;
  }

  /** @return the device's method; empty when the server names a method this SDK does not know */
  public Optional<MfaMethod> method() {
    return Optional.ofNullable(method);
  }

  /** @return when the device was last used; empty when it never was */
  public Optional<OffsetDateTime> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /** @return when the device was registered */
  public OffsetDateTime createdAt() {
    return createdAt;
  }

  /** @return true once the device's setup has been confirmed with a code */
  public boolean isVerified() {
    return verified;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MfaDevice)) {
      return false;
    }
    MfaDevice other = (MfaDevice) o;
    return id.equals(other.id) && name.equals(other.name) && method == other.method
        && Objects.equals(lastUsedAt, other.lastUsedAt) && createdAt.equals(other.createdAt) && verified == other.verified;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, method, lastUsedAt, createdAt, verified);
  }

  @Override
  public String toString() {
    return "MfaDevice{id=" + id + ", name=" + name + ", method=" + method + ", verified=" + verified + ", createdAt="
        + createdAt + ", lastUsedAt=" + lastUsedAt + "}";
  }
}
