package io.nestauth.client.reliability;

import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nestauth.client.Account;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.CsrfToken;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.Invitation;
import io.nestauth.client.InviteRequest;
import io.nestauth.client.MfaDevice;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.MfaStatus;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.RecoveryCodes;
import io.nestauth.client.RetryPolicy;
import io.nestauth.client.ServerConfig;
import io.nestauth.client.SessionStatus;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.Tenant;
import io.nestauth.client.TotpSetup;
import io.nestauth.client.User;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.UnexpectedResponseException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every response the client reads: arbitrary status, content type and body bytes are fed
 * through the real path (OkHttp call, the generated ApiClient's bounded read and ObjectMapper,
 * the client's error mapping and result mapping). Allowed outcomes: a result whose accessors and
 * toString() work, or a {@link NestAuthException}. Anything else (NPE, IllegalArgumentException,
 * ClassCastException, DateTimeException…) is a finding. A failure must also keep the session,
 * except a 401 from refresh-token (and logout, which always clears it).
 *
 * <p>Input layout (so seeds can be written by hand): byte 0 = operation, byte 1 = status,
 * byte 2 = content type, byte 3 = flags (bit 0: async, bit 1: Retry-After header), rest = body.
 * Seeds are in {@code ResponseParsingFuzzTestInputs/parseEveryResponse/}.
 */
class ResponseParsingFuzzTest {
  static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503, 299};
  static final String[] CONTENT_TYPES = {"application/json; charset=utf-8", "application/json", "text/html",
      null, "application/json; charset=utf-16", "application/json; charset=no-such-charset", "text/plain",
      "application/problem+json", "application/json; charset=ISO-8859-1", "garbage"};

  /** The operations, by the response type they read. */
  enum Operation {
    SIGNUP(true, c -> c.signupWithEmail("alice@example.com", TestUser.PASSWORD).execute(),
        c -> c.signupWithEmail("alice@example.com", TestUser.PASSWORD).executeAsync()),
    LOGIN(true, c -> c.loginWithEmail("alice@example.com", TestUser.PASSWORD).execute(),
        c -> c.loginWithEmail("alice@example.com", TestUser.PASSWORD).executeAsync()),
    REFRESH(true, c -> {
      c.refreshSession().execute();
      return "refreshed";
    }, c -> c.refreshSession().executeAsync().thenApply(ignored -> "refreshed")),
    SESSION_USER(false, c -> c.getSessionUserData().execute(), c -> c.getSessionUserData().executeAsync()),
    USER(false, c -> c.getUser().execute(), c -> c.getUser().executeAsync()),
    VERIFY_SESSION(false, c -> c.verifySession().execute(), c -> c.verifySession().executeAsync()),
    CLIENT_CONFIG(false, c -> c.getClientConfig().execute(), c -> c.getClientConfig().executeAsync()),
    CSRF(false, c -> c.getCsrfToken().execute(), c -> c.getCsrfToken().executeAsync()),
    ACCOUNTS(false, c -> c.listAccounts().execute(), c -> c.listAccounts().executeAsync()),
    TENANT(false, c -> c.lookupTenant("acme").execute(), c -> c.lookupTenant("acme").executeAsync()),
    CALLBACK_PAGE(false, c -> c.getSocialCallbackPage("google", "code", "state").execute(),
        c -> c.getSocialCallbackPage("google", "code", "state").executeAsync()),
    INVITE(false, c -> c.inviteUser(InviteRequest.builder().email("bob@example.com").build()).execute(),
        c -> c.inviteUser(InviteRequest.builder().email("bob@example.com").build()).executeAsync()),
    LOGOUT_ALL(false, c -> c.logoutAll().execute(), c -> c.logoutAll().executeAsync()),
    FORGOT_PASSWORD(false, c -> c.forgotPassword("alice@example.com").execute(), c -> c.forgotPassword("alice@example.com").executeAsync()),
    RESET_TOKEN(false, c -> c.verifyForgotPasswordOtp("alice@example.com", "123456").execute(),
        c -> c.verifyForgotPasswordOtp("alice@example.com", "123456").executeAsync()),
    MFA_STATUS(false, c -> c.getMfaStatus().execute(), c -> c.getMfaStatus().executeAsync()),
    TOTP_SETUP(false, c -> c.setupTotp("phone").execute(), c -> c.setupTotp("phone").executeAsync()),
    TOTP_DEVICES(false, c -> c.listTotpDevices().execute(), c -> c.listTotpDevices().executeAsync()),
    RECOVERY_CODES(false, c -> c.generateRecoveryCodes().execute(), c -> c.generateRecoveryCodes().executeAsync()),
    VERIFY_MFA(true, c -> c.verifyMfa("123456", MfaMethod.EMAIL, true).execute(), c -> c.verifyMfa("123456", MfaMethod.EMAIL, true).executeAsync()),
    RECOVERY_LOGIN(true, c -> c.verifyRecoveryCode("abcdefgh", false).execute(), c -> c.verifyRecoveryCode("abcdefgh", false).executeAsync()),
    SWITCH_TENANT(true, c -> c.switchTenant("54ea08be-33e7-41e6-8e40-9e660fef43af").execute(),
        c -> c.switchTenant("54ea08be-33e7-41e6-8e40-9e660fef43af").executeAsync()),
    PASSWORDLESS_SEND(false, c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, "alice@example.com").execute(),
        c -> c.sendPasswordlessCode(PasswordlessChannel.EMAIL, "alice@example.com").executeAsync()),
    CHANGE_PASSWORD(false, c -> c.changePassword(TestUser.PASSWORD, "N3w-Passw0rd!").execute(),
        c -> c.changePassword(TestUser.PASSWORD, "N3w-Passw0rd!").executeAsync()),
    LOGOUT(false, c -> {
      c.logout().execute();
      return "logged out";
    }, c -> c.logout().executeAsync().thenApply(ignored -> "logged out"));

    final boolean issuesTokens;
    final Function<NestAuthClient, Object> blocking;
    final Function<NestAuthClient, CompletableFuture<?>> async;

    Operation(boolean issuesTokens, Function<NestAuthClient, Object> blocking,
        Function<NestAuthClient, CompletableFuture<?>> async) {
      this.issuesTokens = issuesTokens;
      this.blocking = blocking;
      this.async = async;
    }
  }

  /** Answers every request with the current fuzz answer; no network. */
  static final class FakeServer implements Interceptor {
    volatile int status;
    volatile byte[] body;
    volatile MediaType contentType;
    volatile String retryAfter;

    @Override
    public Response intercept(Chain chain) {
      Response.Builder response = new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1)
          .code(status).message("fuzz").body(ResponseBody.create(body, contentType));
      if (retryAfter != null) {
        response.header("Retry-After", retryAfter);
      }
      return response.build();
    }
  }

  private static final FakeServer FAKE = new FakeServer();
  private static final InMemoryTokenStore STORE = new InMemoryTokenStore();
  private static final String ACCESS = TestJwts.verifiedAccess();
  private static final String REFRESH = TestJwts.refreshToken();
  private static final StoredTokens SEEDED = new StoredTokens(ACCESS, REFRESH, false, null);
  private static final byte[] LOGIN_ANSWER = ServerAnswers.tokensBody(ACCESS, REFRESH, "Login successful")
      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final NestAuthClient CLIENT;

  static {
    STORE.save(SEEDED);
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(FAKE).build();
    CLIENT = NestAuthClient.builder().baseUrl("https://api.example.com/api").httpClient(http).tokenStore(STORE)
        .retryPolicy(RetryPolicy.none()).build();
  }

  @FuzzTest(maxDuration = "15s")
  void parseEveryResponse(byte[] input) {
    if (input.length < 4) {
      return;
    }
    Operation operation = Operation.values()[(input[0] & 0xff) % Operation.values().length];
    int status = STATUSES[(input[1] & 0xff) % STATUSES.length];
    String contentType = CONTENT_TYPES[(input[2] & 0xff) % CONTENT_TYPES.length];
    boolean async = (input[3] & 1) != 0 && operation.async != null;
    restoreSession();
    FAKE.status = status;
    FAKE.contentType = contentType == null ? null : MediaType.parse(contentType);
    FAKE.retryAfter = (input[3] & 2) != 0 ? "7" : null;
    FAKE.body = Arrays.copyOfRange(input, 4, input.length);

    Object result;
    try {
      result = async ? await(operation.async.apply(CLIENT)) : operation.blocking.apply(CLIENT);
    } catch (NestAuthException documented) {
      checkFailure(operation, status, documented);
      return;
    }
    checkResult(operation, result);
  }

  private static Object await(CompletableFuture<?> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new AssertionError("undocumented failure", cause);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  private static void checkFailure(Operation operation, int status, NestAuthException failure) {
    // every accessor of the exception works
    assertThat(failure.getMessage()).isNotNull();
    failure.toString();
    failure.code();
    failure.serverMessage();
    failure.retryAfter();
    failure.isRateLimited();
    failure.isSessionExpired();
    if (status >= 200 && status < 300) {
      assertThat(failure).as("a 2xx the client cannot read").isInstanceOf(UnexpectedResponseException.class);
    } else {
      assertThat(failure.status()).isEqualTo(status);
    }
    boolean sessionMayEnd = operation == Operation.LOGOUT || (operation == Operation.REFRESH && status == 401);
    if (!sessionMayEnd) {
      assertThat(STORE.load()).as("a failed %s keeps the session", operation).contains(SEEDED);
    }
    if (operation == Operation.REFRESH && status == 401) {
      assertThat(failure).isInstanceOf(SessionExpiredException.class);
      assertThat(STORE.load()).isEmpty();
    }
  }

  private static void checkResult(Operation operation, Object result) {
    assertThat(result).as("%s returned a result", operation).isNotNull();
    assertThat(result.toString()).isNotNull();
    if (result instanceof AuthResponse) {
      AuthResponse auth = (AuthResponse) result;
      auth.isRequiresMfa();
      auth.mfaMethods();
      auth.defaultMfaMethod();
      auth.mustChangePassword();
      auth.claims().ifPresent(ReliabilitySupport::touch);
      auth.hasTrustToken();
    } else if (result instanceof SessionUser) {
      SessionUser user = (SessionUser) result;
      user.id();
      user.email();
      user.phone();
      user.emailVerifiedAt();
      user.isEmailVerified();
      user.isMfaEnabled();
      user.mustChangePassword();
      user.roles();
      user.permissions();
      user.hasPermission("users.invite");
      user.metadata();
      user.raw();
    } else if (result instanceof RecoveryCodes) {
      ((RecoveryCodes) result).codes();
    } else if (result instanceof User) {
      User user = (User) result;
      user.id();
      user.email();
      user.emailVerifiedAt();
      user.isEmailVerified();
      user.phone();
      user.isPhoneVerified();
      user.isActive();
      user.isMfaEnabled();
      user.metadata();
      user.createdAt();
      user.updatedAt();
    } else if (result instanceof SessionStatus) {
      SessionStatus status = (SessionStatus) result;
      status.isValid();
      status.userId();
      status.expiresAt();
    } else if (result instanceof ServerConfig) {
      ServerConfig config = (ServerConfig) result;
      config.tenantMode();
      config.socialProviders().forEach(config::socialClientId);
      config.mfaMethods();
      config.profileFields().forEach(field -> field.options().forEach(String::valueOf));
      config.additionalFields();
    } else if (result instanceof CsrfToken) {
      CsrfToken csrf = (CsrfToken) result;
      csrf.isEnabled();
      csrf.token();
      csrf.headerName();
    } else if (result instanceof Tenant) {
      Tenant tenant = (Tenant) result;
      tenant.id();
      tenant.slug();
      tenant.name();
    } else if (result instanceof Invitation) {
      Invitation invitation = (Invitation) result;
      invitation.userId();
      invitation.isNewUser();
      invitation.message();
    } else if (result instanceof MfaStatus) {
      MfaStatus status = (MfaStatus) result;
      status.verifiedMethods();
      status.configuredMethods();
      status.totpDevices().forEach(ResponseParsingFuzzTest::touch);
      status.canToggle();
    } else if (result instanceof TotpSetup) {
      TotpSetup setup = (TotpSetup) result;
      setup.secret();
      setup.qrCode();
      setup.otpAuthUrl();
    } else if (result instanceof List) {
      for (Object element : (List<?>) result) {
        if (element instanceof MfaDevice) {
          touch((MfaDevice) element);
        } else if (element instanceof Account) {
          Account account = (Account) element;
          account.id();
          account.email();
          account.tenantId();
          account.isActive();
        }
        String.valueOf(element);
      }
    } else if (result instanceof Map) {
      ((Map<?, ?>) result).forEach((k, v) -> String.valueOf(v));
    }
    if (operation.issuesTokens) {
      assertThat(CLIENT.accessToken()).as("%s succeeded, so a session is held", operation).isPresent();
    }
    // the client's own state readers never throw, whatever the server sent
    CLIENT.isAuthenticated();
    CLIENT.isMfaPending();
    CLIENT.accessTokenClaims().ifPresent(ReliabilitySupport::touch);
    CLIENT.accessTokenExpiresAt();
    CLIENT.isAccessTokenExpired();
    CLIENT.toString();
  }

  private static void touch(MfaDevice device) {
    device.id();
    device.name();
    device.method();
    device.lastUsedAt();
    device.createdAt();
    device.isVerified();
  }

  /** Puts the seeded session back (through a login answer) if the last input changed it. */
  private static void restoreSession() {
    if (SEEDED.equals(STORE.load().orElse(null)) && CLIENT.accessToken().filter(ACCESS::equals).isPresent()) {
      return;
    }
    CLIENT.forgetTrustedDevice();
    FAKE.status = 200;
    FAKE.contentType = MediaType.get("application/json");
    FAKE.retryAfter = null;
    FAKE.body = LOGIN_ANSWER;
    CLIENT.loginWithEmail("alice@example.com", TestUser.PASSWORD).execute();
    CLIENT.forgetTrustedDevice();
    assertThat(STORE.load()).as("harness: session restored").contains(SEEDED);
  }
}
