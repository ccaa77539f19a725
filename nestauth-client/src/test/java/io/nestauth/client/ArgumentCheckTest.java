package io.nestauth.client;

import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.generated.model.InviteRequestDto;
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
        bad("signup: null email", "email", c -> c.signupWithEmail(null, pw).execute()),
        bad("signup: blank email", "email", c -> c.signupWithEmail("   ", pw).execute()),
        bad("signup: not an email", "email", c -> c.signupWithEmail("alice.example.com", pw).execute()),
        bad("signup: null password", "password", c -> c.signupWithEmail(email, null).execute()),
        bad("signup: blank password", "password", c -> c.signupWithEmail(email, "        ").execute()),
        bad("signup: 7-char password", "password", c -> c.signupWithEmail(email, "Sh0rt!7").execute()),
        bad("signup+extra: 7-char password", "password", c -> c.signupWithEmail(email, "Sh0rt!7", java.util.Map.of()).execute()),
        bad("signupWithPhone: blank phone", "phone", c -> c.signupWithPhone(" ", pw).execute()),
        bad("signupWithPhone: 7-char password", "password", c -> c.signupWithPhone("+14155550101", "Sh0rt!7").execute()),
        bad("signup(request): 7-char password", "password",
            c -> c.signup(SignupRequest.builder().email(email).password("Sh0rt!7").build()).execute()),
        bad("signup(request): null", "request", c -> c.signup(null).execute()),
        bad("login: null email", "email", c -> c.loginWithEmail(null, pw).execute()),
        bad("login: blank email", "email", c -> c.loginWithEmail("", pw).execute()),
        bad("login: null password", "password", c -> c.loginWithEmail(email, null).execute()),
        bad("login: blank password", "password", c -> c.loginWithEmail(email, " ").execute()),
        bad("login: tenantId not a UUID", "tenantId", c -> c.loginWithEmail(email, pw, "acme").execute()),
        bad("login: blank tenantId", "tenantId", c -> c.loginWithEmail(email, pw, " ").execute()),
        bad("loginWithPhone: blank phone", "phone", c -> c.loginWithPhone("", pw).execute()),
        bad("login(provider): tenantId not a UUID", "tenantId",
            c -> c.login(LoginRequest.builder().providerName("email").email(email).password(pw).tenantId("not-a-uuid").build())),
        bad("login(provider): blank provider", "providerName",
            c -> c.login(LoginRequest.builder().providerName(" ").email(email).build())),
        bad("login(request): null", "request", c -> c.login(null)),
        bad("passwordless send: blank identifier", "identifier",
            c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, " ").execute()),
        bad("passwordless send: null channel", "channel", c -> c.sendPasswordlessCode(null, email).execute()),
        bad("passwordless login: null identifier", "identifier",
            c -> c.loginWithPasswordlessCode(null, "481516", PasswordlessChannel.EMAIL).execute()),
        bad("passwordless login: blank code", "code",
            c -> c.loginWithPasswordlessCode(email, "  ", PasswordlessChannel.EMAIL).execute()),
        bad("passwordless login: no channel", "channels", c -> c.loginWithPasswordlessCode(email, "481516").execute()),
        bad("social: blank token", "token", c -> c.socialLogin("google", "", null).execute()),
        bad("google: null id token", "token", c -> c.signInWithGoogleIdToken(null).execute()),
        bad("apple: blank given name", "givenName", c -> c.signInWithAppleCredential("apple-token", " ", null, null).execute()),
        bad("lookupTenant: blank slug", "slug", c -> c.lookupTenant(" ").execute()),
        bad("forgotPassword: blank identifier", "emailOrPhone", c -> c.forgotPassword("").execute()),
        bad("verifyForgotPasswordOtp: blank code", "code", c -> c.verifyForgotPasswordOtp(email, " ").execute()),
        bad("verifyForgotPasswordOtp: null identifier", "emailOrPhone", c -> c.verifyForgotPasswordOtp(null, "794935").execute()),
        bad("resetPassword: blank token", "resetToken", c -> c.resetPassword(" ", pw).execute()),
        bad("resetPassword: 7-char password", "newPassword", c -> c.resetPassword("reset-token", "Sh0rt!7").execute()),
        bad("changePassword: 7-char current", "currentPassword", c -> c.changePassword("Sh0rt!7", pw).execute()),
        bad("changePassword: null new", "newPassword", c -> c.changePassword(pw, null).execute()),
        bad("changePassword: same as current", "newPassword", c -> c.changePassword(pw, pw).execute()),
        bad("verifyEmail: null code", "code", c -> c.verifyEmail(null).execute()),
        bad("verifyPhone: blank code", "code", c -> c.verifyPhone("\t").execute()),
        bad("sendMfaChallenge: null method", "method", c -> c.sendMfaChallenge(null).execute()),
        bad("verifyMfa: blank otp", "otp", c -> c.verifyMfa(" ", MfaMethod.EMAIL, false).execute()),
        bad("verifyRecoveryCode: null code", "recoveryCode", c -> c.verifyRecoveryCode(null, false).execute()),
        bad("verifyTotpSetup: blank secret", "secret", c -> c.verifyTotpSetup("", "123456").execute()),
        bad("verifyTotpSetup: blank otp", "otp", c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", " ").execute()),
        bad("setupTotp: blank device name", "deviceName", c -> c.setupTotp(" ").execute()),
        bad("removeTotpDevice: null deviceId", "deviceId", c -> c.removeTotpDevice(null).execute()),
        bad("removeTotpDevice: deviceId not a UUID", "deviceId", c -> c.removeTotpDevice("device-1").execute()),
        bad("resetTotp: blank code", "recoveryCode", c -> c.resetTotp(" ").execute()),
        bad("switchTenant: not a UUID", "tenantId", c -> c.switchTenant("acme").execute()),
        bad("switchTenant: null", "tenantId", c -> c.switchTenant(null).execute()),
        bad("inviteUser: null", "request", c -> c.inviteUser(null).execute()),
        bad("overlong identifier", "identifier",
            c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, "a".repeat(5000) + "@example.com").execute()));
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
        Arguments.of("getSessionUserData", (Consumer<NestAuthClient>) c -> c.getSessionUserData().execute()),
        Arguments.of("getUser", (Consumer<NestAuthClient>) c -> c.getUser().execute()),
        Arguments.of("verifySession", (Consumer<NestAuthClient>) c -> c.verifySession().execute()),
        Arguments.of("inviteUser", (Consumer<NestAuthClient>) c -> c.inviteUser(InviteRequest.builder().email("x@example.com").build()).execute()),
        Arguments.of("logoutAll", (Consumer<NestAuthClient>) c -> c.logoutAll().execute()),
        Arguments.of("changePassword", (Consumer<NestAuthClient>) c -> c.changePassword(PASSWORD, "N3w-Passw0rd!45").execute()),
        Arguments.of("sendEmailVerification", (Consumer<NestAuthClient>) c -> c.sendEmailVerification().execute()),
        Arguments.of("verifyEmail", (Consumer<NestAuthClient>) c -> c.verifyEmail("112358").execute()),
        Arguments.of("sendPhoneVerification", (Consumer<NestAuthClient>) c -> c.sendPhoneVerification().execute()),
        Arguments.of("verifyPhone", (Consumer<NestAuthClient>) c -> c.verifyPhone("112358").execute()),
        Arguments.of("sendMfaChallenge", (Consumer<NestAuthClient>) c -> c.sendMfaChallenge(MfaMethod.EMAIL).execute()),
        Arguments.of("verifyMfa", (Consumer<NestAuthClient>) c -> c.verifyMfa("534388", MfaMethod.EMAIL, true).execute()),
        Arguments.of("verifyRecoveryCode", (Consumer<NestAuthClient>) c -> c.verifyRecoveryCode("code", false).execute()),
        Arguments.of("getMfaStatus", (Consumer<NestAuthClient>) c -> c.getMfaStatus().execute()),
        Arguments.of("toggleMfa", (Consumer<NestAuthClient>) c -> c.toggleMfa(true).execute()),
        Arguments.of("setupTotp", (Consumer<NestAuthClient>) c -> c.setupTotp("phone").execute()),
        Arguments.of("verifyTotpSetup", (Consumer<NestAuthClient>) c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", "123456").execute()),
        Arguments.of("listTotpDevices", (Consumer<NestAuthClient>) c -> c.listTotpDevices().execute()),
        Arguments.of("removeTotpDevice", (Consumer<NestAuthClient>) c -> c.removeTotpDevice(DEVICE_ID).execute()),
        Arguments.of("generateRecoveryCodes", (Consumer<NestAuthClient>) c -> c.generateRecoveryCodes().execute()),
        Arguments.of("resetTotp", (Consumer<NestAuthClient>) c -> c.resetTotp("code").execute()),
        Arguments.of("switchTenant", (Consumer<NestAuthClient>) c -> c.switchTenant(TENANT_ID).execute()),
        Arguments.of("refreshSession", (Consumer<NestAuthClient>) c -> c.refreshSession().execute()));
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
