package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A login with any provider, built in ({@code email}, {@code phone}, {@code passwordless},
 * {@code google}, ...) or custom: the provider's name, its credential fields, and optionally tenant,
 * guard, remember-me and create-user. Immutable; build one with {@link #builder()}.
 * {@link #toString()} shows the credentials' names, never their values.
 */
public final class LoginRequest {
  /** Credential names the server reads as text (see the LoginCredentials schema). */
  private static final Set<String> TEXT_CREDENTIALS = Set.of("email", "phone", "password", "identifier", "code",
      "token", "nonce", "name", "firstName", "lastName", "avatarUrl");
  private static final String CHANNELS = "channels";
  private static final String TYPE = "type";

  private final String providerName;
  private final Map<String, @Nullable Object> credentials;
  private final @Nullable String tenantId;
  private final @Nullable String guard;
  private final boolean rememberMe;
  private final boolean createUserIfNotExists;

  private LoginRequest(Builder builder) {
    this.providerName = Args.notBlank(builder.providerName, "providerName");
    Map<String, @Nullable Object> checked = new LinkedHashMap<>();
    for (Map.Entry<String, @Nullable Object> credential : builder.credentials.entrySet()) {
      String name = Args.notBlank(credential.getKey(), "credential name");
      checked.put(name, checkedCredential(name, credential.getValue()));
    }
    this.credentials = Values.map(checked);
    String tenant = builder.tenantId;
    Args.optionalUuid(tenant, "tenantId");
    this.tenantId = tenant;
    this.guard = Args.optional(builder.guard, "guard");
    this.rememberMe = builder.rememberMe;
    this.createUserIfNotExists = builder.createUserIfNotExists;
  }

  /** Checks a credential the server knows the type of; custom ones are taken as they are. */
  private static @Nullable Object checkedCredential(String name, @Nullable Object value) {
    if (TEXT_CREDENTIALS.contains(name)) {
      if (value != null && !(value instanceof String)) {
        throw new IllegalArgumentException("credential " + name + " must be a string");
      }
      return Args.notBlank((String) value, name);
    }
    if (CHANNELS.equals(name)) {
      List<PasswordlessChannel> channels = new ArrayList<>();
      if (value instanceof PasswordlessChannel) {
        channels.add((PasswordlessChannel) value);
      } else if (value instanceof Collection) {
        for (Object channel : (Collection<?>) value) {
          if (!(channel instanceof PasswordlessChannel)) {
            throw new IllegalArgumentException("credential channels must hold PasswordlessChannel values only");
          }
          channels.add((PasswordlessChannel) channel);
        }
      } else {
        throw new IllegalArgumentException("credential channels must be a PasswordlessChannel or a collection of them");
      }
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("credential channels must name at least one channel");
      }
      return Collections.unmodifiableList(channels);
    }
    if (TYPE.equals(name) && !(value instanceof SocialTokenType)) {
      throw new IllegalArgumentException("credential type must be a SocialTokenType");
    }
    return value;
  }

  /** @return a builder for a new request */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the login provider's name, e.g. {@code email} or a custom provider's */
  public String providerName() {
    return providerName;
  }

  /** @return the names of the credential fields, in the order set (their values are not handed out); unmodifiable */
  public Set<String> credentialNames() {
    return credentials.keySet();
  }

  /** @return the tenant to sign in to, when given */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** @return the role guard (context), when given */
  public Optional<String> guard() {
    return Optional.ofNullable(guard);
  }

  /** @return true when the request asks the server to remember the session */
  public boolean rememberMe() {
    return rememberMe;
  }

  /** @return true when a provider that supports it may create the user on first sign-in */
  public boolean createUserIfNotExists() {
    return createUserIfNotExists;
  }

  /** A new wire object on every call: the caller may change it without touching this request. */
  LoginRequestDto toWire() {
    LoginCredentialsDto wireCredentials = new LoginCredentialsDto();
    for (Map.Entry<String, @Nullable Object> credential : credentials.entrySet()) {
      String name = credential.getKey();
      Object value = credential.getValue();
      if (TEXT_CREDENTIALS.contains(name)) {
        // the typed setters, so that the wire object's toString() masks the secret ones
        setText(wireCredentials, name, (String) value);
      } else if (CHANNELS.equals(name)) {
        for (Object channel : (List<?>) Objects.requireNonNull(value)) {
          wireCredentials.addChannelsItem(((PasswordlessChannel) channel).toWire());
        }
      } else if (TYPE.equals(name)) {
        wireCredentials.type(((SocialTokenType) Objects.requireNonNull(value)).toWire());
      } else {
        wireCredentials.putAdditionalProperty(name, value);
      }
    }
    LoginRequestDto dto = new LoginRequestDto().providerName(providerName).credentials(wireCredentials)
        .tenantId(tenantId == null ? null : UUID.fromString(tenantId)).guard(guard);
    if (rememberMe) {
      dto.rememberMe(true);
    }
    if (createUserIfNotExists) {
      dto.createUserIfNotExists(true);
    }
    return dto;
  }

  private static void setText(LoginCredentialsDto dto, String name, @Nullable String value) {
    switch (name) {
      case "email":
        dto.email(value);
        break;
      case "phone":
        dto.phone(value);
        break;
      case "password":
        dto.password(value);
        break;
      case "identifier":
        dto.identifier(value);
        break;
      case "code":
        dto.code(value);
        break;
      case "token":
        dto.token(value);
        break;
      case "nonce":
        dto.nonce(value);
        break;
      case "name":
        dto.name(value);
        break;
      case "firstName":
        dto.firstName(value);
        break;
      case "lastName":
        dto.lastName(value);
        break;
      case "avatarUrl":
        dto.avatarUrl(value);
        break;
      default:
        throw new AssertionError(name);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LoginRequest)) {
      return false;
    }
    LoginRequest other = (LoginRequest) o;
    return providerName.equals(other.providerName) && credentials.equals(other.credentials)
        && Objects.equals(tenantId, other.tenantId) && Objects.equals(guard, other.guard)
        && rememberMe == other.rememberMe && createUserIfNotExists == other.createUserIfNotExists;
  }

  @Override
  public int hashCode() {
    return Objects.hash(providerName, credentials, tenantId, guard, rememberMe, createUserIfNotExists);
  }

  @Override
  public String toString() {
    return "LoginRequest{providerName=" + providerName + ", credentials=" + credentials.keySet() + ", tenantId="
        + tenantId + ", guard=" + guard + ", rememberMe=" + rememberMe + ", createUserIfNotExists="
        + createUserIfNotExists + "}";
  }

  /**
   * Collects the parts of a {@link LoginRequest}; {@link #build()} checks them. Not thread-safe;
   * reusable (each build takes a copy).
   */
  public static final class Builder {
    private @Nullable String providerName;
    /** Names and values are checked by build(); a null name is kept until then. */
    private final Map<String, @Nullable Object> credentials = new LinkedHashMap<>();
    private @Nullable String tenantId;
    private @Nullable String guard;
    private boolean rememberMe;
    private boolean createUserIfNotExists;

    private Builder() {
    }

    /**
     * Sets the provider that checks the credentials (needed).
     *
     * @param providerName a built-in provider ({@code email}, {@code phone}, {@code passwordless},
     *     {@code google}, {@code apple}, {@code facebook}, {@code github}) or a custom one listed in
     *     {@link ServerConfig#customProviders()}
     * @return this builder
     */
    public Builder providerName(String providerName) {
      this.providerName = providerName;
      return this;
    }

    /**
     * Sets a credential field of the provider; a second call with the same name replaces the value.
     * The fields the server knows are checked: {@code email}, {@code phone}, {@code password},
     * {@code identifier}, {@code code}, {@code token}, {@code nonce}, {@code name},
     * {@code firstName}, {@code lastName} and {@code avatarUrl} take a non-blank string,
     * {@code channels} a {@link PasswordlessChannel} or a collection of them, {@code type} a
     * {@link SocialTokenType}. Any other name is a custom provider's field and is sent as given.
     *
     * @param name the field's name
     * @param value the value, sent as JSON (strings, numbers, booleans, maps and lists); for a
     *     custom field null sends JSON null
     * @return this builder
     */
    public Builder credential(String name, @Nullable Object value) {
      credentials.put(name, value);
      return this;
    }

    /**
     * Sets the {@code email} credential, as the {@code email} provider needs it.
     *
     * @param email the email address
     * @return this builder
     */
    public Builder email(String email) {
      return credential("email", email);
    }

    /**
     * Sets the {@code phone} credential, as the {@code phone} provider needs it.
     *
     * @param phone the phone number
     * @return this builder
     */
    public Builder phone(String phone) {
      return credential("phone", phone);
    }

    /**
     * Sets the {@code password} credential.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      return credential("password", password);
    }

    /**
     * Sets the tenant to sign in to (needed in isolated tenant mode; in shared mode the user must be
     * a member).
     *
     * @param tenantId the tenant's id (a UUID), or null for the client's default tenant
     * @return this builder
     */
    public Builder tenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /**
     * Sets the role guard (context); the user needs a role in it.
     *
     * @param guard the guard, e.g. {@code web}, or null for the server's default
     * @return this builder
     */
    public Builder guard(@Nullable String guard) {
      this.guard = guard;
      return this;
    }

    /**
     * Asks for the session to be remembered.
     *
     * @param rememberMe true to ask for it; false (the default) sends nothing
     * @return this builder
     */
    public Builder rememberMe(boolean rememberMe) {
      this.rememberMe = rememberMe;
      return this;
    }

    /**
     * Lets a provider that supports it create the user on first sign-in.
     *
     * @param createUserIfNotExists true to allow it; false (the default) sends nothing
     * @return this builder
     */
    public Builder createUserIfNotExists(boolean createUserIfNotExists) {
      this.createUserIfNotExists = createUserIfNotExists;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request, holding copies of what was set
     * @throws IllegalArgumentException when the provider name is missing or blank, a credential's
     *     name is blank, a known credential has a value of the wrong kind or a blank one, the tenant
     *     id is not a UUID, or the guard is blank
     */
    public LoginRequest build() {
      return new LoginRequest(this);
    }
  }
}
