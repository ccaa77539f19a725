package io.nestauth.client.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.InviteRequest;
import io.nestauth.client.LoginRequest;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.RecoveryCodes;
import io.nestauth.client.RetryPolicy;
import io.nestauth.client.SignupRequest;
import io.nestauth.client.SocialTokenType;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.ChangePasswordRequestDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.MfaMethodDto;
import io.nestauth.generated.model.MfaVerifyRequestDto;
import io.nestauth.generated.model.PasswordResetTokenResponseDto;
import io.nestauth.generated.model.RecoveryCodeVerifyRequestDto;
import io.nestauth.generated.model.RecoveryCodesResponseDto;
import io.nestauth.generated.model.RefreshTokenRequestDto;
import io.nestauth.generated.model.ResetPasswordRequestDto;
import io.nestauth.generated.model.ResetTotpRequestDto;
import io.nestauth.generated.model.SignupRequestDto;
import io.nestauth.generated.model.TotpSetupResponseDto;
import io.nestauth.generated.model.TotpSetupVerifyRequestDto;
import io.nestauth.generated.model.UserDto;
import io.nestauth.generated.model.VerifyCodeRequestDto;
import io.nestauth.generated.model.VerifyForgotPasswordOtpRequestDto;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suite-wide secret hygiene: the one suite that keeps passwords, tokens and codes out of what the
 * SDK prints.
 *
 * <ul>
 *   <li><b>Flows</b> ({@link #noPasswordTokenOrCodeAppearsInLogsExceptionsOrToString()}): every flow
 *       that handles a password, a token or a one-time code runs with a distinctive value against
 *       MockWebServer (successes and failures, blocking and async), while java.util.logging captures
 *       logger {@code io.nestauth} at ALL levels. No captured log line, no exception message or
 *       stack-trace text (causes included), no {@code toString()} of any returned public type,
 *       listener event, token store, client or prepared call, and no {@code toString()} of the
 *       generated request/response models built from those values or read back from what the server
 *       received may contain any of the secrets (a JWT's signature alone counts).</li>
 *   <li><b>Every model type</b> ({@link #everyModelTypePrintsNoSecret()}): every public class of
 *       {@code io.nestauth.client} and {@code io.nestauth.client.exception} and every generated model
 *       of {@code io.nestauth.generated.model}, found by scanning the packages, is built by reflection
 *       with a distinct marker in every settable field ({@link MarkedInstances}: setters, builder
 *       methods, {@code putAdditionalProperty}, {@code credential(...)}, {@code field(...)},
 *       {@code metadata(...)}, factories and constructors). No {@code toString()} (nor that of a
 *       request's wire model, nor of a model read back from its own JSON) may show a marker, except
 *       those of the fields {@link MarkedInstances#PUBLIC_NAMES} names as public (ids, addresses,
 *       messages, configuration).</li>
 *   <li><b>The client</b> ({@link #theClientAndItsCallsPrintNoSecret()}): {@code NestAuthClient} and
 *       its builder with a base URL carrying user info and a signed-in store, its interceptor, and
 *       every {@code NestAuthCall} the client prepares, with marked arguments.</li>
 * </ul>
 */
class SecretHygieneTest {
  // distinctive values: each appears nowhere but where the flow puts it
  static final String EMAIL = "alice@example.com";
  static final String PASSWORD = "PwSecret-Alpha-7781!";
  static final String SIGNUP_PASSWORD = "PwSecret-Charlie-3310!";
  static final String NEW_PASSWORD = "PwSecret-Bravo-9924!";
  static final String RESET_NEW_PASSWORD = "PwSecret-Delta-4471!";
  static final String WRONG_PASSWORD = "PwSecret-Wrong-0042!";
  static final String MFA_OTP = "mfa-otp-483920";
  static final String WRONG_MFA_OTP = "mfa-otp-000111";
  static final String PASSWORDLESS_CODE = "pwless-code-771203";
  static final String EMAIL_CODE = "email-code-562810";
  static final String PHONE_CODE = "sms-code-118273";
  static final String RESET_OTP = "reset-otp-904417";
  static final String RECOVERY_CODE = "recovery-SECRET-aB3dE5fG7hJ9";
  static final String RECOVERY_CODE_2 = "recovery-SECRET-kL1mN3pQ5rS7";
  static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPSECRETTOTPQ";
  static final String TOTP_OTP = "totp-otp-265108";
  static final String TRUST_TOKEN = "trust-SECRET-Zq3x0mU1yQ7bD5hJ2kL9nP4rS6tV8w";
  static final String GOOGLE_ID_TOKEN = "google-id-token-SECRET-" + randomPart();
  static final String APPLE_ID_TOKEN = "apple-id-token-SECRET-" + randomPart();
  static final String RESET_TOKEN = TestJwts.passwordReset().build();
  static final String QR_CODE = "data:image/png;base64,iVBORw0KGgoQRSECRET" + randomPart();
  static final String OTP_AUTH_URL = "otpauth://totp/NestAuth:alice%40example.com?secret=" + TOTP_SECRET + "&issuer=NestAuth";

  private final Set<String> secrets = new LinkedHashSet<>();
  /** Every text that must be free of secrets, with where it came from. */
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final List<Object> results = new ArrayList<>();
  private final ObjectMapper wire = ApiClient.defaultObjectMapper();

  private MockWebServer server;
  private OkHttpClient http;
  private Logger julRoot;
  private Level previousLevel;
  private Handler capture;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    julRoot = Logger.getLogger("io.nestauth");
    previousLevel = julRoot.getLevel();
    julRoot.setLevel(Level.ALL);
    SimpleFormatter formatter = new SimpleFormatter();
    capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logLines.add(formatter.format(record));
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    capture.setLevel(Level.ALL);
    julRoot.addHandler(capture);
    server = new MockWebServer();
    server.start();
    http = new OkHttpClient();
    for (String secret : List.of(PASSWORD, SIGNUP_PASSWORD, NEW_PASSWORD, RESET_NEW_PASSWORD, WRONG_PASSWORD, MFA_OTP,
        WRONG_MFA_OTP, PASSWORDLESS_CODE, EMAIL_CODE, PHONE_CODE, RESET_OTP, RECOVERY_CODE, RECOVERY_CODE_2, TOTP_SECRET,
        TOTP_OTP, TRUST_TOKEN, GOOGLE_ID_TOKEN, APPLE_ID_TOKEN, RESET_TOKEN, QR_CODE, OTP_AUTH_URL)) {
      secret(secret);
    }
  }

  @AfterEach
  void tearDown() {
    julRoot.removeHandler(capture);
    julRoot.setLevel(previousLevel);
    ReliabilitySupport.shutdown(http);
    server.close();
  }

  /** Registers a secret; a JWT also registers its signature, so a partial leak is caught too. */
  private String secret(String value) {
    secrets.add(value);
    String[] parts = value.split("\\.");
    if (parts.length == 3 && parts[2].length() >= 20) {
      secrets.add(parts[2]);
    }
    return value;
  }

  private String[] tokenPair() {
    return new String[] {secret(TestJwts.verifiedAccess()), secret(TestJwts.refreshToken())};
  }

  private MockResponse tokens(String[] pair, String message) {
    return json(200, ServerAnswers.tokensBody(pair[0], pair[1], message));
  }

  private static MockResponse message(String text) {
    return json(200, ServerAnswers.messageBody(text));
  }

  /** Runs one step; keeps its result or the text of what it threw. */
  private void step(String name, Supplier<Object> action) {
    try {
      Object result = action.get();
      if (result != null) {
        results.add(result);
        texts.put(name + " → result.toString()", result.toString());
      }
    } catch (RuntimeException e) {
      Throwable thrown = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      texts.put(name + " → exception", thrown.getMessage() + "\n" + stackTrace(thrown));
    }
  }

  private static Object await(java.util.concurrent.CompletableFuture<?> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new java.util.concurrent.CompletionException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static String randomPart() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void noPasswordTokenOrCodeAppearsInLogsExceptionsOrToString() throws Exception {
    FileTokenStore store = new FileTokenStore(dir.resolve("session.json"));
    NestAuthClient client = NestAuthClient.builder().baseUrl(server.url("/api").toString()).httpClient(http)
        .tokenStore(store).retryPolicy(RetryPolicy.none()).listener(events::add).build();

    // signup
    server.enqueue(tokens(tokenPair(), "Signup successful"));
    step("signupWithEmail", () -> client.signupWithEmail(EMAIL, SIGNUP_PASSWORD).execute());
    // login that needs MFA, challenge, verify with trust
    String[] pending = {secret(TestJwts.pendingAccess()), secret(TestJwts.refreshToken())};
    server.enqueue(json(200, ServerAnswers.tokensBody(pending[0], pending[1], true, "Login successful",
        Map.of("mfaMethods", List.of("email", "totp"), "defaultMfaMethod", "email"))));
    step("loginWithEmail (MFA)", () -> client.loginWithEmail(EMAIL, PASSWORD).execute());
    server.enqueue(message("MFA code sent successfully"));
    step("sendMfaChallenge", () -> client.sendMfaChallenge(MfaMethod.EMAIL).execute());
    server.enqueue(error(401, "UnauthorizedException", "Invalid MFA code", "MFA_CODE_INVALID"));
    step("verifyMfa (wrong code)", () -> client.verifyMfa(WRONG_MFA_OTP, MfaMethod.EMAIL, true).execute());
    String[] verified = tokenPair();
    server.enqueue(json(200, ServerAnswers.tokensBody(verified[0], verified[1], false, "2FA verification successful",
        Map.of("trustToken", TRUST_TOKEN))));
    step("verifyMfa", () -> client.verifyMfa(MFA_OTP, MfaMethod.EMAIL, true).execute());
    // a second MFA login completed with a recovery code (async)
    server.enqueue(json(200, ServerAnswers.tokensBody(secret(TestJwts.pendingAccess()), secret(TestJwts.refreshToken()),
        true, "Login successful", Map.of("mfaMethods", List.of("email")))));
    step("async loginWithEmail (MFA)", () -> await(client.loginWithEmail(EMAIL, PASSWORD).executeAsync()));
    server.enqueue(tokens(tokenPair(), "Recovery code verification successful"));
    step("async verifyRecoveryCode", () -> await(client.verifyRecoveryCode(RECOVERY_CODE, false).executeAsync()));
    // passwordless
    server.enqueue(message("If an account exists, a login code has been sent"));
    step("sendPasswordlessCode", () -> client.sendPasswordlessCode(PasswordlessChannel.EMAIL, EMAIL).execute());
    server.enqueue(tokens(tokenPair(), "Login successful"));
    step("loginWithPasswordlessCode", () -> client.loginWithPasswordlessCode(EMAIL, PASSWORDLESS_CODE, PasswordlessChannel.EMAIL).execute());
    // social
    server.enqueue(tokens(tokenPair(), "Login successful"));
    step("signInWithGoogleIdToken", () -> client.signInWithGoogleIdToken(GOOGLE_ID_TOKEN).execute());
    server.enqueue(tokens(tokenPair(), "Login successful"));
    step("signInWithAppleCredential", () -> client.signInWithAppleCredential(APPLE_ID_TOKEN, "Alice", "Liddell", null).execute());
    server.enqueue(error(401, "UnauthorizedException", "Invalid provider", "INVALID_PROVIDER"));
    step("socialLogin (failing)", () -> client.socialLogin("github", GOOGLE_ID_TOKEN, SocialTokenType.ACCESS_TOKEN).execute());
    // explicit refresh, then a refresh triggered by a 401, then refresh failures
    server.enqueue(tokens(tokenPair(), "Token refreshed successfully"));
    step("refreshSession", () -> {
      client.refreshSession().execute();
      return null;
    });
    server.enqueue(MockResponses.invalidToken());
    server.enqueue(tokens(tokenPair(), "Token refreshed successfully"));
    server.enqueue(json(200, ServerAnswers.sessionUserBody()));
    step("getSessionUserData (refresh on 401)", () -> client.getSessionUserData().execute());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    step("refreshSession (connection lost)", () -> {
      client.refreshSession().execute();
      return null;
    });
    String[] unquoted = {secret(TestJwts.verifiedAccess()), secret(TestJwts.refreshToken())};
    server.enqueue(json(200, "{\"accessToken\":" + unquoted[0] + ",\"refreshToken\":\"" + unquoted[1] + "\"}"));
    step("refreshSession (malformed answer with tokens)", () -> {
      client.refreshSession().execute();
      return null;
    });
    server.enqueue(json(200, "{\"accessToken\":\"" + secret(TestJwts.verifiedAccess()) + "\",\"refreshToken\":\""
        + secret(TestJwts.refreshToken()) + "\",\"isRequiresMfa\":\"" + secret(TestJwts.verifiedAccess()) + "\"}"));
    step("refreshSession (wrong type around tokens)", () -> {
      client.refreshSession().execute();
      return null;
    });
    // TOTP set-up, recovery codes, TOTP reset, verification codes
    server.enqueue(json(200, "{\"secret\":\"" + TOTP_SECRET + "\",\"qrCode\":\"" + QR_CODE + "\",\"otpAuthUrl\":\""
        + OTP_AUTH_URL + "\",\"issuer\":\"NestAuth\",\"account\":\"" + EMAIL + "\"}"));
    step("setupTotp", () -> client.setupTotp("phone").execute());
    server.enqueue(message("Device setup successfully"));
    step("verifyTotpSetup", () -> client.verifyTotpSetup(TOTP_SECRET, TOTP_OTP).execute());
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      codes.add(secret("rc-SECRET-" + randomPart()));
    }
    server.enqueue(json(200, ServerAnswers.toJson(Map.of("codes", codes, "code", codes.get(0)))));
    step("generateRecoveryCodes", () -> {
      RecoveryCodes generated = client.generateRecoveryCodes().execute();
      assertThat(generated.codes()).isEqualTo(codes);
      return generated;
    });
    server.enqueue(message("MFA reset successfully"));
    step("resetTotp", () -> client.resetTotp(RECOVERY_CODE_2).execute());
    server.enqueue(message("Email verified successfully"));
    step("verifyEmail", () -> client.verifyEmail(EMAIL_CODE).execute());
    server.enqueue(error(400, "BadRequestException", "Invalid verification code", "VERIFICATION_CODE_INVALID"));
    step("verifyPhone (failing)", () -> client.verifyPhone(PHONE_CODE).execute());
    // change password: a wrong current password, then success (signs out), then forgot/verify/reset
    server.enqueue(error(400, "BadRequestException", "Current password is incorrect", "CURRENT_PASSWORD_INCORRECT"));
    step("changePassword (wrong current password)", () -> client.changePassword(WRONG_PASSWORD, NEW_PASSWORD).execute());
    server.enqueue(message("Password changed successfully"));
    step("changePassword", () -> client.changePassword(PASSWORD, NEW_PASSWORD).execute());
    server.enqueue(message("If your email is registered, you will receive a password reset link"));
    step("forgotPassword", () -> client.forgotPassword(EMAIL).execute());
    server.enqueue(json(200, "{\"message\":\"OTP verified successfully\",\"resetToken\":\"" + RESET_TOKEN + "\"}"));
    step("verifyForgotPasswordOtp (returns the reset token itself)", () -> {
      assertThat(client.verifyForgotPasswordOtp(EMAIL, RESET_OTP).execute()).isEqualTo(RESET_TOKEN);
      return null;
    });
    server.enqueue(message("Password has been reset successfully"));
    step("resetPassword", () -> client.resetPassword(RESET_TOKEN, RESET_NEW_PASSWORD).execute());
    // failing logins: wrong password (blocking and async), lockout
    server.enqueue(error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS"));
    step("loginWithEmail (wrong password)", () -> client.loginWithEmail(EMAIL, WRONG_PASSWORD).execute());
    server.enqueue(error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS"));
    step("async loginWithEmail (wrong password)", () -> await(client.loginWithEmail(EMAIL, WRONG_PASSWORD).executeAsync()));
    server.enqueue(MockResponses.jsonBuilder(429, ServerAnswers.errorBody(429, "HttpException",
        "Too many requests. Please try again later.", "RATE_LIMITED")).addHeader("Retry-After", "60").build());
    step("loginWithEmail (rate limited)", () -> client.loginWithEmail(EMAIL, WRONG_PASSWORD).execute());
    // bad arguments carrying secrets
    step("changePassword (same passwords)", () -> client.changePassword(NEW_PASSWORD, NEW_PASSWORD).execute());
    step("signupWithEmail (short password)", () -> client.signupWithEmail(EMAIL, "Pw-7").execute());
    step("verifyMfa (no session)", () -> client.verifyMfa(MFA_OTP, MfaMethod.EMAIL, false).execute());
    // a final session, then log out
    server.enqueue(tokens(tokenPair(), "Login successful"));
    step("loginWithEmail", () -> client.loginWithEmail(EMAIL, NEW_PASSWORD).execute());
    texts.put("store.load() while signed in", String.valueOf(store.load()));
    texts.put("accessTokenClaims()", String.valueOf(client.accessTokenClaims()));
    server.enqueue(message("Logged out successfully"));
    step("logout", () -> {
      client.logout().execute();
      return null;
    });

    // what the client, its stores and events show
    texts.put("client.toString()", client.toString());
    // prepared calls holding secrets as arguments (never executed)
    texts.put("loginWithEmail(…).toString()", client.loginWithEmail(EMAIL, PASSWORD).toString());
    texts.put("verifyMfa(…).toString()", client.verifyMfa(MFA_OTP, MfaMethod.EMAIL, true).toString());
    texts.put("resetPassword(…).toString()", client.resetPassword(RESET_TOKEN, RESET_NEW_PASSWORD).toString());
    texts.put("signInWithGoogleIdToken(…).toString()", client.signInWithGoogleIdToken(GOOGLE_ID_TOKEN).toString());
    texts.put("changePassword(…).toString()", client.changePassword(PASSWORD, NEW_PASSWORD).toString());
    texts.put("store.toString()", store.toString());
    texts.put("store.load() after logout", String.valueOf(store.load()));
    texts.put("events", events.toString());
    InMemoryTokenStore memory = new InMemoryTokenStore();
    memory.save(new io.nestauth.client.StoredTokens(verified[0], verified[1], false, TRUST_TOKEN));
    texts.put("InMemoryTokenStore / StoredTokens", memory + " " + memory.load());

    // the generated models, built from the same values and read back from what the server received
    models(codes);
    for (int i = 0, n = server.getRequestCount(); i < n; i++) {
      RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
      texts.put("request model " + recorded.getRequestLine(), requestModel(recorded));
    }
    texts.put("log", String.join("", logLines));

    // the flows really ran and failed where they should, and debug logging really was on, with the
    // credential headers (the bearer token, and the trust token on the logins after verifyMfa) redacted
    assertThat(results).hasSizeGreaterThan(15);
    assertThat(String.join("", logLines)).contains("--> POST /api/auth/login").contains("--> GET /api/auth/me")
        .contains("Authorization=██").contains("nest_auth_device_trust=██");
    assertThat(texts.keySet()).contains("verifyMfa (wrong code) → exception",
        "loginWithEmail (wrong password) → exception", "changePassword (wrong current password) → exception",
        "signupWithEmail (short password) → exception", "changePassword (same passwords) → exception");
    List<String> leaks = new ArrayList<>();
    texts.forEach((where, text) -> {
      for (String secret : secrets) {
        if (text != null && text.contains(secret)) {
          leaks.add(where + " shows " + secret.substring(0, Math.min(12, secret.length())) + "…");
        }
      }
    });
    assertThat(leaks).as("secrets shown").isEmpty();
    client.close();
  }

  private void models(List<String> codes) {
    // the SDK's own request types
    texts.put("SignupRequest", SignupRequest.builder().email(EMAIL).password(SIGNUP_PASSWORD).field("hint", "x").build()
        .toString());
    texts.put("LoginRequest", LoginRequest.builder().providerName("passwordless").credential("identifier", EMAIL)
        .credential("code", PASSWORDLESS_CODE).credential("password", PASSWORD).credential("token", GOOGLE_ID_TOKEN)
        .build().toString());
    texts.put("InviteRequest", InviteRequest.builder().email(EMAIL).metadata("note", "x").build().toString());
    texts.put("generated LoginRequestDto", new LoginRequestDto().providerName("email")
        .credentials(new LoginCredentialsDto().email(EMAIL).password(PASSWORD).code(PASSWORDLESS_CODE).token(GOOGLE_ID_TOKEN))
        .toString());
    texts.put("generated SignupRequestDto", new SignupRequestDto().email(EMAIL).password(SIGNUP_PASSWORD).toString());
    texts.put("generated ChangePasswordRequestDto", new ChangePasswordRequestDto().currentPassword(PASSWORD)
        .newPassword(NEW_PASSWORD).toString());
    texts.put("generated ResetPasswordRequestDto", new ResetPasswordRequestDto().token(RESET_TOKEN)
        .newPassword(RESET_NEW_PASSWORD).toString());
    texts.put("generated MfaVerifyRequestDto", new MfaVerifyRequestDto().otp(MFA_OTP).method(MfaMethodDto.EMAIL).toString());
    texts.put("generated RecoveryCodeVerifyRequestDto", new RecoveryCodeVerifyRequestDto().code(RECOVERY_CODE).toString());
    texts.put("generated VerifyCodeRequestDto", new VerifyCodeRequestDto().code(EMAIL_CODE).toString());
    texts.put("generated VerifyForgotPasswordOtpRequestDto", new VerifyForgotPasswordOtpRequestDto().email(EMAIL)
        .code(RESET_OTP).toString());
    String refresh = secret(TestJwts.refreshToken());
    texts.put("generated RefreshTokenRequestDto", new RefreshTokenRequestDto().refreshToken(refresh).toString());
    texts.put("generated TotpSetupVerifyRequestDto", new TotpSetupVerifyRequestDto().secret(TOTP_SECRET).otp(TOTP_OTP).toString());
    texts.put("generated ResetTotpRequestDto", new ResetTotpRequestDto().code(RECOVERY_CODE_2).toString());
    String access = secret(TestJwts.verifiedAccess());
    texts.put("generated AuthTokensResponseDto", new AuthTokensResponseDto().accessToken(access).refreshToken(refresh)
        .trustToken(TRUST_TOKEN).toString());
    texts.put("generated PasswordResetTokenResponseDto", new PasswordResetTokenResponseDto().resetToken(RESET_TOKEN).toString());
    texts.put("generated TotpSetupResponseDto", new TotpSetupResponseDto().secret(TOTP_SECRET).qrCode(QR_CODE)
        .otpAuthUrl(OTP_AUTH_URL).toString());
    texts.put("generated RecoveryCodesResponseDto", new RecoveryCodesResponseDto().codes(codes).code(codes.get(0)).toString());
    texts.put("generated UserDto", new UserDto().email(EMAIL).mfaRecoveryCode(RECOVERY_CODE).toString());
  }

  /** Reads what the server received back into the generated request model and shows its toString(). */
  private String requestModel(RecordedRequest recorded) {
    String body = recorded.getBody() == null ? "" : recorded.getBody().utf8();
    if (body.isEmpty()) {
      return "";
    }
    Map<String, Class<?>> types = Map.ofEntries(
        Map.entry("/api/auth/signup", SignupRequestDto.class),
        Map.entry("/api/auth/login", LoginRequestDto.class),
        Map.entry("/api/auth/refresh-token", RefreshTokenRequestDto.class),
        Map.entry("/api/auth/mfa/verify", MfaVerifyRequestDto.class),
        Map.entry("/api/auth/mfa/verify-recovery-code", RecoveryCodeVerifyRequestDto.class),
        Map.entry("/api/auth/mfa/verify-totp-setup", TotpSetupVerifyRequestDto.class),
        Map.entry("/api/auth/mfa/reset-totp", ResetTotpRequestDto.class),
        Map.entry("/api/auth/verify-email", VerifyCodeRequestDto.class),
        Map.entry("/api/auth/verify-phone", VerifyCodeRequestDto.class),
        Map.entry("/api/auth/change-password", ChangePasswordRequestDto.class),
        Map.entry("/api/auth/verify-forgot-password-otp", VerifyForgotPasswordOtpRequestDto.class),
        Map.entry("/api/auth/reset-password", ResetPasswordRequestDto.class));
    Class<?> type = types.get(recorded.getUrl().encodedPath());
    if (type == null) {
      return "";
    }
    try {
      return wire.readValue(body, type).toString();
    } catch (java.io.IOException e) {
      throw new AssertionError("the client sent a body its own model cannot read: " + recorded.getRequestLine(), e);
    }
  }

  // ------------------------------------------------------------------ every model type

  @Test
  void everyModelTypePrintsNoSecret() throws Exception {
    MarkedInstances marked = new MarkedInstances(dir);
    Map<String, String> shown = new LinkedHashMap<>();
    List<String> unbuildable = new ArrayList<>();

    List<Class<?>> models = MarkedInstances.publicClasses(LoginRequestDto.class, "io.nestauth.generated.model", true);
    models.removeIf(type -> !type.getSimpleName().endsWith("Dto"));
    for (Class<?> model : models) {
      try {
        if (model.isEnum()) {
          for (Object constant : model.getEnumConstants()) {
            shown.put(model.getSimpleName() + "." + constant, constant.toString());
          }
          continue;
        }
        Object instance = marked.dto(model);
        shown.put(model.getSimpleName(), instance.toString());
        // read back from its own JSON, as from the wire (additional properties through @JsonAnySetter)
        shown.put(model.getSimpleName() + " read from JSON", wire.readValue(wire.writeValueAsString(instance), model)
            .toString());
      } catch (RuntimeException | AssertionError | java.io.IOException e) {
        unbuildable.add(model.getName() + ": " + e);
      }
    }

    List<Class<?>> sdkTypes = new ArrayList<>(MarkedInstances.publicClasses(NestAuthClient.class, "io.nestauth.client",
        false));
    sdkTypes.addAll(MarkedInstances.publicClasses(NestAuthClient.class, "io.nestauth.client.exception", false));
    List<Class<?>> byTheClientTest = List.of(NestAuthClient.class, NestAuthClientBuilder.class);
    for (Class<?> type : sdkTypes) {
      if (byTheClientTest.contains(type)) {
        continue;
      }
      try {
        Object instance = marked.instance(type);
        shown.put(MarkedInstances.ownerName(type), String.valueOf(instance));
        if (instance instanceof Throwable) {
          shown.put(MarkedInstances.ownerName(type) + " getMessage()", ((Throwable) instance).getMessage());
        }
        if (instance instanceof io.nestauth.client.TokenStore) {
          shown.put(MarkedInstances.ownerName(type) + " load()",
              String.valueOf(((io.nestauth.client.TokenStore) instance).load()));
        }
        Method toWire = Arrays.stream(type.getDeclaredMethods())
            .filter(m -> m.getName().equals("toWire") && m.getParameterCount() == 0).findFirst().orElse(null);
        if (toWire != null) {
          shown.put(MarkedInstances.ownerName(type) + " toWire()", String.valueOf(MarkedInstances.invoke(toWire, instance)));
        }
      } catch (RuntimeException | AssertionError e) {
        unbuildable.add(type.getName() + ": " + e);
      }
    }

    assertThat(unbuildable).as("types MarkedInstances cannot fill yet (teach it)").isEmpty();
    // the scans found the packages: the generated models (enums included) and the SDK's types
    assertThat(models).hasSizeGreaterThanOrEqualTo(49);
    assertThat(sdkTypes).hasSizeGreaterThanOrEqualTo(45);
    assertThat(marked.secrets()).hasSizeGreaterThan(100);
    assertThat(marked.publicMarkerCount()).isPositive();
    List<String> leaks = new ArrayList<>();
    shown.forEach((where, text) -> marked.leaks(text).forEach(secret -> leaks.add(where + " shows " + secret)));
    assertThat(leaks).as("secrets shown by toString() of " + models.size() + " generated models and "
        + (sdkTypes.size() - byTheClientTest.size()) + " SDK types").isEmpty();
  }

  // ------------------------------------------------------------------ the client and its calls

  @Test
  void theClientAndItsCallsPrintNoSecret() throws Exception {
    MarkedInstances marked = new MarkedInstances(dir);
    Map<String, String> shown = new LinkedHashMap<>();
    String userInfoPassword = marked.marker("baseUrl", "userInfoPassword");
    String baseUrl = "http://" + marked.marker("baseUrl", "userInfoUser") + ":" + userInfoPassword + "@"
        + server.getHostName() + ":" + server.getPort() + "/api";
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.save(marked.storedTokens());
    NestAuthClientBuilder builder = NestAuthClient.builder().baseUrl(baseUrl).tokenStore(store).httpClient(http)
        .defaultTenantId(UUID.randomUUID().toString());
    shown.put("NestAuthClientBuilder", builder.toString());
    int calls = 0;
    try (NestAuthClient client = builder.build()) {
      shown.put("NestAuthClient", client.toString());
      shown.put("NestAuthClient.authInterceptor()", client.authInterceptor().toString());
      shown.put("NestAuthClient.newBuilder()", client.newBuilder().toString());
      for (Method operation : sortedMethods(NestAuthClient.class)) {
        if (!Modifier.isPublic(operation.getModifiers()) || Modifier.isStatic(operation.getModifiers())
            || !io.nestauth.client.NestAuthCall.class.isAssignableFrom(operation.getReturnType())) {
          continue;
        }
        Object call = MarkedInstances.invoke(operation, client,
            marked.arguments(operation, "NestAuthClient." + operation.getName(), 0));
        shown.put(operation.toGenericString(), call.toString());
        calls++;
      }
    }
    assertThat(server.getRequestCount()).as("nothing was executed").isZero();
    assertThat(calls).as("every operation of the client prepared a call").isGreaterThanOrEqualTo(49);
    assertThat(marked.secrets()).containsKey(userInfoPassword);
    List<String> leaks = new ArrayList<>();
    shown.forEach((where, text) -> marked.leaks(text).forEach(secret -> leaks.add(where + " shows " + secret)));
    assertThat(leaks).as("secrets shown by the client, its builder and " + calls + " prepared calls").isEmpty();
  }

  private static List<Method> sortedMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>(Arrays.asList(type.getMethods()));
    methods.sort(java.util.Comparator.comparing(Method::toGenericString));
    return methods;
  }
}
