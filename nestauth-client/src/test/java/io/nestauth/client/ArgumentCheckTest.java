package io.nestauth.client;

import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.testfixtures.TestJwts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testfixtures.TestUser.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad arguments and missing sessions fail before anything is sent: a bad argument when the
 * operation is called (the call is never executed here), a missing session when its call is executed.
 */
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
            c -> c.signup(SignupRequest.builder().email(email).password("Sh0rt!7").build())),
        bad("signup(request): null", "request", c -> c.signup(null)),
        bad("login: null email", "email", c -> c.loginWithEmail(null, pw)),
        bad("login: blank email", "email", c -> c.loginWithEmail("", pw)),
        bad("login: null password", "password", c -> c.loginWithEmail(email, null)),
        bad("login: blank password", "password", c -> c.loginWithEmail(email, " ")),
        bad("login: tenantId not a UUID", "tenantId", c -> c.loginWithEmail(email, pw, "acme")),
        bad("login: blank tenantId", "tenantId", c -> c.loginWithEmail(email, pw, " ")),
        bad("loginWithPhone: blank phone", "phone", c -> c.loginWithPhone("", pw)),
        bad("login(request): tenantId not a UUID", "tenantId",
            c -> c.login(LoginRequest.builder().providerName("email").email(email).password(pw).tenantId("not-a-uuid").build())),
        bad("login(request): blank provider", "providerName",
            c -> c.login(LoginRequest.builder().providerName(" ").email(email).build())),
        bad("login(request): null credential name", "credential",
            c -> c.login(LoginRequest.builder().providerName("email").credential(null, email).build())),
        bad("login(request): null", "request", c -> c.login(null)),
        bad("passwordless send: blank identifier", "identifier",
            c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, " ")),
        bad("passwordless send: null channel", "channel", c -> c.sendPasswordlessCode(null, email)),
        bad("passwordless login: null identifier", "identifier",
            c -> c.loginWithPasswordlessCode(null, "481516", PasswordlessChannel.EMAIL)),
        bad("passwordless login: blank code", "code",
            c -> c.loginWithPasswordlessCode(email, "  ", PasswordlessChannel.EMAIL)),
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
        bad("verifyMfa: blank otp", "otp", c -> c.verifyMfa(" ", MfaMethod.EMAIL, false)),
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
            c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, "a".repeat(5000) + "@example.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void badArgumentIsRejectedNamingTheParameterAndNothingIsSent(String name, String parameter,
      Consumer<NestAuthClient> call) {
    // the operation method itself throws: the calls above are never executed
    // signed in, so that the argument check (not a missing session) is what stops the call
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());

    assertThatThrownBy(() -> call.accept(client))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(parameter + " ");
    assertThat(server.getRequestCount()).isZero();
    assertThat(client.isAuthenticated()).isTrue();
  }

  static Arguments secured(String name, Function<NestAuthClient, NestAuthCall<?>> operation) {
    return Arguments.of(name, operation);
  }

  static Stream<Arguments> securedOperations() {
    return Stream.of(
        secured("getSessionUserData", c -> c.getSessionUserData()),
        secured("getUser", c -> c.getUser()),
        secured("verifySession", c -> c.verifySession()),
        secured("inviteUser", c -> c.inviteUser(InviteRequest.builder().email("x@example.com").build())),
        secured("logoutAll", c -> c.logoutAll()),
        secured("changePassword", c -> c.changePassword(PASSWORD, "N3w-Passw0rd!45")),
        secured("sendEmailVerification", c -> c.sendEmailVerification()),
        secured("verifyEmail", c -> c.verifyEmail("112358")),
        secured("sendPhoneVerification", c -> c.sendPhoneVerification()),
        secured("verifyPhone", c -> c.verifyPhone("112358")),
        secured("sendMfaChallenge", c -> c.sendMfaChallenge(MfaMethod.EMAIL)),
        secured("verifyMfa", c -> c.verifyMfa("534388", MfaMethod.EMAIL, true)),
        secured("verifyRecoveryCode", c -> c.verifyRecoveryCode("code", false)),
        secured("getMfaStatus", c -> c.getMfaStatus()),
        secured("toggleMfa", c -> c.toggleMfa(true)),
        secured("setupTotp", c -> c.setupTotp("phone")),
        secured("verifyTotpSetup", c -> c.verifyTotpSetup("JBSWY3DPEHPK3PXP", "123456")),
        secured("listTotpDevices", c -> c.listTotpDevices()),
        secured("removeTotpDevice", c -> c.removeTotpDevice(DEVICE_ID)),
        secured("generateRecoveryCodes", c -> c.generateRecoveryCodes()),
        secured("resetTotp", c -> c.resetTotp("code")),
        secured("switchTenant", c -> c.switchTenant(TENANT_ID)),
        secured("refreshSession", c -> c.refreshSession()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("securedOperations")
  void securedOperationWithoutASessionThrowsNotSignedInAndSendsNothing(String name,
      Function<NestAuthClient, NestAuthCall<?>> operation) {
    assertThat(client.isAuthenticated()).isFalse();

    // the session is checked when the call is executed, by both forms
    NestAuthCall<?> call = operation.apply(client);
    assertThatThrownBy(call::execute).isInstanceOf(NotSignedInException.class);
    assertThat(catchThrowable(() -> call.executeAsync().get(10, TimeUnit.SECONDS)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NotSignedInException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("securedOperations")
  void securedOperationWithOnlyATrustTokenStoredIsNotSignedIn(String name,
      Function<NestAuthClient, NestAuthCall<?>> operation) {
    givenStored(StoredTokens.signedOut("trust"));

    assertThatThrownBy(() -> operation.apply(client).execute()).isInstanceOf(NotSignedInException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
