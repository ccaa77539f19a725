package io.nestauth.client;

import io.nestauth.generated.model.AccountSummaryDto;
import io.nestauth.generated.model.ClientConfigDto;
import io.nestauth.generated.model.ClientConfigMfaDto;
import io.nestauth.generated.model.ClientConfigOAuthProviderDto;
import io.nestauth.generated.model.ClientConfigPasswordlessDto;
import io.nestauth.generated.model.ClientConfigRegistrationDto;
import io.nestauth.generated.model.ClientConfigTenantsDto;
import io.nestauth.generated.model.CsrfResponseDto;
import io.nestauth.generated.model.FeatureToggleDto;
import io.nestauth.generated.model.InviteRequestDto;
import io.nestauth.generated.model.InviteResponseDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.MfaDeviceDto;
import io.nestauth.generated.model.MfaMethodDto;
import io.nestauth.generated.model.MfaStatusDto;
import io.nestauth.generated.model.PasswordlessChannelDto;
import io.nestauth.generated.model.ProfileFieldDto;
import io.nestauth.generated.model.ProfileFieldOptionDto;
import io.nestauth.generated.model.RecoveryCodesResponseDto;
import io.nestauth.generated.model.SessionRoleDto;
import io.nestauth.generated.model.SessionUserDto;
import io.nestauth.generated.model.SignupRequestDto;
import io.nestauth.generated.model.SocialTokenTypeDto;
import io.nestauth.generated.model.TenantDto;
import io.nestauth.generated.model.TotpSetupResponseDto;
import io.nestauth.generated.model.UserDto;
import io.nestauth.generated.model.VerifySessionResponseDto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.function.Executable;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SDK's own value types: read from the wire types, checked, immutable, and silent about secrets. */
class ValueTypesTest {
  static final UUID USER_ID = UUID.fromString("0b7f6a3e-52c4-4c5e-9a43-5d3e7a0c1f11");
  static final UUID ROLE_ID = UUID.fromString("4e1c2b9a-7d3f-4a6b-8c5e-1f2a3b4c5d6e");
  static final UUID TENANT_ID = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");
  static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-11-21T22:15:48.134Z");
  static final OffsetDateTime UPDATED = OffsetDateTime.parse("2026-11-22T08:00:00Z");
  /** Marker secrets: none of them may show up in a toString() or an exception message. */
  static final String PASSWORD_SECRET = "pw-SECRET-4711";
  static final String TOKEN_SECRET = "token-SECRET-0815";
  static final String CODE_SECRET = "code-SECRET-1234";
  static final String FIELD_SECRET = "field-SECRET-42";
  static final List<String> SECRETS = List.of(PASSWORD_SECRET, TOKEN_SECRET, CODE_SECRET, FIELD_SECRET);

  // ---------------------------------------------------------------- enums

  @Test
  void enumsConvertBothWays() {
    for (MfaMethod method : MfaMethod.values()) {
      assertThat(MfaMethod.from(method.toWire())).contains(method);
    }
    for (PasswordlessChannel channel : PasswordlessChannel.values()) {
      assertThat(PasswordlessChannel.from(channel.toWire())).contains(channel);
    }
    for (SocialTokenType type : SocialTokenType.values()) {
      assertThat(SocialTokenType.from(type.toWire())).contains(type);
    }
    assertThat(MfaMethod.TOTP.toWire()).isEqualTo(MfaMethodDto.TOTP);
    assertThat(SocialTokenType.ID_TOKEN.toWire().getValue()).isEqualTo("idToken");
    assertThat(SocialTokenType.ACCESS_TOKEN.toWire().getValue()).isEqualTo("accessToken");
    assertThat(MfaMethod.fromValue("sms")).contains(MfaMethod.SMS);
  }

  @Test
  void unknownAndMissingEnumValuesAreEmptyOrDropped() {
    assertThat(MfaMethod.from(MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API)).isEmpty();
    assertThat(MfaMethod.from(null)).isEmpty();
    assertThat(MfaMethod.fromValue("webauthn")).isEmpty();
    assertThat(PasswordlessChannel.from(PasswordlessChannelDto.UNKNOWN_DEFAULT_OPEN_API)).isEmpty();
    assertThat(SocialTokenType.from(SocialTokenTypeDto.UNKNOWN_DEFAULT_OPEN_API)).isEmpty();
    assertThat(MfaMethod.fromAll(Arrays.asList(MfaMethodDto.EMAIL, null, MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API,
        MfaMethodDto.TOTP))).containsExactly(MfaMethod.EMAIL, MfaMethod.TOTP);
    assertThat(MfaMethod.fromAll(null)).isEmpty();
    assertThat(PasswordlessChannel.fromAll(Arrays.asList(PasswordlessChannelDto.SMS, null,
        PasswordlessChannelDto.UNKNOWN_DEFAULT_OPEN_API))).containsExactly(PasswordlessChannel.SMS);
  }

  @Test
  void authResponseReadsSdkMethodsAndSkipsUnknownOnes() {
    io.nestauth.generated.model.AuthTokensResponseDto answer = new io.nestauth.generated.model.AuthTokensResponseDto()
        .accessToken(TOKEN_SECRET).refreshToken(TOKEN_SECRET).isRequiresMfa(true).message("Login successful")
        .mfaMethods(new ArrayList<>(Arrays.asList(MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API, MfaMethodDto.SMS)))
        .defaultMfaMethod(MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API).trustToken(TOKEN_SECRET);
    AuthResponse response = new AuthResponse(answer, StoredTokens.signedOut(null));

    assertThat(response.isRequiresMfa()).isTrue();
    assertThat(response.mfaMethods()).containsExactly(MfaMethod.SMS);
    assertThat(response.defaultMfaMethod()).isEmpty();
    assertThat(response.hasTrustToken()).isTrue();
    assertThat(response.message()).isEqualTo("Login successful");
    answer.getMfaMethods().add(MfaMethodDto.EMAIL);
    assertThat(response.mfaMethods()).containsExactly(MfaMethod.SMS);
    assertThat(response.toString()).doesNotContain(TOKEN_SECRET);
  }

  // ---------------------------------------------------------------- reading answers

  static UserDto userDto() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("plan", "pro");
    metadata.put("tags", new ArrayList<>(List.of("a", "b")));
    return new UserDto().id(USER_ID).email("alice@example.com").emailVerifiedAt(CREATED).phone(null)
        .phoneVerifiedAt(null).isActive(true).mustChangePassword(false).metadata(metadata).isMfaEnabled(true)
        .mfaRecoveryCode(CODE_SECRET).createdAt(CREATED).updatedAt(UPDATED);
  }

  @Test
  void userIsReadFromItsWireType() {
    UserDto dto = userDto();
    User user = User.from(dto);

    assertThat(user.id()).isEqualTo(USER_ID.toString());
    assertThat(user.email()).contains("alice@example.com");
    assertThat(user.emailVerifiedAt()).contains(CREATED);
    assertThat(user.isEmailVerified()).isTrue();
    assertThat(user.phone()).isEmpty();
    assertThat(user.phoneVerifiedAt()).isEmpty();
    assertThat(user.isPhoneVerified()).isFalse();
    assertThat(user.isActive()).isTrue();
    assertThat(user.mustChangePassword()).isFalse();
    assertThat(user.isMfaEnabled()).isTrue();
    assertThat(user.metadata()).containsEntry("plan", "pro").containsEntry("tags", List.of("a", "b"));
    assertThat(user.createdAt()).isEqualTo(CREATED);
    assertThat(user.updatedAt()).isEqualTo(UPDATED);
    assertThat(user).isEqualTo(User.from(userDto())).hasSameHashCodeAs(User.from(userDto()));
    assertThat(user.toString()).contains(USER_ID.toString()).doesNotContain(CODE_SECRET).doesNotContain("pro");
    // no accessor hands out the legacy recovery-code column
    assertThat(Arrays.stream(User.class.getMethods()).map(java.lang.reflect.Method::getName))
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("recovery"));

    // the wire object changing afterwards does not change the user, nested values included
    dto.getMetadata().put("plan", "free");
    @SuppressWarnings("unchecked")
    List<String> tags = (List<String>) dto.getMetadata().get("tags");
    tags.add("c");
    assertThat(user.metadata()).containsEntry("plan", "pro").containsEntry("tags", List.of("a", "b"));
    assertThrows(UnsupportedOperationException.class, () -> user.metadata().put("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> ((List<?>) user.metadata().get("tags")).clear());
  }

  @Test
  void sessionUserHasSdkRoles() {
    SessionUserDto dto = new SessionUserDto().id(USER_ID).email("alice@example.com").isMfaEnabled(true)
        .mustChangePassword(false).permissions(new ArrayList<>(Arrays.asList("users.invite", null)))
        .roles(new ArrayList<>(Arrays.asList(new SessionRoleDto().id(ROLE_ID).name("inviter").guard("web"), null)));
    SessionUser user = new SessionUser(dto, Map::of);

    assertThat(user.id()).isEqualTo(USER_ID.toString());
    assertThat(user.roles()).containsExactly(Role.from(new SessionRoleDto().id(ROLE_ID).name("inviter").guard("web")));
    Role role = user.roles().get(0);
    assertThat(role.id()).isEqualTo(ROLE_ID.toString());
    assertThat(role.name()).isEqualTo("inviter");
    assertThat(role.guard()).isEqualTo("web");
    assertThat(user.hasRole("inviter")).isTrue();
    assertThat(user.hasRole("admin")).isFalse();
    assertThat(user.permissions()).containsExactly("users.invite");
    assertThat(user.metadata()).isEmpty();
    assertThat(user).isEqualTo(new SessionUser(dto, Map::of));

    dto.getRoles().clear();
    dto.getPermissions().clear();
    assertThat(user.roles()).hasSize(1);
    assertThat(user.permissions()).hasSize(1);
    assertThrows(UnsupportedOperationException.class, () -> user.roles().clear());
  }

  @Test
  void smallAnswersAreRead() {
    Tenant tenant = Tenant.from(new TenantDto().id(TENANT_ID).slug("acme").name("Acme"));
    assertThat(tenant.id()).isEqualTo(TENANT_ID.toString());
    assertThat(tenant.slug()).isEqualTo("acme");
    assertThat(tenant.name()).isEqualTo("Acme");

    Account account = Account.from(new AccountSummaryDto().accountId("acc-1").email("alice@example.com")
        .tenantId(TENANT_ID.toString()).isActive(true));
    assertThat(account.id()).isEqualTo("acc-1");
    assertThat(account.email()).contains("alice@example.com");
    assertThat(account.phone()).isEmpty();
    assertThat(account.tenantId()).contains(TENANT_ID.toString());
    assertThat(account.isActive()).isTrue();
    assertThat(Account.from(new AccountSummaryDto().accountId("acc-2")).isActive()).isFalse();

    Invitation invitation = Invitation.from(new InviteResponseDto().message("Invitation sent").userId(USER_ID)
        .isNewUser(false));
    assertThat(invitation.message()).isEqualTo("Invitation sent");
    assertThat(invitation.userId()).isEqualTo(USER_ID.toString());
    assertThat(invitation.isNewUser()).isFalse();

    SessionStatus status = SessionStatus.from(new VerifySessionResponseDto().valid(true).userId(USER_ID)
        .expiresAt(UPDATED));
    assertThat(status.isValid()).isTrue();
    assertThat(status.userId()).isEqualTo(USER_ID.toString());
    assertThat(status.expiresAt()).isEqualTo(UPDATED);

    CsrfToken csrf = CsrfToken.from(new CsrfResponseDto().enabled(true).csrfToken(TOKEN_SECRET)
        .headerName("x-csrf-token").cookieName("nest_auth_csrf"));
    assertThat(csrf.isEnabled()).isTrue();
    assertThat(csrf.token()).contains(TOKEN_SECRET);
    assertThat(csrf.headerName()).contains("x-csrf-token");
    assertThat(csrf.cookieName()).contains("nest_auth_csrf");
    CsrfToken off = CsrfToken.from(new CsrfResponseDto().enabled(false));
    assertThat(off.isEnabled()).isFalse();
    assertThat(off.token()).isEmpty();

    TotpSetup setup = TotpSetup.from(new TotpSetupResponseDto().secret(CODE_SECRET)
        .qrCode("data:image/png;base64," + CODE_SECRET).otpAuthUrl("otpauth://totp/x?secret=" + CODE_SECRET)
        .issuer("Acme").account("alice@example.com"));
    assertThat(setup.secret()).isEqualTo(CODE_SECRET);
    assertThat(setup.qrCode()).startsWith("data:image/png");
    assertThat(setup.otpAuthUrl()).startsWith("otpauth://");
    assertThat(setup.issuer()).isEqualTo("Acme");
    assertThat(setup.account()).isEqualTo("alice@example.com");

    RecoveryCodes codes = RecoveryCodes.from(new RecoveryCodesResponseDto().codes(List.of(CODE_SECRET, "other"))
        .code(CODE_SECRET));
    assertThat(codes.codes()).containsExactly(CODE_SECRET, "other");
    assertThat(codes).isEqualTo(new RecoveryCodes(List.of(CODE_SECRET, "other")));
  }

  static MfaDeviceDto deviceDto(MfaMethodDto method) {
    return new MfaDeviceDto().id(ROLE_ID).deviceName("Work phone").method(method).lastUsedAt(null).createdAt(CREATED)
        .verified(true);
  }

  @Test
  void mfaStatusAndDevicesAreRead() {
    MfaStatusDto dto = new MfaStatusDto().isEnabled(true)
        .verifiedMethods(new ArrayList<>(List.of(MfaMethodDto.TOTP, MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API,
            MfaMethodDto.EMAIL)))
        .configuredMethods(new ArrayList<>(List.of(MfaMethodDto.EMAIL, MfaMethodDto.SMS, MfaMethodDto.TOTP)))
        .allowUserToggle(true).allowMethodSelection(false)
        .totpDevices(new ArrayList<>(List.of(deviceDto(MfaMethodDto.TOTP),
            deviceDto(MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API))))
        .hasRecoveryCode(true).required(false).canToggle(true);
    MfaStatus status = MfaStatus.from(dto);

    assertThat(status.isEnabled()).isTrue();
    assertThat(status.verifiedMethods()).containsExactly(MfaMethod.TOTP, MfaMethod.EMAIL);
    assertThat(status.configuredMethods()).containsExactly(MfaMethod.EMAIL, MfaMethod.SMS, MfaMethod.TOTP);
    assertThat(status.isUserToggleAllowed()).isTrue();
    assertThat(status.isMethodSelectionAllowed()).isFalse();
    assertThat(status.hasRecoveryCodes()).isTrue();
    assertThat(status.isRequired()).isFalse();
    assertThat(status.canToggle()).isTrue();
    assertThat(status.totpDevices()).hasSize(2);
    MfaDevice device = status.totpDevices().get(0);
    assertThat(device.id()).isEqualTo(ROLE_ID.toString());
    assertThat(device.name()).isEqualTo("Work phone");
    assertThat(device.method()).contains(MfaMethod.TOTP);
    assertThat(device.lastUsedAt()).isEmpty();
    assertThat(device.createdAt()).isEqualTo(CREATED);
    assertThat(device.isVerified()).isTrue();
    // a device of a method this SDK does not know is still listed, without a method
    assertThat(status.totpDevices().get(1).method()).isEmpty();
    assertThat(status).isEqualTo(MfaStatus.from(dto)).hasSameHashCodeAs(MfaStatus.from(dto));

    dto.getVerifiedMethods().clear();
    dto.getTotpDevices().clear();
    assertThat(status.verifiedMethods()).hasSize(2);
    assertThat(status.totpDevices()).hasSize(2);

    // lists the server leaves out read as empty
    MfaStatus sparse = MfaStatus.from(new MfaStatusDto().isEnabled(false).allowUserToggle(false)
        .allowMethodSelection(false).hasRecoveryCode(false).required(false).canToggle(false));
    assertThat(sparse.verifiedMethods()).isEmpty();
    assertThat(sparse.configuredMethods()).isEmpty();
    assertThat(sparse.totpDevices()).isEmpty();
  }

  static ClientConfigDto configDto() {
    ProfileFieldDto company = new ProfileFieldDto().id("company").label("Company").required(true).type("select")
        .placeholder("Your company")
        .options(new ArrayList<>(List.of(new ProfileFieldOptionDto().label("Acme").value("acme"),
            new ProfileFieldOptionDto().label("no value"))));
    return new ClientConfigDto()
        .tenants(new ClientConfigTenantsDto().enabled(true).mode("isolated"))
        .multipleAccounts(new FeatureToggleDto().enabled(false))
        .roleGuards(new ArrayList<>(List.of("web")))
        .emailAuth(new FeatureToggleDto().enabled(true))
        .phoneAuth(new FeatureToggleDto().enabled(false))
        .passwordless(new ClientConfigPasswordlessDto().enabled(true).allowSignUp(false))
        .google(new ClientConfigOAuthProviderDto().enabled(true).clientId("google-client"))
        .facebook(new ClientConfigOAuthProviderDto().enabled(true).appId("fb-app"))
        .apple(new ClientConfigOAuthProviderDto().enabled(false).clientId("apple-ignored"))
        .github(new ClientConfigOAuthProviderDto().enabled(true))
        .customProviders(new ArrayList<>(List.of("ldap")))
        .registration(new ClientConfigRegistrationDto().enabled(true).requireInvitation(true)
            .collectProfileFields(new ArrayList<>(List.of(company, new ProfileFieldDto().label("no id")))))
        .mfa(new ClientConfigMfaDto().enabled(true).methods(new ArrayList<>(List.of("email", "totp", "webauthn")))
            .allowUserToggle(true).allowMethodSelection(true))
        .platformAccess(new FeatureToggleDto().enabled(false))
        .accessTokenType("header")
        .putAdditionalProperty("brandColor", "teal");
  }

  @Test
  void serverConfigIsAFlatTypedView() {
    ClientConfigDto dto = configDto();
    ServerConfig config = ServerConfig.from(dto);

    assertThat(config.isTenantsEnabled()).isTrue();
    assertThat(config.tenantMode()).contains("isolated");
    assertThat(config.isMultipleAccountsEnabled()).isFalse();
    assertThat(config.roleGuards()).containsExactly("web");
    assertThat(config.isEmailAuthEnabled()).isTrue();
    assertThat(config.isPhoneAuthEnabled()).isFalse();
    assertThat(config.isPasswordlessEnabled()).isTrue();
    assertThat(config.isPasswordlessSignUpAllowed()).isFalse();
    assertThat(config.socialProviders()).containsExactly("google", "facebook", "github");
    assertThat(config.isSocialProviderEnabled("google")).isTrue();
    assertThat(config.isSocialProviderEnabled("apple")).isFalse();
    assertThat(config.socialClientId("google")).contains("google-client");
    assertThat(config.socialClientId("facebook")).contains("fb-app");
    assertThat(config.socialClientId("apple")).isEmpty();
    assertThat(config.socialClientId("github")).isEmpty();
    assertThat(config.customProviders()).containsExactly("ldap");
    assertThat(config.isRegistrationEnabled()).isTrue();
    assertThat(config.isInvitationRequired()).isTrue();
    assertThat(config.profileFields()).singleElement().satisfies(field -> {
      assertThat(field.id()).isEqualTo("company");
      assertThat(field.label()).contains("Company");
      assertThat(field.isRequired()).isTrue();
      assertThat(field.type()).contains("select");
      assertThat(field.placeholder()).contains("Your company");
      assertThat(field.options()).singleElement().satisfies(option -> {
        assertThat(option.value()).isEqualTo("acme");
        assertThat(option.label()).contains("Acme");
      });
    });
    assertThat(config.isMfaEnabled()).isTrue();
    assertThat(config.mfaMethods()).containsExactly(MfaMethod.EMAIL, MfaMethod.TOTP);
    assertThat(config.isMfaUserToggleAllowed()).isTrue();
    assertThat(config.isMfaMethodSelectionAllowed()).isTrue();
    assertThat(config.isPlatformAccessEnabled()).isFalse();
    assertThat(config.accessTokenType()).contains("header");
    assertThat(config.additionalFields()).containsEntry("brandColor", "teal");
    assertThat(config).isEqualTo(ServerConfig.from(configDto())).hasSameHashCodeAs(ServerConfig.from(configDto()));

    dto.getRoleGuards().add("api");
    dto.getCustomProviders().clear();
    assertThat(config.roleGuards()).containsExactly("web");
    assertThat(config.customProviders()).containsExactly("ldap");

    // what the server leaves out is not offered
    ServerConfig empty = ServerConfig.from(new ClientConfigDto());
    assertThat(empty.isTenantsEnabled()).isFalse();
    assertThat(empty.tenantMode()).isEmpty();
    assertThat(empty.socialProviders()).isEmpty();
    assertThat(empty.mfaMethods()).isEmpty();
    assertThat(empty.profileFields()).isEmpty();
    assertThat(empty.accessTokenType()).isEmpty();
    assertThat(empty.isRegistrationEnabled()).isFalse();
  }

  // ---------------------------------------------------------------- missing fields

  static Arguments missing(String name, String field, Executable read) {
    return Arguments.of(name, field, read);
  }

  static Stream<Arguments> missingFields() {
    return Stream.of(
        missing("User without id", "id", () -> User.from(userDto().id(null))),
        missing("User without isActive", "isActive", () -> User.from(userDto().isActive(null))),
        missing("User without createdAt", "createdAt", () -> User.from(userDto().createdAt(null))),
        missing("User (null)", "User", () -> User.from(null)),
        missing("SessionUser without id", "id", () -> new SessionUser(new SessionUserDto().email("a@b.c"), Map::of)),
        missing("SessionUser with a role without name", "name", () -> new SessionUser(new SessionUserDto().id(USER_ID)
            .roles(List.of(new SessionRoleDto().id(ROLE_ID).guard("web"))), Map::of)),
        missing("Role without guard", "guard", () -> Role.from(new SessionRoleDto().id(ROLE_ID).name("admin"))),
        missing("Tenant without slug", "slug", () -> Tenant.from(new TenantDto().id(TENANT_ID).name("Acme"))),
        missing("Account without id", "accountId", () -> Account.from(new AccountSummaryDto().email("a@b.c"))),
        missing("Invitation without userId", "userId",
            () -> Invitation.from(new InviteResponseDto().message("Invitation sent").isNewUser(true))),
        missing("SessionStatus without expiresAt", "expiresAt",
            () -> SessionStatus.from(new VerifySessionResponseDto().valid(true).userId(USER_ID))),
        missing("CsrfToken without enabled", "enabled",
            () -> CsrfToken.from(new CsrfResponseDto().csrfToken(TOKEN_SECRET))),
        missing("MfaStatus without isEnabled", "isEnabled", () -> MfaStatus.from(new MfaStatusDto())),
        missing("MfaStatus with a device without id", "id", () -> MfaStatus.from(new MfaStatusDto().isEnabled(true)
            .allowUserToggle(true).allowMethodSelection(true).hasRecoveryCode(true).required(false).canToggle(true)
            .totpDevices(List.of(deviceDto(MfaMethodDto.TOTP).id(null))))),
        missing("MfaDevice without method", "method", () -> MfaDevice.from(deviceDto(MfaMethodDto.TOTP).method(null))),
        missing("TotpSetup without secret", "secret", () -> TotpSetup.from(new TotpSetupResponseDto()
            .qrCode(CODE_SECRET).otpAuthUrl(CODE_SECRET).issuer("Acme").account("alice@example.com"))),
        missing("RecoveryCodes without codes", "codes", () -> RecoveryCodes.from(new RecoveryCodesResponseDto())),
        missing("RecoveryCodes with a null code", "null code",
            () -> RecoveryCodes.from(new RecoveryCodesResponseDto().codes(Arrays.asList(CODE_SECRET, null)))),
        missing("ServerConfig (null)", "ServerConfig", () -> ServerConfig.from(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingFields")
  void missingRequiredFieldsAreRejectedWithoutQuotingTheBody(String name, String field, Executable read) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, read);
    assertThat(thrown.getMessage()).contains(field);
    for (String secret : SECRETS) {
      assertThat(thrown.getMessage()).doesNotContain(secret);
    }
    assertThat(thrown.getMessage()).doesNotContain(USER_ID.toString()).doesNotContain("alice");
  }

  // ---------------------------------------------------------------- inputs

  @Test
  void signupRequestProducesAFreshWireObjectEachTime() {
    Map<String, Object> profile = new HashMap<>();
    profile.put("company", "Acme");
    List<String> interests = new ArrayList<>(List.of("java"));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("displayName", "Alice");
    SignupRequest.Builder builder = SignupRequest.builder().email("alice@example.com").password(PASSWORD_SECRET)
        .tenantId("acme").guard("web").field("profile", profile).field("interests", interests).fields(extra);
    SignupRequest request = builder.build();

    SignupRequestDto first = request.toWire();
    assertThat(first.getEmail()).isEqualTo("alice@example.com");
    assertThat(first.getPhone()).isNull();
    assertThat(first.getPassword()).isEqualTo(PASSWORD_SECRET);
    assertThat(first.getTenantId()).isEqualTo("acme");
    assertThat(first.getGuard()).isEqualTo("web");
    assertThat(first.getAdditionalProperties()).containsOnlyKeys("profile", "interests", "displayName")
        .containsEntry("interests", List.of("java")).containsEntry("displayName", "Alice");
    assertThat(request.email()).contains("alice@example.com");
    assertThat(request.tenantId()).contains("acme");
    assertThat(request.guard()).contains("web");
    assertThat(request.fieldNames()).containsExactly("profile", "interests", "displayName");

    // changing what the caller passed in, the builder, or one wire object changes nothing else
    profile.put("company", "Evil");
    interests.add("kotlin");
    extra.put("displayName", "Mallory");
    builder.field("late", 1).password("another-password");
    first.tenantId("other").putAdditionalProperty("injected", true);
    SignupRequestDto second = request.toWire();
    assertThat(second).isNotSameAs(first);
    assertThat(second.getTenantId()).isEqualTo("acme");
    assertThat(second.getPassword()).isEqualTo(PASSWORD_SECRET);
    assertThat(second.getAdditionalProperties()).containsOnlyKeys("profile", "interests", "displayName")
        .containsEntry("profile", Map.of("company", "Acme")).containsEntry("interests", List.of("java"))
        .containsEntry("displayName", "Alice");
    assertThat(request.fieldNames()).containsExactly("profile", "interests", "displayName");
    assertThat(request).isEqualTo(SignupRequest.builder().email("alice@example.com").password(PASSWORD_SECRET)
        .tenantId("acme").guard("web").field("profile", Map.of("company", "Acme")).field("interests", List.of("java"))
        .field("displayName", "Alice").build());

    SignupRequest phoneOnly = SignupRequest.builder().phone("+14155550101").password(PASSWORD_SECRET).build();
    assertThat(phoneOnly.toWire().getPhone()).isEqualTo("+14155550101");
    assertThat(phoneOnly.toWire().getEmail()).isNull();
    assertThat(phoneOnly.toWire().getAdditionalProperties()).isNullOrEmpty();
  }

  @Test
  void loginRequestMapsKnownAndCustomCredentials() {
    List<PasswordlessChannel> channels = new ArrayList<>(List.of(PasswordlessChannel.EMAIL));
    Map<String, Object> device = new HashMap<>(Map.of("os", "android"));
    LoginRequest request = LoginRequest.builder().providerName("passwordless").credential("identifier", "alice@example.com")
        .credential("code", CODE_SECRET).credential("channels", channels).credential("device", device)
        .tenantId(TENANT_ID.toString()).guard("web").rememberMe(true).createUserIfNotExists(true).build();

    LoginRequestDto first = request.toWire();
    assertThat(first.getProviderName()).isEqualTo("passwordless");
    assertThat(first.getCredentials().getIdentifier()).isEqualTo("alice@example.com");
    assertThat(first.getCredentials().getCode()).isEqualTo(CODE_SECRET);
    assertThat(first.getCredentials().getChannels()).containsExactly(PasswordlessChannelDto.EMAIL);
    assertThat(first.getCredentials().getAdditionalProperties()).containsOnlyKeys("device");
    assertThat(first.getTenantId()).isEqualTo(TENANT_ID);
    assertThat(first.getGuard()).isEqualTo("web");
    assertThat(first.getRememberMe()).isTrue();
    assertThat(first.getCreateUserIfNotExists()).isTrue();
    assertThat(request.providerName()).isEqualTo("passwordless");
    assertThat(request.credentialNames()).containsExactly("identifier", "code", "channels", "device");
    assertThat(request.tenantId()).contains(TENANT_ID.toString());
    assertThat(request.rememberMe()).isTrue();
    assertThat(request.createUserIfNotExists()).isTrue();

    channels.add(PasswordlessChannel.SMS);
    device.put("os", "ios");
    first.getCredentials().code("changed").addChannelsItem(PasswordlessChannelDto.SMS);
    first.tenantId(null);
    LoginRequestDto second = request.toWire();
    assertThat(second).isNotSameAs(first);
    assertThat(second.getCredentials()).isNotSameAs(first.getCredentials());
    assertThat(second.getCredentials().getCode()).isEqualTo(CODE_SECRET);
    assertThat(second.getCredentials().getChannels()).containsExactly(PasswordlessChannelDto.EMAIL);
    assertThat(second.getCredentials().getAdditionalProperties()).containsEntry("device", Map.of("os", "android"));
    assertThat(second.getTenantId()).isEqualTo(TENANT_ID);

    LoginRequest password = LoginRequest.builder().providerName("email").email("alice@example.com")
        .password(PASSWORD_SECRET).build();
    LoginRequestDto wire = password.toWire();
    assertThat(wire.getCredentials().getEmail()).isEqualTo("alice@example.com");
    assertThat(wire.getCredentials().getPassword()).isEqualTo(PASSWORD_SECRET);
    assertThat(wire.getCredentials().getAdditionalProperties()).isNullOrEmpty();
    assertThat(wire.getTenantId()).isNull();
    assertThat(wire.getRememberMe()).isNull();
    assertThat(wire.getCreateUserIfNotExists()).isNull();
    assertThat(password).isEqualTo(LoginRequest.builder().providerName("email").email("alice@example.com")
        .password(PASSWORD_SECRET).build());

    LoginRequest google = LoginRequest.builder().providerName("google").credential("token", TOKEN_SECRET)
        .credential("type", SocialTokenType.ACCESS_TOKEN).credential("channels", PasswordlessChannel.SMS).build();
    assertThat(google.toWire().getCredentials().getType()).isEqualTo(SocialTokenTypeDto.ACCESS_TOKEN);
    assertThat(google.toWire().getCredentials().getToken()).isEqualTo(TOKEN_SECRET);
    assertThat(google.toWire().getCredentials().getChannels()).containsExactly(PasswordlessChannelDto.SMS);
  }

  @Test
  void inviteRequestProducesAFreshWireObjectEachTime() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("team", "blue");
    InviteRequest request = InviteRequest.builder().email("bob@example.com").tenantId(TENANT_ID.toString())
        .metadata(metadata).metadata("seat", 3).build();

    InviteRequestDto first = request.toWire();
    assertThat(first.getEmail()).isEqualTo("bob@example.com");
    assertThat(first.getPhone()).isNull();
    assertThat(first.getTenantId()).isEqualTo(TENANT_ID);
    assertThat(first.getMetadata()).containsExactly(Map.entry("team", "blue"), Map.entry("seat", 3));
    assertThat(request.metadataNames()).containsExactly("team", "seat");

    metadata.put("team", "red");
    first.getMetadata().put("injected", true);
    InviteRequestDto second = request.toWire();
    assertThat(second).isNotSameAs(first);
    assertThat(second.getMetadata()).containsExactly(Map.entry("team", "blue"), Map.entry("seat", 3));

    InviteRequestDto byPhone = InviteRequest.builder().phone("+14155550101").build().toWire();
    assertThat(byPhone.getPhone()).isEqualTo("+14155550101");
    assertThat(byPhone.getMetadata()).isNull();
    assertThat(byPhone.getTenantId()).isNull();
  }

  static Arguments bad(String name, String field, Supplier<Object> build) {
    return Arguments.of(name, field, build);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad("signup: neither email nor phone", "email or a phone",
            () -> SignupRequest.builder().password(PASSWORD_SECRET).build()),
        bad("signup: blank email", "email", () -> SignupRequest.builder().email("  ").password(PASSWORD_SECRET).build()),
        bad("signup: not an email", "email",
            () -> SignupRequest.builder().email(FIELD_SECRET).password(PASSWORD_SECRET).build()),
        bad("signup: blank phone", "phone", () -> SignupRequest.builder().phone(" ").password(PASSWORD_SECRET).build()),
        bad("signup: no password", "password", () -> SignupRequest.builder().email("a@b.c").build()),
        bad("signup: short password", "password", () -> SignupRequest.builder().email("a@b.c").password("Sh0rt!7").build()),
        bad("signup: blank password", "password",
            () -> SignupRequest.builder().email("a@b.c").password("          ").build()),
        bad("signup: blank tenantId", "tenantId",
            () -> SignupRequest.builder().email("a@b.c").password(PASSWORD_SECRET).tenantId(" ").build()),
        bad("signup: blank guard", "guard",
            () -> SignupRequest.builder().email("a@b.c").password(PASSWORD_SECRET).guard("").build()),
        bad("signup: blank field name", "field name",
            () -> SignupRequest.builder().email("a@b.c").password(PASSWORD_SECRET).field(" ", FIELD_SECRET).build()),
        bad("signup: field named like a standard one", "password",
            () -> SignupRequest.builder().email("a@b.c").password(PASSWORD_SECRET).field("password", FIELD_SECRET).build()),
        bad("login: no provider", "providerName", () -> LoginRequest.builder().email("a@b.c").build()),
        bad("login: blank provider", "providerName", () -> LoginRequest.builder().providerName(" ").build()),
        bad("login: blank password", "password",
            () -> LoginRequest.builder().providerName("email").email("a@b.c").password(" ").build()),
        bad("login: password not a string", "password",
            () -> LoginRequest.builder().providerName("email").credential("password", 4711).build()),
        bad("login: blank credential name", "credential name",
            () -> LoginRequest.builder().providerName("ldap").credential("", FIELD_SECRET).build()),
        bad("login: channels not channels", "channels",
            () -> LoginRequest.builder().providerName("passwordless").credential("channels", List.of("email")).build()),
        bad("login: no channel", "channels",
            () -> LoginRequest.builder().providerName("passwordless").credential("channels", List.of()).build()),
        bad("login: type not a SocialTokenType", "type",
            () -> LoginRequest.builder().providerName("google").credential("type", "idToken").build()),
        bad("login: tenantId not a UUID", "tenantId",
            () -> LoginRequest.builder().providerName("email").tenantId(FIELD_SECRET).build()),
        bad("login: blank guard", "guard", () -> LoginRequest.builder().providerName("email").guard(" ").build()),
        bad("invite: neither email nor phone", "email or a phone", () -> InviteRequest.builder().build()),
        bad("invite: not an email", "email", () -> InviteRequest.builder().email(FIELD_SECRET).build()),
        bad("invite: tenantId not a UUID", "tenantId",
            () -> InviteRequest.builder().email("a@b.c").tenantId(FIELD_SECRET).build()),
        bad("invite: blank metadata name", "metadata name",
            () -> InviteRequest.builder().email("a@b.c").metadata(" ", FIELD_SECRET).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputsAreRejectedAtBuildNamingTheFieldNotTheValue(String name, String field, Supplier<Object> build) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field)
        .satisfies(thrown -> {
          for (String secret : SECRETS) {
            assertThat(thrown.getMessage()).doesNotContain(secret);
          }
        });
  }

  // ---------------------------------------------------------------- secrets

  @Test
  void toStringNeverShowsASecret() {
    List<Object> values = List.of(
        SignupRequest.builder().email("alice@example.com").password(PASSWORD_SECRET).field("inviteCode", FIELD_SECRET)
            .build(),
        LoginRequest.builder().providerName("email").email("alice@example.com").password(PASSWORD_SECRET)
            .credential("otp", CODE_SECRET).credential("token", TOKEN_SECRET).build(),
        InviteRequest.builder().email("bob@example.com").metadata("note", FIELD_SECRET).build(),
        CsrfToken.from(new CsrfResponseDto().enabled(true).csrfToken(TOKEN_SECRET).headerName("x-csrf-token")),
        TotpSetup.from(new TotpSetupResponseDto().secret(CODE_SECRET).qrCode("data:image/png;base64," + TOKEN_SECRET)
            .otpAuthUrl("otpauth://totp/Acme:alice?secret=" + CODE_SECRET).issuer("Acme").account("alice@example.com")),
        User.from(userDto().metadata(Map.of("apiKey", FIELD_SECRET)).mfaRecoveryCode(CODE_SECRET)),
        new RecoveryCodes(List.of(CODE_SECRET)),
        new AuthResponse(new io.nestauth.generated.model.AuthTokensResponseDto().accessToken(TOKEN_SECRET)
            .refreshToken(TOKEN_SECRET).trustToken(TOKEN_SECRET).isRequiresMfa(false).message("Login successful"),
            StoredTokens.signedOut(null)));
    for (Object value : values) {
      String text = value.toString();
      for (String secret : SECRETS) {
        assertThat(text).as("%s", value.getClass().getSimpleName()).doesNotContain(secret);
      }
    }
    // names are shown, so that a log still tells what was sent
    assertThat(values.get(0).toString()).contains("inviteCode").contains("password=***");
    assertThat(values.get(1).toString()).contains("otp").contains("token").contains("password");
    assertThat(values.get(3).toString()).contains("token=***").contains("x-csrf-token");
    assertThat(values.get(4).toString()).contains("secret=***").contains("Acme");
  }
}
