package io.nestauth.client;

import io.nestauth.generated.model.ClientConfigDto;
import io.nestauth.generated.model.ClientConfigMfaDto;
import io.nestauth.generated.model.ClientConfigOAuthProviderDto;
import io.nestauth.generated.model.ClientConfigPasswordlessDto;
import io.nestauth.generated.model.ClientConfigRegistrationDto;
import io.nestauth.generated.model.ClientConfigTenantsDto;
import io.nestauth.generated.model.FeatureToggleDto;
import io.nestauth.generated.model.ProfileFieldDto;
import io.nestauth.generated.model.ProfileFieldOptionDto;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server offers, from its public configuration: tenancy, sign-in methods, social and
 * custom providers, registration, MFA and the token mode. A feature the server does not mention
 * reads as not offered (applications can reshape this configuration). Immutable.
 */
public final class ServerConfig {
  private final boolean tenantsEnabled;
  private final @Nullable String tenantMode;
  private final boolean multipleAccountsEnabled;
  private final List<String> roleGuards;
  private final boolean emailAuthEnabled;
  private final boolean phoneAuthEnabled;
  private final boolean passwordlessEnabled;
  private final boolean passwordlessSignUpAllowed;
  /** Enabled social providers, by name, with their public client id (or null when none was sent). */
  private final Map<String, @Nullable String> socialClientIds;
  private final List<String> socialProviders;
  private final List<String> customProviders;
  private final boolean registrationEnabled;
  private final boolean invitationRequired;
  private final List<ProfileField> profileFields;
  private final boolean mfaEnabled;
  private final List<MfaMethod> mfaMethods;
  private final boolean mfaUserToggleAllowed;
  private final boolean mfaMethodSelectionAllowed;
  private final boolean platformAccessEnabled;
  private final @Nullable String accessTokenType;
  private final Map<String, @Nullable Object> additionalFields;

  private ServerConfig(ClientConfigDto dto) {
    ClientConfigTenantsDto tenants = dto.getTenants();
    this.tenantsEnabled = tenants != null && Boolean.TRUE.equals(tenants.getEnabled());
    this.tenantMode = tenants == null ? null : tenants.getMode();
    this.multipleAccountsEnabled = enabled(dto.getMultipleAccounts());
    this.roleGuards = Values.list(dto.getRoleGuards());
    this.emailAuthEnabled = enabled(dto.getEmailAuth());
    this.phoneAuthEnabled = enabled(dto.getPhoneAuth());
    ClientConfigPasswordlessDto passwordless = dto.getPasswordless();
    this.passwordlessEnabled = passwordless != null && Boolean.TRUE.equals(passwordless.getEnabled());
    this.passwordlessSignUpAllowed = passwordless != null && Boolean.TRUE.equals(passwordless.getAllowSignUp());
    Map<String, @Nullable String> social = new LinkedHashMap<>();
    addSocial(social, "google", dto.getGoogle());
    addSocial(social, "facebook", dto.getFacebook());
    addSocial(social, "apple", dto.getApple());
    addSocial(social, "github", dto.getGithub());
    this.socialClientIds = Collections.unmodifiableMap(social);
    this.socialProviders = List.copyOf(social.keySet());
    this.customProviders = Values.list(dto.getCustomProviders());
    ClientConfigRegistrationDto registration = dto.getRegistration();
    this.registrationEnabled = registration != null && Boolean.TRUE.equals(registration.getEnabled());
    this.invitationRequired = registration != null && Boolean.TRUE.equals(registration.getRequireInvitation());
    this.profileFields = registration == null ? List.of() : profileFields(registration.getCollectProfileFields());
    ClientConfigMfaDto mfa = dto.getMfa();
    this.mfaEnabled = mfa != null && Boolean.TRUE.equals(mfa.getEnabled());
    this.mfaMethods = mfa == null ? List.of() : MfaMethod.fromValues(mfa.getMethods());
    this.mfaUserToggleAllowed = mfa != null && Boolean.TRUE.equals(mfa.getAllowUserToggle());
    this.mfaMethodSelectionAllowed = mfa != null && Boolean.TRUE.equals(mfa.getAllowMethodSelection());
    this.platformAccessEnabled = enabled(dto.getPlatformAccess());
    this.accessTokenType = dto.getAccessTokenType();
    this.additionalFields = Values.map(dto.getAdditionalProperties());
  }

  /**
   * Reads the configuration from the server's answer. Parts it leaves out read as not offered,
   * unknown MFA methods and profile fields without an id are left out.
   *
   * @throws IllegalArgumentException when {@code answer} is null
   */
  static ServerConfig from(@Nullable ClientConfigDto answer) {
    return new ServerConfig(Values.body(answer, "ServerConfig"));
  }

  private static boolean enabled(@Nullable FeatureToggleDto toggle) {
    return toggle != null && Boolean.TRUE.equals(toggle.getEnabled());
  }

  private static void addSocial(Map<String, @Nullable String> social, String name,
      @Nullable ClientConfigOAuthProviderDto provider) {
    if (provider != null && Boolean.TRUE.equals(provider.getEnabled())) {
      // Facebook names its public id "appId", the others "clientId"
      social.put(name, provider.getClientId() != null ? provider.getClientId() : provider.getAppId());
    }
  }

  private static List<ProfileField> profileFields(@Nullable List<? extends @Nullable ProfileFieldDto> dtos) {
    List<ProfileFieldDto> present = Values.list(dtos);
    List<ProfileField> fields = new ArrayList<>(present.size());
    for (ProfileFieldDto dto : present) {
      if (dto.getId() != null) {
        fields.add(new ProfileField(dto));
      }
    }
    return fields.isEmpty() ? List.of() : Collections.unmodifiableList(fields);
  }

  /** @return true when the application has multi-tenancy configured and enabled */
  public boolean isTenantsEnabled() {
    return tenantsEnabled;
  }

  /**
   * @return the tenant mode: {@code shared} (one identity across tenants, tenant switching allowed)
   *     or {@code isolated} (a separate identity per tenant, a tenant id needed to sign up and log in);
   *     empty when the server does not say
   */
  public Optional<String> tenantMode() {
    return Optional.ofNullable(tenantMode);
  }

  /** @return true when several accounts can be signed in at once (cookie mode) */
  public boolean isMultipleAccountsEnabled() {
    return multipleAccountsEnabled;
  }

  /** @return the role guards (contexts) the application uses, e.g. {@code web}; unmodifiable, never null */
  public List<String> roleGuards() {
    return roleGuards;
  }

  /** @return true when users can sign up and log in with email and password */
  public boolean isEmailAuthEnabled() {
    return emailAuthEnabled;
  }

  /** @return true when users can sign up and log in with phone number and password */
  public boolean isPhoneAuthEnabled() {
    return phoneAuthEnabled;
  }

  /** @return true when passwordless login (a one-time code by email or SMS) is offered */
  public boolean isPasswordlessEnabled() {
    return passwordlessEnabled;
  }

  /** @return true when sending a passwordless code to an unknown email or phone creates the user */
  public boolean isPasswordlessSignUpAllowed() {
    return passwordlessSignUpAllowed;
  }

  /**
   * @return the enabled built-in social providers, by login provider name, among {@code google},
   *     {@code facebook}, {@code apple} and {@code github} (in that order); unmodifiable, never null
   */
  public List<String> socialProviders() {
    return socialProviders;
  }

  /**
   * Tells whether a built-in social provider is enabled.
   *
   * @param provider the provider name, e.g. {@code google}
   * @return true when the server offers login with this provider
   */
  public boolean isSocialProviderEnabled(String provider) {
    return socialClientIds.containsKey(provider);
  }

  /**
   * The public id to start a provider's own sign-in with (the client id of Google, Apple and GitHub,
   * the app id of Facebook).
   *
   * @param provider the provider name, e.g. {@code google}
   * @return the id; empty when the provider is not enabled or the server sent no id
   */
  public Optional<String> socialClientId(String provider) {
    return Optional.ofNullable(socialClientIds.get(provider));
  }

  /** @return the names of the application's custom login providers, usable as provider names; unmodifiable, never null */
  public List<String> customProviders() {
    return customProviders;
  }

  /** @return true when users can sign up */
  public boolean isRegistrationEnabled() {
    return registrationEnabled;
  }

  /** @return true when signing up needs an invitation */
  public boolean isInvitationRequired() {
    return invitationRequired;
  }

  /** @return the extra sign-up fields the application asks for; unmodifiable, never null */
  public List<ProfileField> profileFields() {
    return profileFields;
  }

  /** @return true when MFA is enabled in the application */
  public boolean isMfaEnabled() {
    return mfaEnabled;
  }

  /** @return the MFA methods the application offers (methods this SDK does not know left out); unmodifiable, never null */
  public List<MfaMethod> mfaMethods() {
    return mfaMethods;
  }

  /** @return true when users may turn MFA on and off themselves */
  public boolean isMfaUserToggleAllowed() {
    return mfaUserToggleAllowed;
  }

  /** @return true when users may choose their MFA method */
  public boolean isMfaMethodSelectionAllowed() {
    return mfaMethodSelectionAllowed;
  }

  /** @return true when platform (cross-tenant) access is enabled */
  public boolean isPlatformAccessEnabled() {
    return platformAccessEnabled;
  }

  /**
   * @return how the server hands out tokens: {@code header} (in response bodies, what this client
   *     uses) or {@code cookie}; empty when the server does not say
   */
  public Optional<String> accessTokenType() {
    return Optional.ofNullable(accessTokenType);
  }

  /** @return fields the application added to its configuration, as sent; unmodifiable, empty when there are none */
  public Map<String, @Nullable Object> additionalFields() {
    return additionalFields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServerConfig)) {
      return false;
    }
    ServerConfig other = (ServerConfig) o;
    return tenantsEnabled == other.tenantsEnabled && Objects.equals(tenantMode, other.tenantMode)
        && multipleAccountsEnabled == other.multipleAccountsEnabled && roleGuards.equals(other.roleGuards)
        && emailAuthEnabled == other.emailAuthEnabled && phoneAuthEnabled == other.phoneAuthEnabled
        && passwordlessEnabled == other.passwordlessEnabled
        && passwordlessSignUpAllowed == other.passwordlessSignUpAllowed
        && socialClientIds.equals(other.socialClientIds) && customProviders.equals(other.customProviders)
        && registrationEnabled == other.registrationEnabled && invitationRequired == other.invitationRequired
        && profileFields.equals(other.profileFields) && mfaEnabled == other.mfaEnabled
        && mfaMethods.equals(other.mfaMethods) && mfaUserToggleAllowed == other.mfaUserToggleAllowed
        && mfaMethodSelectionAllowed == other.mfaMethodSelectionAllowed
        && platformAccessEnabled == other.platformAccessEnabled && Objects.equals(accessTokenType, other.accessTokenType)
        && additionalFields.equals(other.additionalFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenantsEnabled, tenantMode, multipleAccountsEnabled, roleGuards, emailAuthEnabled,
        phoneAuthEnabled, passwordlessEnabled, passwordlessSignUpAllowed, socialClientIds, customProviders,
        registrationEnabled, invitationRequired, profileFields, mfaEnabled, mfaMethods, mfaUserToggleAllowed,
        mfaMethodSelectionAllowed, platformAccessEnabled, accessTokenType, additionalFields);
  }

  @Override
  public String toString() {
    return "ServerConfig{tenantsEnabled=" + tenantsEnabled + ", tenantMode=" + tenantMode + ", multipleAccounts="
        + multipleAccountsEnabled + ", roleGuards=" + roleGuards + ", emailAuth=" + emailAuthEnabled + ", phoneAuth="
        + phoneAuthEnabled + ", passwordless=" + passwordlessEnabled + ", passwordlessSignUp="
        + passwordlessSignUpAllowed + ", socialProviders=" + socialClientIds.keySet() + ", customProviders="
        + customProviders + ", registration=" + registrationEnabled + ", invitationRequired=" + invitationRequired
        + ", profileFields=" + profileFields.size() + ", mfa=" + mfaEnabled + ", mfaMethods=" + mfaMethods
        + ", mfaUserToggle=" + mfaUserToggleAllowed + ", mfaMethodSelection=" + mfaMethodSelectionAllowed
        + ", platformAccess=" + platformAccessEnabled + ", accessTokenType=" + accessTokenType + ", additionalFields="
        + additionalFields.keySet() + "}";
  }

  /** An extra sign-up field the application asks for, e.g. a company name. Immutable. */
  public static final class ProfileField {
    private final String id;
    private final @Nullable String label;
    private final boolean required;
    private final @Nullable String type;
    private final @Nullable String placeholder;
    private final List<Option> options;

    ProfileField(ProfileFieldDto dto) {
      this.id = Values.required(dto.getId(), "ProfileField", "id");
      this.label = dto.getLabel();
      this.required = Boolean.TRUE.equals(dto.getRequired());
      this.type = dto.getType();
      this.placeholder = dto.getPlaceholder();
      List<Option> options = new ArrayList<>();
      for (ProfileFieldOptionDto option : Values.list(dto.getOptions())) {
        if (option.getValue() != null) {
          options.add(new Option(option.getValue(), option.getLabel()));
        }
      }
      this.options = options.isEmpty() ? List.of() : Collections.unmodifiableList(options);
    }

    /** @return the field's id: the name to send it under when signing up */
    public String id() {
      return id;
    }

    /** @return the label to show, when the application gives one */
    public Optional<String> label() {
      return Optional.ofNullable(label);
    }

    /** @return true when the field must be filled in */
    public boolean isRequired() {
      return required;
    }

    /** @return the input kind, e.g. {@code text}, {@code email}, {@code select}, {@code checkbox}; empty when not given */
    public Optional<String> type() {
      return Optional.ofNullable(type);
    }

    /** @return the placeholder text, when the application gives one */
    public Optional<String> placeholder() {
      return Optional.ofNullable(placeholder);
    }

    /** @return the choices of a select field (options without a value left out); unmodifiable, never null */
    public List<Option> options() {
      return options;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof ProfileField)) {
        return false;
      }
      ProfileField other = (ProfileField) o;
      return id.equals(other.id) && Objects.equals(label, other.label) && required == other.required
          && Objects.equals(type, other.type) && Objects.equals(placeholder, other.placeholder)
          && options.equals(other.options);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, label, required, type, placeholder, options);
    }

    @Override
    public String toString() {
      return "ProfileField{id=" + id + ", label=" + label + ", required=" + required + ", type=" + type
          + ", placeholder=" + placeholder + ", options=" + options + "}";
    }

    /** One choice of a select {@link ProfileField}. Immutable. */
    public static final class Option {
      private final String value;
      private final @Nullable String label;

      Option(String value, @Nullable String label) {
        this.value = value;
        this.label = label;
      }

      /** @return the value to send when this choice is picked */
      public String value() {
        return value;
      }

      /** @return the text to show for this choice, when the application gives one */
      public Optional<String> label() {
        return Optional.ofNullable(label);
      }

      @Override
      public boolean equals(@Nullable Object o) {
        if (this == o) {
          return true;
        }
        if (!(o instanceof Option)) {
          return false;
        }
        Option other = (Option) o;
        return value.equals(other.value) && Objects.equals(label, other.label);
      }

      @Override
      public int hashCode() {
        return Objects.hash(value, label);
      }

      @Override
      public String toString() {
        return "Option{value=" + value + ", label=" + label + "}";
      }
    }
  }
}
