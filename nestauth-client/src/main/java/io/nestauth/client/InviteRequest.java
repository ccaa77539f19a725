package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.model.InviteRequestDto;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An invitation of a user by email or phone, optionally into a tenant and with metadata for a newly
 * created user. Immutable; build one with {@link #builder()}. {@link #toString()} shows the
 * metadata's names, not its values.
 */
public final class InviteRequest {
  private final @Nullable String email;
  private final @Nullable String phone;
  private final @Nullable String tenantId;
  private final Map<String, @Nullable Object> metadata;

  private InviteRequest(Builder builder) {
    if (builder.email == null && builder.phone == null) {
      throw new IllegalArgumentException("InviteRequest needs an email or a phone");
    }
    this.email = builder.email == null ? null : Args.email(builder.email, "email");
    this.phone = Args.optional(builder.phone, "phone");
    String tenant = builder.tenantId;
    Args.optionalUuid(tenant, "tenantId");
    this.tenantId = tenant;
    for (String name : builder.metadata.keySet()) {
      Args.notBlank(name, "metadata name");
    }
    this.metadata = Values.map(builder.metadata);
  }

  /** @return a builder for a new invitation */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the email address to invite, when given */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return the phone number to invite, when given */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return the tenant to invite into, when given */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** @return the names of the metadata entries, in the order added (their values are not handed out); unmodifiable */
  public Set<String> metadataNames() {
    return metadata.keySet();
  }

  /** A new wire object on every call: the caller may change it without touching this request. */
  InviteRequestDto toWire() {
    InviteRequestDto dto = new InviteRequestDto().email(email).phone(phone)
        .tenantId(tenantId == null ? null : UUID.fromString(tenantId));
    if (!metadata.isEmpty()) {
      dto.metadata(new LinkedHashMap<>(metadata));
    }
    return dto;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof InviteRequest)) {
      return false;
    }
    InviteRequest other = (InviteRequest) o;
    return Objects.equals(email, other.email) && Objects.equals(phone, other.phone)
        && Objects.equals(tenantId, other.tenantId) && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(email, phone, tenantId, metadata);
  }

  @Override
  public String toString() {
    return "InviteRequest{email=" + email + ", phone=" + phone + ", tenantId=" + tenantId + ", metadata="
        + metadata.keySet() + "}";
  }

  /**
   * Collects the parts of an {@link InviteRequest}; {@link #build()} checks them. Not thread-safe;
   * reusable (each build takes a copy).
   */
  public static final class Builder {
    private @Nullable String email;
    private @Nullable String phone;
    private @Nullable String tenantId;
    /** Names are checked by build(); a null name is kept until then. */
    private final Map<String, @Nullable Object> metadata = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Sets the email address to invite (an email or a phone is needed).
     *
     * @param email the email address, or null for none
     * @return this builder
     */
    public Builder email(@Nullable String email) {
      this.email = email;
      return this;
    }

    /**
     * Sets the phone number to invite (an email or a phone is needed).
     *
     * @param phone the phone number, or null for none
     * @return this builder
     */
    public Builder phone(@Nullable String phone) {
      this.phone = phone;
      return this;
    }

    /**
     * Sets the tenant to invite into.
     *
     * @param tenantId the tenant's id (a UUID), or null for the server's default
     * @return this builder
     */
    public Builder tenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /**
     * Adds a metadata entry, stored on a newly created user and passed on with the invitation; a
     * second call with the same name replaces the value.
     *
     * @param name the entry's name
     * @param value the value, sent as JSON (strings, numbers, booleans, maps and lists); null sends
     *     JSON null
     * @return this builder
     */
    public Builder metadata(String name, @Nullable Object value) {
      metadata.put(name, value);
      return this;
    }

    /**
     * Adds every entry of a map as metadata, like {@link #metadata(String, Object)} for each.
     *
     * @param entries the entries; taken over at once (nested maps and lists are copied by
     *     {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException when {@code entries} is null
     */
    public Builder metadata(Map<String, ? extends @Nullable Object> entries) {
      metadata.putAll(Args.notNull(entries, "metadata"));
      return this;
    }

    /**
     * Builds the invitation.
     *
     * @return the invitation, holding copies of what was set
     * @throws IllegalArgumentException when neither email nor phone is set, the email is not an
     *     email address, a value that is set is blank, the tenant id is not a UUID, or a metadata
     *     name is blank
     */
    public InviteRequest build() {
      return new InviteRequest(this);
    }
  }
}
