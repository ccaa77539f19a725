package io.nestauth.client;

import io.nestauth.generated.model.TenantDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/** A tenant (organisation) as the server describes it: id, slug and display name. Immutable. */
public final class Tenant {
  private final String id;
  private final String slug;
  private final String name;

  private Tenant(String id, String slug, String name) {
    this.id = id;
    this.slug = slug;
    this.name = name;
  }

  /**
   * Reads a tenant from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its id, slug or name
   */
  static Tenant from(@Nullable TenantDto answer) {
    TenantDto dto = Values.body(answer, "Tenant");
    return new Tenant(Values.requiredId(dto.getId(), "Tenant", "id"), Values.required(dto.getSlug(), "Tenant", "slug"),
        Values.required(dto.getName(), "Tenant", "name"));
  }

  /** @return the tenant's id (a UUID in text form), as accepted by the tenant arguments of the client */
  public String id() {
    return id;
  }

  /** @return the tenant's slug, e.g. {@code acme} */
  public String slug() {
    return slug;
  }

  /** @return the tenant's display name, e.g. {@code Acme} */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tenant)) {
      return false;
    }
    Tenant other = (Tenant) o;
    return id.equals(other.id) && slug.equals(other.slug) && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, slug, name);
  }

  @Override
  public String toString() {
    return "Tenant{id=" + id + ", slug=" + slug + ", name=" + name + "}";
  }
}
