package io.nestauth.client;

import io.nestauth.generated.model.SessionRoleDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/** A role the signed-in user holds in the session's tenant, e.g. {@code admin} in guard {@code web}. Immutable. */
public final class Role {
  private final String id;
  private final String name;
  private final String guard;

  private Role(String id, String name, String guard) {
    this.id = id;
    this.name = name;
    this.guard = guard;
  }

  /**
   * Reads a role from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its id, name or guard
   */
  static Role from(@Nullable SessionRoleDto answer) {
    SessionRoleDto dto = Values.body(answer, "Role");
    return new Role(Values.requiredId(dto.getId(), "Role", "id"), Values.required(dto.getName(), "Role", "name"),
        Values.required(dto.getGuard(), "Role", "guard"));
  }

  /** @return the role's id (a UUID in text form) */
  public String id() {
    return id;
  }

  /** @return the role's name, e.g. {@code admin} */
  public String name() {
    return name;
  }

  /** @return the guard (context) the role belongs to, e.g. {@code web} */
  public String guard() {
    return guard;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Role)) {
      return false;
    }
    Role other = (Role) o;
    return id.equals(other.id) && name.equals(other.name) && guard.equals(other.guard);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, guard);
  }

  @Override
  public String toString() {
    return "Role{id=" + id + ", name=" + name + ", guard=" + guard + "}";
  }
}
