package io.nestauth.client;

import io.nestauth.generated.model.SessionRoleDto;
import io.nestauth.generated.model.SessionUserDto;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The signed-in user as {@code GET /auth/me} reports it (read from the database, so fresher than
 * the token's claims). Typed accessors for the known fields, {@link #raw()} for every field sent,
 * including ones a newer server adds. Immutable.
 */
public final class SessionUser {
  private final String id;
  private final @Nullable String email;
  private final @Nullable String phone;
  private final @Nullable OffsetDateTime emailVerifiedAt;
  private final @Nullable OffsetDateTime phoneVerifiedAt;
  private final boolean mfaEnabled;
  private final boolean mustChangePassword;
  private final List<Role> roles;
  private final List<String> permissions;
  private final Map<String, @Nullable Object> metadata;
  private final Supplier<Map<String, @Nullable Object>> rawSource;
  private volatile @Nullable Map<String, @Nullable Object> raw;

  /**
   * Reads the user from the server's answer; missing flags read as false, a missing list as empty.
   *
   * @param rawSource every field as sent; called at most once, on the first {@link #raw()}
   * @throws IllegalArgumentException when {@code wire} is null, lacks the user's id, or holds a role
   *     that lacks a field
   */
  SessionUser(@Nullable SessionUserDto wire, Supplier<Map<String, @Nullable Object>> rawSource) {
    SessionUserDto dto = Values.body(wire, "SessionUser");
    this.id = Values.requiredId(dto.getId(), "SessionUser", "id");
    this.email = dto.getEmail();
    this.phone = dto.getPhone();
    this.emailVerifiedAt = dto.getEmailVerifiedAt();
    this.phoneVerifiedAt = dto.getPhoneVerifiedAt();
    this.mfaEnabled = Boolean.TRUE.equals(dto.getIsMfaEnabled());
    this.mustChangePassword = Boolean.TRUE.equals(dto.getMustChangePassword());
    this.roles = roles(dto.getRoles());
    this.permissions = Values.list(dto.getPermissions());
    this.metadata = Values.map(dto.getMetadata());
    this.rawSource = Objects.requireNonNull(rawSource, "rawSource");
  }

  /**
   * Reads the user from the server's answer, like the constructor.
   *
   * @param rawSource every field as sent; called at most once, on the first {@link #raw()}
   * @throws IllegalArgumentException when {@code answer} is null, lacks the user's id, or holds a
   *     role that lacks a field
   */
  static SessionUser from(@Nullable SessionUserDto answer, Supplier<Map<String, @Nullable Object>> rawSource) {
    return new SessionUser(answer, rawSource);
  }

  private static List<Role> roles(@Nullable List<? extends @Nullable SessionRoleDto> dtos) {
    List<SessionRoleDto> present = Values.list(dtos);
    if (present.isEmpty()) {
      return List.of();
    }
    List<Role> roles = new ArrayList<>(present.size());
    for (SessionRoleDto dto : present) {
      roles.add(Role.from(dto));
    }
    return Collections.unmodifiableList(roles);
  }

  /** @return the user's id (a UUID in text form) */
  public String id() {
    return id;
  }

  /** @return the email address; empty for phone-only users */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return the phone number, when the user has one */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return when the email address was verified; empty while it is not */
  public Optional<OffsetDateTime> emailVerifiedAt() {
    return Optional.ofNullable(emailVerifiedAt);
  }

  /** @return when the phone number was verified; empty while it is not */
  public Optional<OffsetDateTime> phoneVerifiedAt() {
    return Optional.ofNullable(phoneVerifiedAt);
  }

  /** @return true when the email address has been verified */
  public boolean isEmailVerified() {
    return emailVerifiedAt != null;
  }

  /** @return true when the phone number has been verified */
  public boolean isPhoneVerified() {
    return phoneVerifiedAt != null;
  }

  /** @return true when the user has MFA turned on */
  public boolean isMfaEnabled() {
    return mfaEnabled;
  }

  /** @return true when the server asks the user to change the password */
  public boolean mustChangePassword() {
    return mustChangePassword;
  }

  /** @return the user's roles in the session's tenant, captured at sign-in; unmodifiable, never null */
  public List<Role> roles() {
    return roles;
  }

  /** @return the permission names granted by those roles; unmodifiable, never null */
  public List<String> permissions() {
    return permissions;
  }

  /**
   * Tells whether the user holds a permission, as listed by {@link #permissions()}.
   *
   * @param permission the permission name, e.g. {@code users.invite}
   * @return true when the user holds this permission
   */
  public boolean hasPermission(String permission) {
    return permissions.contains(permission);
  }

  /**
   * Tells whether the user holds a role, as listed by {@link #roles()}.
   *
   * @param name the role's name, e.g. {@code admin}
   * @return true when one of the user's roles has this name
   */
  public boolean hasRole(String name) {
    for (Role role : roles) {
      if (role.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** @return the user's metadata as stored by the server; unmodifiable (nested values too), empty when there is none */
  public Map<String, @Nullable Object> metadata() {
    return metadata;
  }

  /** @return every field exactly as the server sent it; unmodifiable */
  public Map<String, @Nullable Object> raw() {
    // built on demand: most callers read the typed fields only
    Map<String, @Nullable Object> fields = raw;
    if (fields == null) {
      fields = Collections.unmodifiableMap(rawSource.get());
      raw = fields;
    }
    return fields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    // the typed fields only: raw() is not compared
    if (this == o) {
      return true;
    }
    if (!(o instanceof SessionUser)) {
      return false;
    }
    SessionUser other = (SessionUser) o;
    return id.equals(other.id) && Objects.equals(email, other.email) && Objects.equals(phone, other.phone)
        && Objects.equals(emailVerifiedAt, other.emailVerifiedAt)
        && Objects.equals(phoneVerifiedAt, other.phoneVerifiedAt) && mfaEnabled == other.mfaEnabled
        && mustChangePassword == other.mustChangePassword && roles.equals(other.roles)
        && permissions.equals(other.permissions) && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, email, phone, emailVerifiedAt, phoneVerifiedAt, mfaEnabled, mustChangePassword, roles,
        permissions, metadata);
  }

  @Override
  public String toString() {
    return "SessionUser{id=" + id + ", email=" + email + ", phone=" + phone + ", mfaEnabled=" + mfaEnabled
        + ", roles=" + roles.size() + ", permissions=" + permissions + "}";
  }
}
