package io.nestauth.client;

import io.nestauth.generated.model.SessionRole;

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
  private final io.nestauth.generated.model.SessionUser wire;
  private final Supplier<Map<String, Object>> rawSource;
  private volatile Map<String, Object> raw;

  /** @param rawSource every field as sent; called at most once, on the first {@link #raw()} */
  SessionUser(io.nestauth.generated.model.SessionUser wire, Supplier<Map<String, Object>> rawSource) {
    this.wire = wire;
    this.rawSource = rawSource;
  }

  public String id() {
    return String.valueOf(wire.getId());
  }

  public Optional<String> email() {
    return Optional.ofNullable(wire.getEmail());
  }

  public Optional<String> phone() {
    return Optional.ofNullable(wire.getPhone());
  }

  public Optional<OffsetDateTime> emailVerifiedAt() {
    return Optional.ofNullable(wire.getEmailVerifiedAt());
  }

  public Optional<OffsetDateTime> phoneVerifiedAt() {
    return Optional.ofNullable(wire.getPhoneVerifiedAt());
  }

  public boolean isEmailVerified() {
    return wire.getEmailVerifiedAt() != null;
  }

  public boolean isPhoneVerified() {
    return wire.getPhoneVerifiedAt() != null;
  }

  public boolean isMfaEnabled() {
    return Boolean.TRUE.equals(wire.getIsMfaEnabled());
  }

  public boolean mustChangePassword() {
    return Boolean.TRUE.equals(wire.getMustChangePassword());
  }

  public List<SessionRole> roles() {
    return nonNull(wire.getRoles());
  }

  public List<String> permissions() {
    return nonNull(wire.getPermissions());
  }

  /** List.copyOf throws on a null element, which a malformed answer can hold: those are dropped. */
  private static <T> List<T> nonNull(List<T> values) {
    return values == null ? List.of()
        : values.stream().filter(Objects::nonNull).collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /** @return true when the user holds this permission */
  public boolean hasPermission(String permission) {
    return permissions().contains(permission);
  }

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
  public io.nestauth.generated.model.SessionUser wire() {
    return wire;
  }

  @Override
  public String toString() {
    return "SessionUser{id=" + id() + ", email=" + email().orElse(null) + ", phone=" + phone().orElse(null)
        + ", mfaEnabled=" + isMfaEnabled() + ", roles=" + roles().size() + ", permissions=" + permissions() + "}";
  }
}
