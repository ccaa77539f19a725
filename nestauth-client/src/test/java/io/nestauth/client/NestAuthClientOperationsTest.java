package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testfixtures.TestUser.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public operation of {@link NestAuthClient} against a scripted server: the exact method and
 * path, whether a bearer token is sent, the JSON body, and how the answer is mapped. Every case
 * starts signed in, so that "no Authorization" on a public operation is a real check.
 */
class NestAuthClientOperationsTest extends ClientTestSupport {
  static final String ACCESS = TestJwts.verifiedAccess();
  static final String REFRESH = TestJwts.refreshToken();
  static final String NEW_ACCESS = TestJwts.verifiedAccess();
  static final String NEW_REFRESH = TestJwts.refreshToken();
  static final String NEW_PASSWORD = "N3w-Passw0rd!45";
  static final String DEVICE_ID = "ec5c59aa-a191-4bd8-8659-def8949016d1";
  static final String RESET_TOKEN = TestJwts.access().claim("type", "password-reset").build();

  /** One row of the table. {@code requestJson} null means "no body at all". */
  record Case(Function<NestAuthClient, Object> call, String method, String target, boolean bearer, String requestJson,
      MockResponse answer, BiConsumer<Object, NestAuthClient> check) {
  }

  @BeforeEach
  void signedIn() {
    givenSession(ACCESS, REFRESH);
  }

  static Case op(Function<NestAuthClient, Object> call, String method, String target, boolean bearer, String requestJson,
      MockResponse answer, BiConsumer<Object, NestAuthClient> check) {
    return new Case(call, method, target, bearer, requestJson, answer, check);
  }

  static final boolean PUBLIC = false;
  static final boolean BEARER = true;

  static MockResponse newTokens(String message) {
    return ok(tokensBody(NEW_ACCESS, NEW_REFRESH, false, message));
  }

  /** After a token-bearing answer: the new tokens are the session's. */
  static BiConsumer<Object, NestAuthClient> signedInWith(String message) {
    return (result, c) -> {
      assertThat(result).isInstanceOf(AuthResponse.class);
      AuthResponse response = (AuthResponse) result;
      assertThat(response.message()).isEqualTo(message);
      assertThat(response.isRequiresMfa()).isFalse();
      assertThat(response.claims()).get().extracting(claims -> claims.userId().orElseThrow()).isEqualTo(TestUser.USER_ID);
      assertThat(c.accessToken()).contains(NEW_ACCESS);
      assertThat(c.isAuthenticated()).isTrue();
    };
  }

  static BiConsumer<Object, NestAuthClient> messageIs(String message) {
    return (result, c) -> assertThat(result).isInstanceOf(String.class).isEqualTo(message);
  }

  static BiConsumer<Object, NestAuthClient> signedOut() {
    return (result, c) -> {
      assertThat(c.isAuthenticated()).isFalse();
      assertThat(c.accessToken()).isEmpty();
    };
  }

  static Stream<Arguments> operations() {
    String pw = PASSWORD;
    return Stream.of(
        // ------------------------------------------------ signup
        Arguments.of("signupWithEmail", op(c -> c.signupWithEmail("alice@example.com", pw).execute(), "POST", "/api/auth/signup", PUBLIC,
            "{\"email\":\"alice@example.com\",\"password\":\"" + pw + "\"}",
            newTokens("Signup successful"), signedInWith("Signup successful"))),
        Arguments.of("signupWithEmail+extra", op(c -> c.signupWithEmail("alice@example.com", pw, Map.of("displayName", "Alice")).execute(),
            "POST", "/api/auth/signup", PUBLIC,
            "{\"email\":\"alice@example.com\",\"password\":\"" + pw + "\",\"displayName\":\"Alice\"}",
            newTokens("Signup successful"), signedInWith("Signup successful"))),
        Arguments.of("signupWithPhone", op(c -> c.signupWithPhone("+14155550101", pw).execute(), "POST", "/api/auth/signup", PUBLIC,
            "{\"phone\":\"+14155550101\",\"password\":\"" + pw + "\"}",
            newTokens("Signup successful"), signedInWith("Signup successful"))),
        Arguments.of("signupWithPhone+extra", op(c -> c.signupWithPhone("+14155550101", pw, Map.of("displayName", "Alice"))
                .execute(), "POST", "/api/auth/signup", PUBLIC,
            "{\"phone\":\"+14155550101\",\"password\":\"" + pw + "\",\"displayName\":\"Alice\"}",
            newTokens("Signup successful"), signedInWith("Signup successful"))),
        Arguments.of("signup(request)", op(c -> c.signup(SignupRequest.builder().email("bob@example.com").phone("+14155550102")
                .password(pw).tenantId(TENANT_ID).guard("web").build()).execute(), "POST", "/api/auth/signup", PUBLIC,
            "{\"email\":\"bob@example.com\",\"phone\":\"+14155550102\",\"password\":\"" + pw + "\",\"tenantId\":\""
                + TENANT_ID + "\",\"guard\":\"web\"}",
            newTokens("Signup successful"), signedInWith("Signup successful"))),
        // ------------------------------------------------ login
        Arguments.of("loginWithEmail", op(c -> c.loginWithEmail("alice@example.com", pw).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"email\",\"credentials\":{\"email\":\"alice@example.com\",\"password\":\"" + pw + "\"}}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("loginWithEmail+tenant", op(c -> c.loginWithEmail("alice@example.com", pw, TENANT_ID).execute(), "POST",
            "/api/auth/login", PUBLIC,
            "{\"providerName\":\"email\",\"credentials\":{\"email\":\"alice@example.com\",\"password\":\"" + pw
                + "\"},\"tenantId\":\"" + TENANT_ID + "\"}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("loginWithPhone", op(c -> c.loginWithPhone("+14155550101", pw).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"phone\",\"credentials\":{\"phone\":\"+14155550101\",\"password\":\"" + pw + "\"}}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("loginWithPhone+tenant", op(c -> c.loginWithPhone("+14155550101", pw, TENANT_ID).execute(), "POST",
            "/api/auth/login", PUBLIC,
            "{\"providerName\":\"phone\",\"credentials\":{\"phone\":\"+14155550101\",\"password\":\"" + pw
                + "\"},\"tenantId\":\"" + TENANT_ID + "\"}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("login(request: provider, credentials, tenant, createUser)", op(c -> c.login(LoginRequest.builder().providerName("github")
                .credential("token", "gho_abc").tenantId(TENANT_ID).createUserIfNotExists(true).build()).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"github\",\"credentials\":{\"token\":\"gho_abc\"},\"tenantId\":\"" + TENANT_ID
                + "\",\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("login(request: provider, credentials, no tenant, no createUser)", op(c -> c.login(LoginRequest.builder().providerName("custom-sso")
                .credential("ticket", "T-1").build()).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"custom-sso\",\"credentials\":{\"ticket\":\"T-1\"}}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("login(request)", op(c -> c.login(LoginRequest.builder().providerName("email")
                .email("alice@example.com").password(pw).guard("web").rememberMe(false).build()).execute(),
            "POST", "/api/auth/login", PUBLIC,
            // rememberMe(false) is the default and sends nothing
            "{\"providerName\":\"email\",\"credentials\":{\"email\":\"alice@example.com\",\"password\":\"" + pw
                + "\"},\"guard\":\"web\"}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("login(request, remembered)", op(c -> c.login(LoginRequest.builder().providerName("email")
                .email("alice@example.com").password(pw).rememberMe(true).build()).execute(),
            "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"email\",\"credentials\":{\"email\":\"alice@example.com\",\"password\":\"" + pw
                + "\"},\"rememberMe\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("sendPasswordlessCode", op(c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, "alice@example.com").execute(),
            "POST", "/api/auth/passwordless/send", PUBLIC,
            "{\"identifier\":\"alice@example.com\",\"channel\":\"email\"}",
            message("If an account exists, a login code has been sent"),
            messageIs("If an account exists, a login code has been sent"))),
        Arguments.of("loginWithPasswordlessCode", op(c -> c.loginWithPasswordlessCode("alice@example.com", "481516",
                PasswordlessChannel.EMAIL, PasswordlessChannel.SMS).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"passwordless\",\"credentials\":{\"identifier\":\"alice@example.com\",\"code\":\"481516\","
                + "\"channels\":[\"email\",\"sms\"]}}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("socialLogin", op(c -> c.socialLogin("facebook", "fb-access-token", SocialTokenType.ACCESS_TOKEN).execute(),
            "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"facebook\",\"credentials\":{\"token\":\"fb-access-token\",\"type\":\"accessToken\"},"
                + "\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("socialLogin (existing users only)", op(c -> c.socialLogin("facebook", "fb-access-token",
                SocialTokenType.ACCESS_TOKEN, false).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"facebook\",\"credentials\":{\"token\":\"fb-access-token\",\"type\":\"accessToken\"},"
                + "\"createUserIfNotExists\":false}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("signInWithGoogleIdToken", op(c -> c.signInWithGoogleIdToken("google-id-token").execute(), "POST", "/api/auth/login",
            PUBLIC, "{\"providerName\":\"google\",\"credentials\":{\"token\":\"google-id-token\",\"type\":\"idToken\"},"
                + "\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("signInWithAppleCredential (first login: name given)", op(c -> c.signInWithAppleCredential(
                "apple-identity-token", "Jane", "Appleseed", "raw-nonce").execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"apple\",\"credentials\":{\"token\":\"apple-identity-token\",\"nonce\":\"raw-nonce\","
                + "\"firstName\":\"Jane\",\"lastName\":\"Appleseed\",\"name\":\"Jane Appleseed\"},"
                + "\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("signInWithAppleCredential (later logins: no name fields)", op(c -> c.signInWithAppleCredential(
                "apple-identity-token", null, null, null).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"apple\",\"credentials\":{\"token\":\"apple-identity-token\"},"
                + "\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("signInWithAppleCredential (existing users only)", op(c -> c.signInWithAppleCredential(
                "apple-identity-token", null, null, null, false).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"apple\",\"credentials\":{\"token\":\"apple-identity-token\"},"
                + "\"createUserIfNotExists\":false}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        Arguments.of("signInWithAppleCredential (given name only)", op(c -> c.signInWithAppleCredential(
                "apple-identity-token", "Jane", null, null).execute(), "POST", "/api/auth/login", PUBLIC,
            "{\"providerName\":\"apple\",\"credentials\":{\"token\":\"apple-identity-token\",\"firstName\":\"Jane\","
                + "\"name\":\"Jane\"},\"createUserIfNotExists\":true}",
            newTokens("Login successful"), signedInWith("Login successful"))),
        // ------------------------------------------------ session
        Arguments.of("getSessionUserData", op(c -> c.getSessionUserData().execute(), "GET", "/api/auth/me", BEARER, null,
            ok(sessionUserBody()), (result, c) -> {
              SessionUser user = (SessionUser) result;
              assertThat(user.id()).isEqualTo(TestUser.USER_ID);
              assertThat(user.email()).contains("alice@example.com");
              assertThat(user.phone()).isEmpty();
              assertThat(user.emailVerifiedAt()).contains(OffsetDateTime.parse("2026-11-21T22:15:48.134Z"));
              assertThat(user.isEmailVerified()).isTrue();
              assertThat(user.isPhoneVerified()).isFalse();
              assertThat(user.isMfaEnabled()).isFalse();
              assertThat(user.mustChangePassword()).isFalse();
              assertThat(user.roles()).singleElement().satisfies(role -> {
                assertThat(role.name()).isEqualTo("inviter");
                assertThat(role.guard()).isEqualTo("web");
              });
              assertThat(user.permissions()).containsExactly("users.invite");
              assertThat(user.hasPermission("users.invite")).isTrue();
              assertThat(user.hasPermission("users.delete")).isFalse();
              assertThat(user.metadata()).containsEntry("plan", "pro");
              // a field this SDK does not know survives in raw()
              assertThat(user.raw()).containsEntry("avatarColor", "teal").containsEntry("phone", null);
            })),
        Arguments.of("getUser", op(c -> c.getUser().execute(), "GET", "/api/auth/user", BEARER, null,
            ok("{\"id\":\"" + TestUser.USER_ID + "\",\"email\":\"alice@example.com\",\"emailVerifiedAt\":null,\"phone\":null,"
                + "\"phoneVerifiedAt\":null,\"isActive\":true,\"mustChangePassword\":false,\"metadata\":{},"
                + "\"isMfaEnabled\":false,\"mfaRecoveryCode\":null,\"createdAt\":\"2026-11-21T22:15:38.000Z\","
                + "\"updatedAt\":\"2026-11-21T22:15:38.000Z\"}"), (result, c) -> {
              User user = (User) result;
              assertThat(user.id()).isEqualTo(TestUser.USER_ID);
              assertThat(user.isActive()).isTrue();
              assertThat(user.emailVerifiedAt()).isEmpty();
              assertThat(user.createdAt()).isEqualTo(OffsetDateTime.parse("2026-11-21T22:15:38.000Z"));
            })),
        Arguments.of("verifySession", op(c -> c.verifySession().execute(), "GET", "/api/auth/verify-session", BEARER, null,
            ok("{\"valid\":true,\"userId\":\"" + TestUser.USER_ID + "\",\"expiresAt\":\"2026-11-28T22:15:41.057Z\"}"),
            (result, c) -> {
              SessionStatus session = (SessionStatus) result;
              assertThat(session.isValid()).isTrue();
              assertThat(session.userId()).isEqualTo(TestUser.USER_ID);
              assertThat(session.expiresAt()).isEqualTo(OffsetDateTime.parse("2026-11-28T22:15:41.057Z"));
            })),
        Arguments.of("getClientConfig", op(c -> c.getClientConfig().execute(), "GET", "/api/auth/client-config", PUBLIC, null,
            ok("{\"tenants\":{\"enabled\":true,\"mode\":\"shared\"},\"multipleAccounts\":{\"enabled\":false},"
                + "\"roleGuards\":[\"web\"],\"emailAuth\":{\"enabled\":true},\"phoneAuth\":{\"enabled\":true},"
                + "\"passwordless\":{\"enabled\":true,\"allowSignUp\":true},\"google\":{\"enabled\":false},"
                + "\"facebook\":{\"enabled\":false},\"apple\":{\"enabled\":false},\"github\":{\"enabled\":false},"
                + "\"customProviders\":[],\"registration\":{\"enabled\":true,\"requireInvitation\":false},"
                + "\"mfa\":{\"enabled\":true,\"methods\":[\"email\",\"sms\",\"totp\"],\"allowUserToggle\":true,"
                + "\"allowMethodSelection\":true},\"platformAccess\":{\"enabled\":false},\"accessTokenType\":\"header\"}"),
            (result, c) -> {
              ServerConfig config = (ServerConfig) result;
              assertThat(config.roleGuards()).containsExactly("web");
              assertThat(config.isPasswordlessSignUpAllowed()).isTrue();
              assertThat(config.isSocialProviderEnabled("google")).isFalse();
              assertThat(config.isMfaEnabled()).isTrue();
              assertThat(config.accessTokenType()).contains("header");
            })),
        Arguments.of("getCsrfToken", op(c -> c.getCsrfToken().execute(), "GET", "/api/auth/csrf", PUBLIC, null,
            ok("{\"enabled\":false}"), (result, c) -> assertThat(((CsrfToken) result).isEnabled()).isFalse())),
        Arguments.of("listAccounts", op(c -> c.listAccounts().execute(), "GET", "/api/auth/accounts", PUBLIC, null,
            ok("{\"accounts\":[]}"), (result, c) -> assertThat((List<?>) result).isEmpty())),
        Arguments.of("lookupTenant", op(c -> c.lookupTenant("acme").execute(), "GET", "/api/auth/tenants/lookup?slug=acme", PUBLIC, null,
            ok("{\"id\":\"3a7244af-c326-44e0-abcc-05ab122660a7\",\"slug\":\"acme\",\"name\":\"Acme\"}"), (result, c) -> {
              Tenant tenant = (Tenant) result;
              assertThat(tenant.id()).isEqualTo("3a7244af-c326-44e0-abcc-05ab122660a7");
              assertThat(tenant.slug()).isEqualTo("acme");
              assertThat(tenant.name()).isEqualTo("Acme");
            })),
        Arguments.of("getSocialCallbackPage (text/html)", op(c -> c.getSocialCallbackPage("google", "x", "y").execute(), "GET",
            "/api/auth/callback/google?code=x&state=y", PUBLIC, null,
            new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
                .body("<!DOCTYPE html>\n<html lang=\"en\"><head><title>SSO Callback</title></head><body></body></html>").build(),
            (result, c) -> assertThat((String) result).startsWith("<!DOCTYPE html>").contains("<title>SSO Callback</title>"))),
        Arguments.of("inviteUser (201)", op(c -> c.inviteUser(InviteRequest.builder().email("invitee@example.com").build()).execute(), "POST",
            "/api/auth/invite", BEARER, "{\"email\":\"invitee@example.com\"}",
            json(201, "{\"message\":\"Invitation sent\",\"userId\":\"bb1859e0-b47e-43cc-902c-5474c0b6a6b9\",\"isNewUser\":true}"),
            (result, c) -> {
              Invitation invite = (Invitation) result;
              assertThat(invite.userId()).isEqualTo("bb1859e0-b47e-43cc-902c-5474c0b6a6b9");
              assertThat(invite.isNewUser()).isTrue();
              assertThat(invite.message()).isEqualTo("Invitation sent");
            })),
        // ------------------------------------------------ log out
        Arguments.of("logout", op(c -> {
              c.logout().execute();
              return null;
            }, "POST", "/api/auth/logout", BEARER, null, message("Logged out successfully"), signedOut())),
        Arguments.of("logoutAll", op(c -> c.logoutAll().execute(), "POST", "/api/auth/logout-all", BEARER, null,
            message("Logged out from all devices successfully"),
            messageIs("Logged out from all devices successfully").andThen(signedOut()))),
        // ------------------------------------------------ password
        Arguments.of("forgotPassword (email)", op(c -> c.forgotPassword("alice@example.com").execute(), "POST",
            "/api/auth/forgot-password", PUBLIC, "{\"email\":\"alice@example.com\"}",
            message("If your email is registered, you will receive a password reset link"),
            messageIs("If your email is registered, you will receive a password reset link"))),
        Arguments.of("forgotPassword (phone)", op(c -> c.forgotPassword("+14155550101").execute(), "POST", "/api/auth/forgot-password",
            PUBLIC, "{\"phone\":\"+14155550101\"}",
            message("If your email is registered, you will receive a password reset link"),
            messageIs("If your email is registered, you will receive a password reset link"))),
        Arguments.of("verifyForgotPasswordOtp", op(c -> c.verifyForgotPasswordOtp("alice@example.com", "794935").execute(), "POST",
            "/api/auth/verify-forgot-password-otp", PUBLIC, "{\"email\":\"alice@example.com\",\"code\":\"794935\"}",
            ok("{\"message\":\"OTP verified successfully\",\"resetToken\":\"" + RESET_TOKEN + "\"}"),
            (result, c) -> assertThat(result).isEqualTo(RESET_TOKEN))),
        Arguments.of("verifyForgotPasswordOtp (phone)", op(c -> c.verifyForgotPasswordOtp("+14155550101", "794935").execute(), "POST",
            "/api/auth/verify-forgot-password-otp", PUBLIC, "{\"phone\":\"+14155550101\",\"code\":\"794935\"}",
            ok("{\"message\":\"OTP verified successfully\",\"resetToken\":\"" + RESET_TOKEN + "\"}"),
            (result, c) -> assertThat(result).isEqualTo(RESET_TOKEN))),
        Arguments.of("resetPassword", op(c -> c.resetPassword(RESET_TOKEN, NEW_PASSWORD).execute(), "POST", "/api/auth/reset-password",
            PUBLIC, "{\"token\":\"" + RESET_TOKEN + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}",
            message("Password has been reset successfully"),
            // the server revoked every session of this user, ours included
            messageIs("Password has been reset successfully").andThen(signedOut()))),
        Arguments.of("changePassword", op(c -> c.changePassword(PASSWORD, NEW_PASSWORD).execute(), "POST", "/api/auth/change-password",
            BEARER, "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}",
            message("Password changed successfully"), messageIs("Password changed successfully").andThen(signedOut()))),
        // ------------------------------------------------ verification
        Arguments.of("sendEmailVerification", op(c -> c.sendEmailVerification().execute(), "POST",
            "/api/auth/send-email-verification", BEARER, "{}", message("Verification email sent"),
            messageIs("Verification email sent"))),
        Arguments.of("verifyEmail", op(c -> c.verifyEmail("112358").execute(), "POST", "/api/auth/verify-email", BEARER,
            "{\"code\":\"112358\"}", message("Email verified successfully"), messageIs("Email verified successfully"))),
        Arguments.of("sendPhoneVerification", op(c -> c.sendPhoneVerification().execute(), "POST",
            "/api/auth/send-phone-verification", BEARER, "{}", message("Verification SMS sent"),
            messageIs("Verification SMS sent"))),
        Arguments.of("verifyPhone", op(c -> c.verifyPhone("132134").execute(), "POST", "/api/auth/verify-phone", BEARER,
            "{\"code\":\"132134\"}", message("Phone verified successfully"), messageIs("Phone verified successfully"))),
        // ------------------------------------------------ MFA
        Arguments.of("sendMfaChallenge", op(c -> c.sendMfaChallenge(MfaMethod.SMS).execute(), "POST", "/api/auth/mfa/challenge", BEARER,
            "{\"method\":\"sms\"}", message("MFA code sent successfully"), messageIs("MFA code sent successfully"))),
        Arguments.of("verifyMfa", op(c -> c.verifyMfa("534388", MfaMethod.EMAIL, false).execute(), "POST", "/api/auth/mfa/verify",
            BEARER, "{\"method\":\"email\",\"otp\":\"534388\",\"trustDevice\":false}",
            newTokens("2FA verification successful"), signedInWith("2FA verification successful"))),
        Arguments.of("verifyRecoveryCode", op(c -> c.verifyRecoveryCode("V2wdQrKVkSkuE-4T-WXA3DMuX00", false).execute(), "POST",
            "/api/auth/mfa/verify-recovery-code", BEARER, "{\"code\":\"V2wdQrKVkSkuE-4T-WXA3DMuX00\",\"trustDevice\":false}",
            newTokens("Recovery code verification successful"), signedInWith("Recovery code verification successful"))),
        Arguments.of("getMfaStatus", op(c -> c.getMfaStatus().execute(), "GET", "/api/auth/mfa/status", BEARER, null,
            ok("{\"isEnabled\":true,\"verifiedMethods\":[\"totp\",\"email\"],\"configuredMethods\":[\"email\",\"sms\",\"totp\"],"
                + "\"allowUserToggle\":true,\"allowMethodSelection\":true,\"totpDevices\":[{\"id\":\"" + DEVICE_ID + "\","
                + "\"deviceName\":\"Harness phone\",\"method\":\"totp\",\"lastUsedAt\":null,"
                + "\"createdAt\":\"2026-11-21T22:16:06.000Z\",\"verified\":true}],\"hasRecoveryCode\":false,"
                + "\"required\":false,\"canToggle\":true}"), (result, c) -> {
              MfaStatus status = (MfaStatus) result;
              assertThat(status.isEnabled()).isTrue();
              assertThat(status.verifiedMethods()).containsExactly(MfaMethod.TOTP, MfaMethod.EMAIL);
              assertThat(status.totpDevices()).singleElement()
                  .satisfies(device -> assertThat(device.id()).isEqualTo(DEVICE_ID));
              assertThat(status.canToggle()).isTrue();
              assertThat(status.isRequired()).isFalse();
            })),
        Arguments.of("toggleMfa", op(c -> c.toggleMfa(true).execute(), "POST", "/api/auth/mfa/toggle", BEARER, "{\"enabled\":true}",
            message("MFA enabled successfully"), messageIs("MFA enabled successfully"))),
        Arguments.of("setupTotp", op(c -> c.setupTotp("Harness phone").execute(), "POST", "/api/auth/mfa/setup-totp", BEARER,
            "{\"deviceName\":\"Harness phone\"}",
            ok("{\"secret\":\"OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25\",\"qrCode\":\"data:image/png;base64,iVBORw0K\","
                + "\"otpAuthUrl\":\"otpauth://totp/alice@example.com?secret=OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25&issuer=Nest\","
                + "\"issuer\":\"Nest\",\"account\":\"alice@example.com\"}"), (result, c) -> {
              TotpSetup setup = (TotpSetup) result;
              assertThat(setup.secret()).isEqualTo("OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25");
              assertThat(setup.otpAuthUrl()).startsWith("otpauth://totp/");
              assertThat(setup.qrCode()).startsWith("data:image/png;base64,");
              assertThat(setup.account()).isEqualTo("alice@example.com");
            })),
        Arguments.of("setupTotp (no device name)", op(c -> c.setupTotp(null).execute(), "POST", "/api/auth/mfa/setup-totp", BEARER,
            // the contract's TotpSetupResponse requires all five fields
            "{}", ok("{\"secret\":\"OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25\",\"qrCode\":\"data:image/png;base64,iVBORw0K\","
                + "\"otpAuthUrl\":\"otpauth://totp/x\",\"issuer\":\"Nest\",\"account\":\"alice@example.com\"}"),
            (result, c) -> assertThat(((TotpSetup) result).secret()).isEqualTo("OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25"))),
        Arguments.of("verifyTotpSetup", op(c -> c.verifyTotpSetup("OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25", "287082").execute(), "POST",
            "/api/auth/mfa/verify-totp-setup", BEARER, "{\"secret\":\"OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25\",\"otp\":\"287082\"}",
            message("Device setup successfully"), messageIs("Device setup successfully"))),
        Arguments.of("listTotpDevices", op(c -> c.listTotpDevices().execute(), "GET", "/api/auth/mfa/devices", BEARER, null,
            ok("[{\"id\":\"" + DEVICE_ID + "\",\"deviceName\":\"Harness phone\",\"method\":\"totp\",\"lastUsedAt\":null,"
                + "\"createdAt\":\"2026-11-21T22:16:06.000Z\",\"verified\":true}]"), (result, c) -> {
              @SuppressWarnings("unchecked")
              List<MfaDevice> devices = (List<MfaDevice>) result;
              assertThat(devices).singleElement().satisfies(device -> {
                assertThat(device.id()).isEqualTo(DEVICE_ID);
                assertThat(device.name()).isEqualTo("Harness phone");
                assertThat(device.method()).contains(MfaMethod.TOTP);
                assertThat(device.isVerified()).isTrue();
                assertThat(device.lastUsedAt()).isEmpty();
              });
            })),
        Arguments.of("removeTotpDevice", op(c -> c.removeTotpDevice(DEVICE_ID).execute(), "DELETE", "/api/auth/mfa/devices/" + DEVICE_ID,
            BEARER, null, message("MFA device removed successfully"), messageIs("MFA device removed successfully"))),
        Arguments.of("generateRecoveryCodes", op(c -> c.generateRecoveryCodes().execute(), "POST",
            "/api/auth/mfa/generate-recovery-code", BEARER, null,
            ok("{\"codes\":[\"V2wdQrKVkSkuE-4T-WXA3DMuX00\",\"3lnBYWj3kDSi9Wy9TsPAVjJRd-E\"],"
                + "\"code\":\"V2wdQrKVkSkuE-4T-WXA3DMuX00\"}"),
            (result, c) -> assertThat(((RecoveryCodes) result).codes())
                .containsExactly("V2wdQrKVkSkuE-4T-WXA3DMuX00", "3lnBYWj3kDSi9Wy9TsPAVjJRd-E"))),
        Arguments.of("resetTotp", op(c -> c.resetTotp("3lnBYWj3kDSi9Wy9TsPAVjJRd-E").execute(), "POST", "/api/auth/mfa/reset-totp",
            BEARER, "{\"code\":\"3lnBYWj3kDSi9Wy9TsPAVjJRd-E\"}", message("MFA reset successfully"),
            messageIs("MFA reset successfully"))),
        // ------------------------------------------------ tenancy
        Arguments.of("switchTenant", op(c -> c.switchTenant(TENANT_ID).execute(), "POST", "/api/auth/switch-tenant", BEARER,
            "{\"tenantId\":\"" + TENANT_ID + "\"}", newTokens("Tenant switched successfully"),
            signedInWith("Tenant switched successfully"))),
        Arguments.of("refreshSession", op(c -> {
              c.refreshSession().execute();
              return null;
            }, "POST", "/api/auth/refresh-token", PUBLIC, "{\"refreshToken\":\"" + REFRESH + "\"}",
            ok(tokensBody(NEW_ACCESS, NEW_REFRESH, false, "Token refreshed successfully")),
            (result, c) -> assertThat(c.accessToken()).contains(NEW_ACCESS))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void sendsTheContractRequestAndMapsTheAnswer(String name, Case op) {
    server.enqueue(op.answer());

    Object result = op.call().apply(client);

    RecordedRequest request = take();
    assertThat(server.getRequestCount()).as("requests sent").isEqualTo(1);
    assertThat(request.getMethod()).isEqualTo(op.method());
    assertThat(request.getTarget()).isEqualTo(op.target());
    if (op.bearer()) {
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + ACCESS);
    } else {
      assertThat(request.getHeaders().get("Authorization")).as("public operation carries no token").isNull();
    }
    if (op.requestJson() == null) {
      assertThat(bodyText(request)).as("request body").isEmpty();
    } else {
      assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
      assertThat(bodyJson(request)).isEqualTo(parse(op.requestJson()));
    }
    op.check().accept(result, client);
  }

  @Test
  void loginSendsNoAuthorizationEvenWithASessionBecauseTheContractMarksItPublic() {
    server.enqueue(newTokens("Login successful"));
    assertThat(client.isAuthenticated()).isTrue();

    client.loginWithEmail("alice@example.com", PASSWORD).execute();

    RecordedRequest login = take();
    assertThat(path(login)).isEqualTo("/api/auth/login");
    assertThat(login.getHeaders().names()).doesNotContain("Authorization");
    assertThat(login.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void defaultTenantIsAddedToCallsThatNameNone() {
    client.close();
    client = builder().defaultTenantId(TENANT_ID).build();
    server.enqueue(newTokens("Login successful"));
    server.enqueue(message("sent"));
    server.enqueue(message("sent"));

    client.loginWithEmail("alice@example.com", PASSWORD).execute();
    client.sendPasswordlessCode(PasswordlessChannel.SMS, "+14155550101").execute();
    client.forgotPassword("alice@example.com").execute();

    assertThat(bodyJson(take()).path("tenantId").asText()).isEqualTo(TENANT_ID);
    assertThat(bodyJson(take())).isEqualTo(parse(
        "{\"identifier\":\"+14155550101\",\"channel\":\"sms\",\"tenantId\":\"" + TENANT_ID + "\"}"));
    assertThat(bodyJson(take()).path("tenantId").asText()).isEqualTo(TENANT_ID);
  }

  @Test
  void stateAccessorsReadTheStoredAccessToken() {
    java.time.Instant exp = java.time.Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String access = TestJwts.access().tenantId(TENANT_ID).expiresAt(exp).build();
    givenSession(access, REFRESH);

    assertThat(client.accessToken()).contains(access);
    assertThat(client.accessTokenExpiresAt()).contains(exp);
    assertThat(client.isAccessTokenExpired()).isFalse();
    assertThat(client.accessTokenClaims()).get().satisfies(claims -> {
      assertThat(claims.tenantId()).contains(TENANT_ID);
      assertThat(claims.sessionId()).contains(TestUser.SESSION_ID);
      assertThat(claims.type()).contains("access");
    });
    assertThat(client.isDeviceTrusted()).isFalse();
    assertThat(client.toString()).contains("signed-in").doesNotContain(access);

    givenSession(TestJwts.access().expired().build(), REFRESH);
    assertThat(client.isAccessTokenExpired()).isTrue();
    assertThat(client.isAuthenticated()).as("an expired token is refreshed on use, not dropped").isTrue();
  }

  @Test
  void removedListenerHearsNothing() {
    List<AuthEvent> heard = new java.util.ArrayList<>();
    AuthListener listener = heard::add;
    client.addListener(listener);
    server.enqueue(message("Logged out successfully"));
    server.enqueue(newTokens("Login successful"));

    client.logout().execute();
    client.removeListener(listener);
    client.loginWithEmail("alice@example.com", PASSWORD).execute();

    assertThat(heard).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_OUT);
    assertThat(eventTypes()).containsExactly(AuthEvent.Type.SIGNED_OUT, AuthEvent.Type.SIGNED_IN);
  }

  @Test
  void aClientFromNewBuilderSharesTheSession() {
    server.enqueue(ok(sessionUserBody()));
    server.enqueue(message("Logged out successfully"));
    try (NestAuthClient second = client.newBuilder().userAgentSuffix("second/1.0").build()) {
      assertThat(second.isAuthenticated()).isTrue();
      second.getSessionUserData().execute();
      RecordedRequest me = take();
      assertThat(me.getHeaders().get("Authorization")).isEqualTo("Bearer " + ACCESS);
      assertThat(me.getHeaders().get("User-Agent")).endsWith(" second/1.0");

      second.logout().execute();

      assertThat(client.isAuthenticated()).as("the first client sees the shared session end").isFalse();
    }
  }

  /** The user is read from the bytes as sent, in the character set the server declares, for the model and raw() alike. */
  @ParameterizedTest
  @MethodSource("charsets")
  void theSessionUserIsReadInTheDeclaredCharset(java.nio.charset.Charset charset) {
    String body = "{\"id\":\"" + TestUser.USER_ID + "\",\"email\":\"zoe@example.com\",\"metadata\":{\"displayName\":\"Zoë Ångström\"},"
        + "\"nickname\":\"Zoë\"}";
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json; charset=" + charset.name())
        .body(new okio.Buffer().write(body.getBytes(charset))).build());

    SessionUser user = client.getSessionUserData().execute();

    assertThat(user.metadata()).containsEntry("displayName", "Zoë Ångström");
    assertThat(user.raw()).containsEntry("nickname", "Zoë");
  }

  static Stream<java.nio.charset.Charset> charsets() {
    return Stream.of(java.nio.charset.StandardCharsets.UTF_8, java.nio.charset.StandardCharsets.ISO_8859_1,
        java.nio.charset.StandardCharsets.UTF_16BE);
  }
}
