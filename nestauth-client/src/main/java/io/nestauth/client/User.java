package io.nestauth.client;

import io.nestauth.generated.model.UserDto;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's stored record as {@code GET /auth/user} reports it: contact details, verification and
 * account state (no roles, permissions or tenant: see {@link SessionUser} for those). Immutable.
 */
public final class User {
  private final String id;
  private final @Nullable String email;
  private final @Nullable OffsetDateTime emailVerifiedAt;
  private final @Nullable String phone;
  private final @Nullable OffsetDateTime phoneVerifiedAt;
  private final boolean active;
  private final boolean mustChangePassword;
  private final boolean mfaEnabled;
  private final Map<String, @Nullable Object> metadata;
  private final OffsetDateTime createdAt;
  private final OffsetDateTime updatedAt;

  private User(UserDto dto) {
    this.id = Values.requiredId(dto.getId(), "User", "id");
    this.email = dto.getEmail();
    this.emailVerifiedAt = dto.getEmailVerifiedAt();
    this.phone = dto.getPhone();
    this.phoneVerifiedAt = dto.getPhoneVerifiedAt();
    this.active = Values.required(dto.getIsActive(), "User", "isActive");
    this.mustChangePassword = Values.required(dto.getMustChangePassword(), "User", "mustChangePassword");
    this.mfaEnabled = Values.required(dto.getIsMfaEnabled(), "User", "isMfaEnabled");
    this.metadata = Values.map(dto.getMetadata());
    this.createdAt = Values.required(dto.getCreatedAt(), "User", "createdAt");
    this.updatedAt = Values.required(dto.getUpdatedAt(), "User", "updatedAt");
    // mfaRecoveryCode (a legacy secret column) is left out on purpose
  }

  /**
   * Reads a user record from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its id, isActive,
   *     mustChangePassword, isMfaEnabled, createdAt or updatedAt
   */
  static User from(@Nullable UserDto answer) {
    return new User(Values.body(answer, "User"));
  }

  /** @return the user's id (a UUID in text form) */
  public String id() {
    return id;
  }

  /** @return the email address; empty for phone-only users */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return when the email address was verified; empty while it is not */
  public Optional<OffsetDateTime> emailVerifiedAt() {
    return Optional.ofNullable(emailVerifiedAt);
  }

  /** @return true when the email address has been verified */
  public boolean isEmailVerified() {
    return emailVerifiedAt != null;
  }

  /** @return the phone number, when the user has one */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return when the phone number was verified; empty while it is not */
  public Optional<OffsetDateTime> phoneVerifiedAt() {
    return Optional.ofNullable(phoneVerifiedAt);
  }

  /** @return true when the phone number has been verified */
  public boolean isPhoneVerified() {
    return phoneVerifiedAt != null;
  }

  /** @return true when the account is active (not disabled) */
  public boolean isActive() {
    return active;
  }

  /** @return true when the server asks the user to change the password */
  public boolean mustChangePassword() {
    return mustChangePassword;
  }

  /** @return true when the user has MFA turned on */
  public boolean isMfaEnabled() {
    return mfaEnabled;
  }

  /** @return the user's metadata as stored by the server; unmodifiable (nested values too), empty when there is none */
  public Map<String, @Nullable Object> metadata() {
    return metadata;
  }

  /** @return when the user was created */
  public OffsetDateTime createdAt() {
    return createdAt;
  }

  /** @return when the user's record last changed */
  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof User)) {
      return false;
    }
    User other = (User) o;
    return id.equals(other.id) && Objects.equals(email, other.email)
        && Objects.equals(emailVerifiedAt, other.emailVerifiedAt) && Objects.equals(phone, other.phone)
        && Objects.equals(phoneVerifiedAt, other.phoneVerifiedAt) && active == other.active
        && mustChangePassword == other.mustChangePassword && mfaEnabled == other.mfaEnabled
        && metadata.equals(other.metadata) && createdAt.equals(other.createdAt) && updatedAt.equals(other.updatedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, email, emailVerifiedAt, phone, phoneVerifiedAt, active, mustChangePassword, mfaEnabled,
        metadata, createdAt, updatedAt);
  }

  @Override
  public String toString() {
    // metadata is the app's: only its keys are shown
    return "User{id=" + id + ", email=" + email + ", phone=" + phone + ", emailVerified=" + isEmailVerified()
        + ", phoneVerified=" + isPhoneVerified() + ", active=" + active + ", mfaEnabled=" + mfaEnabled
        + ", mustChangePassword=" + mustChangePassword + ", metadata=" + metadata.keySet() + ", createdAt=" + createdAt
        + ", updatedAt=" + updatedAt + "}";
  }
}
