package io.nestauth.client;

import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.generated.model.InviteRequestDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.MfaMethodDto;
import io.nestauth.generated.model.PasswordlessChannelDto;
import io.nestauth.generated.model.SignupRequestDto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad arguments and missing sessions fail before anything is sent. */
class ArgumentCheckTest extends ClientTestSupport {
  static final String DEVICE_ID = "ec5c59aa-a191-4bd8-8659-def8949016d1";

  static Arguments bad(String name, String parameter, Consumer<NestAuthClient> call) {
    return Arguments.of(name, parameter, call);
  }

  static Stream<Arguments> badArguments() {
    String pw = PASSWORD;
    String email = "alice@example.com";
    return Stream.of(
        bad("signup: null email", "email", c -> c.signupWithEmail(null, pw)),
        bad("signup: blank email", "email", c -> c.signupWithEmail("   ", pw)),
        bad("signup: not an email", "email", c -> c.signupWithEmail("alice.example.com", pw)),
        bad("signup: null password", "password", c -> c.signupWithEmail(email, null)),
        bad("signup: blank password", "password", c -> c.signupWithEmail(email, "        ")),
        bad("signup: 7-char password", "password", c -> c.signupWithEmail(email, "Sh0rt!7")),
        bad("signup+extra: 7-char password", "password", c -> c.signupWithEmail(email, "Sh0rt!7", java.util.Map.of())),
        bad("signupWithPhone: blank phone", "phone", c -> c.signupWithPhone(" ", pw)),
        bad("signupWithPhone: 7-char password", "password", c -> c.signupWithPhone("+14155550101", "Sh0rt!7")),
        bad("signup(request): 7-char password", "password",
            c -> c.signup(new SignupRequestDto().email(email).password("Sh0rt!7"))),
        bad("signup(request): null", "request", c -> c.signup(null)),
        bad("login: null email", "email", c -> c.loginWithEmail(null, pw)),
        bad("login: blank email", "email", c -> c.loginWithEmail("", pw)),
        bad("login: null password", "password", c -> c.loginWithEmail(email, null)),
        bad("login: blank password", "password", c -> c.loginWithEmail(email, " ")),
        bad("login: tenantId not a UUID", "tenantId", c -> c.loginWithEmail(email, pw, "acme")),
        bad("login: blank tenantId", "tenantId", c -> c.loginWithEmail(email, pw, " ")),
        bad("loginWithPhone: blank phone", "phone", c -> c.loginWithPhone("", pw)),
        bad("login(provider): tenantId not a UUID", "tenantId",
            c -> c.login("email", new LoginCredentialsDto().email(email).password(pw), "not-a-uuid", false)),
        bad("login(provider): blank provider", "providerName",
            c -> c.login(" ", new LoginCredentialsDto().email(email), null, false)),
        bad("login(provider): null credentials", "credentials", c -> c.login("email", null, null, false)),
        bad("passwordless send: blank identifier", "identifier",
            c -> c.sendPasswordlessCode(PasswordlessChannelDto.EMAIL, " ")),
        bad("passwordless send: null channel", "channel", c -> c.sendPasswordlessCode(null, email)),
        bad("passwordless login: null identifier", "identifier",
            c -> c.loginWithPasswordlessCode(null, "481516", PasswordlessChannelDto.EMAIL)),
        bad("passwordless login: blank code", "code",
            c -> c.loginWithPasswordlessCode(email, "  ", PasswordlessChannelDto.EMAIL)),
        bad("passwordless login: no channel", "channels", c -> c.loginWithPasswordlessCode(email, "481516")),
        bad("social: blank token", "token", c -> c.socialLogin("google", "", null)),
        bad("google: null id token", "token", c -> c.signInWithGoogleIdToken(null)),
        bad("apple: blank given name", "givenName", c -> c.signInWithAppleCredential("apple-token", " ", null, null)),
        bad("lookupTenant: blank slug", "slug", c -> c.lookupTenant(" ")),
        bad("forgotPassword: blank identifier", "emailOrPhone", c -> c.forgotPassword("")),
        bad("verifyForgotPasswordOtp: blank code", "code", c -> c.verifyForgotPasswordOtp(email, " ")),
        bad("verifyForgotPasswordOtp: null identifier", "emailOrPhone", c -> c.verifyForgotPasswordOtp(null, "794935")),
        bad("resetPassword: blank token", "resetToken", c -> c.resetPassword(" ", pw)),
        bad("resetPassword: 7-char password", "newPassword", c -> c.resetPassword("reset-token", "Sh0rt!7")),
        bad("changePassword: 7-char current", "currentPassword", c -> c.changePassword("Sh0rt!7", pw)),
        bad("changePassword: null new", "newPassword", c -> c.changePassword(pw, null)),
        bad("changePassword: same as current", "newPassword", c -> c.changePassword(pw, pw)),
        bad("verifyEmail: null code", "code", c -> c.verifyEmail(null)),
        bad("verifyPhone: blank code", "code", c -> c.verifyPhone("\t")),
        bad("sendMfaChallenge: null method", "method", c -> c.sendMfaChallenge(null)),
        bad("sendMfaChallenge: unknown method", "method", c -> c.sendMfaChallenge(MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API)),
        bad("verifyMfa: blank otp", "otp", c -> c.verifyMfa(" ", MfaMethodDto.EMAIL, false)),
        bad("verifyRecoveryCode: null code", "recoveryCode", c -> c.verifyRecoveryCode(null, false)),
        bad("verifyTotpSetup: blank secret", "secret", c -> c.verifyTotpSetup("", "123456")),
        bad("verifyTotpSetup: blank otp", "otp", c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", " ")),
        bad("setupTotp: blank device name", "deviceName", c -> c.setupTotp(" ")),
        bad("removeTotpDevice: null deviceId", "deviceId", c -> c.removeTotpDevice(null)),
        bad("removeTotpDevice: deviceId not a UUID", "deviceId", c -> c.removeTotpDevice("device-1")),
        bad("resetTotp: blank code", "recoveryCode", c -> c.resetTotp(" ")),
        bad("switchTenant: not a UUID", "tenantId", c -> c.switchTenant("acme")),
        bad("switchTenant: null", "tenantId", c -> c.switchTenant(null)),
        bad("inviteUser: null", "request", c -> c.inviteUser(null)),
        bad("overlong identifier", "identifier",
            c -> c.sendPasswordlessCode(PasswordlessChannelDto.EMAIL, "a".repeat(5000) + "@example.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void badArgumentIsRejectedNamingTheParameterAndNothingIsSent(String name, String parameter,
      Consumer<NestAuthClient> call) {
    // signed in, so that the argument check (not a missing session) is what stops the call
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());

    assertThatThrownBy(() -> call.accept(client))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(parameter + " ");
    assertThat(server.getRequestCount()).isZero();
    assertThat(client.isAuthenticated()).isTrue();
  }

  static Stream<Arguments> securedOperations() {
    return Stream.of(
        Arguments.of("getSessionUserData", (Consumer<NestAuthClient>) NestAuthClient::getSessionUserData),
        Arguments.of("getUser", (Consumer<NestAuthClient>) NestAuthClient::getUser),
        Arguments.of("verifySession", (Consumer<NestAuthClient>) NestAuthClient::verifySession),
        Arguments.of("inviteUser", (Consumer<NestAuthClient>) c -> c.inviteUser(new InviteRequestDto().email("x@example.com"))),
        Arguments.of("logoutAll", (Consumer<NestAuthClient>) NestAuthClient::logoutAll),
        Arguments.of("changePassword", (Consumer<NestAuthClient>) c -> c.changePassword(PASSWORD, "N3w-Passw0rd!45")),
        Arguments.of("sendEmailVerification", (Consumer<NestAuthClient>) NestAuthClient::sendEmailVerification),
        Arguments.of("verifyEmail", (Consumer<NestAuthClient>) c -> c.verifyEmail("112358")),
        Arguments.of("sendPhoneVerification", (Consumer<NestAuthClient>) NestAuthClient::sendPhoneVerification),
        Arguments.of("verifyPhone", (Consumer<NestAuthClient>) c -> c.verifyPhone("112358")),
        Arguments.of("sendMfaChallenge", (Consumer<NestAuthClient>) c -> c.sendMfaChallenge(MfaMethodDto.EMAIL)),
        Arguments.of("verifyMfa", (Consumer<NestAuthClient>) c -> c.verifyMfa("534388", MfaMethodDto.EMAIL, true)),
        Arguments.of("verifyRecoveryCode", (Consumer<NestAuthClient>) c -> c.verifyRecoveryCode("code", false)),
        Arguments.of("getMfaStatus", (Consumer<NestAuthClient>) NestAuthClient::getMfaStatus),
        Arguments.of("toggleMfa", (Consumer<NestAuthClient>) c -> c.toggleMfa(true)),
        Arguments.of("setupTotp", (Consumer<NestAuthClient>) c -> c.setupTotp("phone")),
        Arguments.of("verifyTotpSetup", (Consumer<NestAuthClient>) c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", "123456")),
        Arguments.of("listTotpDevices", (Consumer<NestAuthClient>) NestAuthClient::listTotpDevices),
        Arguments.of("removeTotpDevice", (Consumer<NestAuthClient>) c -> c.removeTotpDevice(DEVICE_ID)),
        Arguments.of("generateRecoveryCodes", (Consumer<NestAuthClient>) NestAuthClient::generateRecoveryCodes),
        Arguments.of("resetTotp", (Consumer<NestAuthClient>) c -> c.resetTotp("code")),
        Arguments.of("switchTenant", (Consumer<NestAuthClient>) c -> c.switchTenant(TENANT_ID)),
        Arguments.of("refreshSession", (Consumer<NestAuthClient>) NestAuthClient::refreshSession));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("securedOperations")
  void securedOperationWithoutASessionThrowsNotSignedInAndSendsNothing(String name, Consumer<NestAuthClient> call) {
    assertThat(client.isAuthenticated()).isFalse();

    assertThatThrownBy(() -> call.accept(client)).isInstanceOf(NotSignedInException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("securedOperations")
  void securedOperationWithOnlyATrustTokenStoredIsNotSignedIn(String name, Consumer<NestAuthClient> call) {
    givenStored(StoredTokens.signedOut("trust"));

    assertThatThrownBy(() -> call.accept(client)).isInstanceOf(NotSignedInException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
