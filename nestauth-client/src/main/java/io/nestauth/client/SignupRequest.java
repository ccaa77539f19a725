package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.model.SignupRequestDto;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A new account: email and/or phone, password, and optionally tenant, guard and app-specific fields.
 * Immutable; build one with {@link #builder()}. {@link #toString()} shows neither the password nor
 * the values of the extra fields.
 */
public final class SignupRequest {
  /** Names the request sets itself: an extra field may not take them. */
  private static final Set<String> STANDARD = Set.of("email", "phone", "password", "tenantId", "guard");

  private final @Nullable String email;
  private final @Nullable String phone;
  private final String password;
  private final @Nullable String tenantId;
  private final @Nullable String guard;
  private final Map<String, @Nullable Object> fields;

  private SignupRequest(Builder builder) {
    if (builder.email == null && builder.phone == null) {
      throw new IllegalArgumentException("SignupRequest needs an email or a phone");
    }
    this.email = builder.email == null ? null : Args.email(builder.email, "email");
    this.phone = Args.optional(builder.phone, "phone");
    this.password = Args.password(builder.password, "password");
    // not format-checked by the server on signup (an unknown value is answered with TENANT_NOT_FOUND)
    this.tenantId = Args.optional(builder.tenantId, "tenantId");
    this.guard = Args.optional(builder.guard, "guard");
    for (String name : builder.fields.keySet()) {
      Args.notBlank(name, "field name");
      if (STANDARD.contains(name)) {
        throw new IllegalArgumentException("field name " + name + " is a standard field: set it with its own method");
      }
    }
    this.fields = Values.map(builder.fields);
  }

  /** @return a builder for a new request */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the email address to sign up with, when given */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return the phone number to sign up with, when given */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return the tenant to sign up into, when given */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** @return the role guard (context), when given */
  public Optional<String> guard() {
    return Optional.ofNullable(guard);
  }

  /** @return the names of the app-specific fields, in the order added (their values are not handed out); unmodifiable */
  public Set<String> fieldNames() {
    return fields.keySet();
  }

  /** A new wire object on every call: the caller may change it without touching this request. */
  SignupRequestDto toWire() {
    SignupRequestDto dto = new SignupRequestDto().email(email).phone(phone).password(password).tenantId(tenantId)
        .guard(guard);
    for (Map.Entry<String, @Nullable Object> field : fields.entrySet()) {
      dto.putAdditionalProperty(field.getKey(), field.getValue());
    }
    return dto;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SignupRequest)) {
      return false;
    }
    SignupRequest other = (SignupRequest) o;
    return Objects.equals(email, other.email) && Objects.equals(phone, other.phone) && password.equals(other.password)
        && Objects.equals(tenantId, other.tenantId) && Objects.equals(guard, other.guard) && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(email, phone, password, tenantId, guard, fields);
  }

  @Override
  public String toString() {
    return "SignupRequest{email=" + email + ", phone=" + phone + ", password=***, tenantId=" + tenantId + ", guard="
        + guard + ", fields=" + fields.keySet() + "}";
  }

  /**
   * Collects the parts of a {@link SignupRequest}; {@link #build()} checks them. Not thread-safe;
   * reusable (each build takes a copy).
   */
  public static final class Builder {
    private @Nullable String email;
    private @Nullable String phone;
    private @Nullable String password;
    private @Nullable String tenantId;
    private @Nullable String guard;
    /** Names are checked by build(); a null name is kept until then. */
    private final Map<@Nullable String, @Nullable Object> fields = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Sets the email address (an email or a phone is needed).
     *
     * @param email the email address, or null for none
     * @return this builder
     */
    public Builder email(@Nullable String email) {
      this.email = email;
      return this;
    }

    /**
     * Sets the phone number (an email or a phone is needed).
     *
     * @param phone the phone number in the format your server expects, or null for none
     * @return this builder
     */
    public Builder phone(@Nullable String phone) {
      this.phone = phone;
      return this;
    }

    /**
     * Sets the password (needed).
     *
     * @param password the password, at least 8 characters
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the tenant to sign up into (needed in isolated tenant mode).
     *
     * @param tenantId the tenant's id, or null for the client's default tenant
     * @return this builder
     */
    public Builder tenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /**
     * Sets the role guard (context), e.g. {@code web}.
     *
     * @param guard the guard, or null for the server's default
     * @return this builder
     */
    public Builder guard(@Nullable String guard) {
      this.guard = guard;
      return this;
    }

    /**
     * Adds an app-specific field your server's signup accepts (e.g. a display name or a profile
     * field); a second call with the same name replaces the value.
     *
     * @param name the field's name; not one of the standard fields (email, phone, password,
     *     tenantId, guard)
     * @param value the value, sent as JSON (strings, numbers, booleans, maps and lists); null sends
     *     JSON null
     * @return this builder
     */
    public Builder field(String name, @Nullable Object value) {
      fields.put(name, value);
      return this;
    }

    /**
     * Adds every entry of a map as an app-specific field, like {@link #field(String, Object)} for each.
     *
     * @param entries the fields; taken over at once (nested maps and lists are copied by
     *     {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException when {@code entries} is null
     */
    public Builder fields(Map<String, ? extends @Nullable Object> entries) {
      fields.putAll(Args.notNull(entries, "fields"));
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request, holding copies of what was set
     * @throws IllegalArgumentException when neither email nor phone is set, the email is not an
     *     email address, the password is missing or shorter than 8 characters, a value that is set is
     *     blank, a field's name is blank or is the name of a standard field
     */
    public SignupRequest build() {
      return new SignupRequest(this);
    }
  }
}
