package io.nestauth.client;

import io.nestauth.generated.model.SessionRoleDto;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The signed-in user as {@code GET /auth/me} reports it (read from the database, so fresher than
 * the token's claims). Typed accessors for the known fields, {@link #raw()} for every field sent,
 * including ones a newer server adds. Immutable.
 */
public final class SessionUser {
  private final io.nestauth.generated.model.SessionUserDto wire;
  private final Supplier<Map<String, Object>> rawSource;
  private volatile Map<String, Object> raw;

  /** @param rawSource every field as sent; called at most once, on the first {@link #raw()} */
  SessionUser(io.nestauth.generated.model.SessionUserDto wire, Supplier<Map<String, Object>> rawSource) {
    this.wire = wire;
    this.rawSource = rawSource;
  }

  /** @return the user's id (a UUID in text form) */
  public String id() {
    return String.valueOf(wire.getId());
  }

  /** @return the email address; empty for phone-only users */
  public Optional<String> email() {
    return Optional.ofNullable(wire.getEmail());
  }

  /** @return the phone number, when the user has one */
  public Optional<String> phone() {
    return Optional.ofNullable(wire.getPhone());
  }

  /** @return when the email address was verified; empty while it is not */
  public Optional<OffsetDateTime> emailVerifiedAt() {
    return Optional.ofNullable(wire.getEmailVerifiedAt());
  }

  /** @return when the phone number was verified; empty while it is not */
  public Optional<OffsetDateTime> phoneVerifiedAt() {
    return Optional.ofNullable(wire.getPhoneVerifiedAt());
  }

  /** @return true when the email address has been verified */
  public boolean isEmailVerified() {
    return wire.getEmailVerifiedAt() != null;
  }

  /** @return true when the phone number has been verified */
  public boolean isPhoneVerified() {
    return wire.getPhoneVerifiedAt() != null;
  }

  /** @return true when the user has MFA turned on */
  public boolean isMfaEnabled() {
    return Boolean.TRUE.equals(wire.getIsMfaEnabled());
  }

  /** @return true when the server asks the user to change the password */
  public boolean mustChangePassword() {
    return Boolean.TRUE.equals(wire.getMustChangePassword());
  }

  /** @return the user's roles in the session's tenant, captured at sign-in; unmodifiable, never null */
  public List<SessionRoleDto> roles() {
    return nonNull(wire.getRoles());
  }

  /** @return the permission names granted by those roles; unmodifiable, never null */
  public List<String> permissions() {
    return nonNull(wire.getPermissions());
  }

  /** List.copyOf throws on a null element, which a malformed answer can hold: those are dropped. */
  private static <T> List<T> nonNull(List<T> values) {
    return values == null ? List.of()
        : values.stream().filter(Objects::nonNull).collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /**
   * Tells whether the user holds a permission, as listed by {@link #permissions()}.
   *
   * @param permission the permission name, e.g. {@code users.invite}
   * @return true when the user holds this permission
   */
  public boolean hasPermission(String permission) {
    return permissions().contains(permission);
  }

  /** @return the user's metadata as stored by the server; unmodifiable, empty when there is none */
  public Map<String, Object> metadata() {
    return wire.getMetadata() == null ? Map.of() : Collections.unmodifiableMap(wire.getMetadata());
  }

  /** @return every field exactly as the server sent it */
  public Map<String, Object> raw() {
    // built on demand: most callers read the typed fields only
    Map<String, Object> fields = raw;
    if (fields == null) {
      fields = Collections.unmodifiableMap(rawSource.get());
      raw = fields;
    }
    return fields;
  }

  /** @return the typed wire object */
  public io.nestauth.generated.model.SessionUserDto wire() {
    return wire;
  }

  @Override
  public String toString() {
    return "SessionUser{id=" + id() + ", email=" + email().orElse(null) + ", phone=" + phone().orElse(null)
        + ", mfaEnabled=" + isMfaEnabled() + ", roles=" + roles().size() + ", permissions=" + permissions() + "}";
  }
}
