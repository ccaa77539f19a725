package io.nestauth.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.internal.Args;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.client.internal.HttpLogInterceptor;
import io.nestauth.client.internal.Log;
import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.api.ConfigApi;
import io.nestauth.generated.api.MfaApi;
import io.nestauth.generated.api.PasswordApi;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.api.TenantsApi;
import io.nestauth.generated.api.VerificationApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.AccountsResponseDto;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.ChangePasswordRequestDto;
import io.nestauth.generated.model.ClientConfigDto;
import io.nestauth.generated.model.CsrfResponseDto;
import io.nestauth.generated.model.ForgotPasswordRequestDto;
import io.nestauth.generated.model.InviteRequestDto;
import io.nestauth.generated.model.InviteResponseDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.MessageResponseDto;
import io.nestauth.generated.model.MfaChallengeRequestDto;
import io.nestauth.generated.model.MfaDeviceDto;
import io.nestauth.generated.model.MfaMethodDto;
import io.nestauth.generated.model.MfaStatusDto;
import io.nestauth.generated.model.MfaToggleRequestDto;
import io.nestauth.generated.model.MfaVerifyRequestDto;
import io.nestauth.generated.model.PasswordlessChannelDto;
import io.nestauth.generated.model.PasswordlessSendRequestDto;
import io.nestauth.generated.model.RecoveryCodeVerifyRequestDto;
import io.nestauth.generated.model.RefreshTokenRequestDto;
import io.nestauth.generated.model.ResetPasswordRequestDto;
import io.nestauth.generated.model.ResetTotpRequestDto;
import io.nestauth.generated.model.SendVerificationRequestDto;
import io.nestauth.generated.model.SignupRequestDto;
import io.nestauth.generated.model.SocialTokenTypeDto;
import io.nestauth.generated.model.SwitchTenantRequestDto;
import io.nestauth.generated.model.TenantDto;
import io.nestauth.generated.model.TotpSetupRequestDto;
import io.nestauth.generated.model.TotpSetupResponseDto;
import io.nestauth.generated.model.TotpSetupVerifyRequestDto;
import io.nestauth.generated.model.UserDto;
import io.nestauth.generated.model.VerifyCodeRequestDto;
import io.nestauth.generated.model.VerifyForgotPasswordOtpRequestDto;
import io.nestauth.generated.model.VerifySessionResponseDto;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The Nest Auth client: every end-user flow of a Nest Auth server, with the session's tokens kept
 * in a {@link TokenStore} and refreshed transparently.
 *
 * <pre>{@code
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .tokenStore(new FileTokenStore(Path.of("session.json")))
 *     .build();
 * AuthResponse login = auth.loginWithEmail("alice@example.com", password);
 * if (login.isRequiresMfa()) {
 *   auth.sendMfaChallenge(MfaMethodDto.EMAIL);
 *   auth.verifyMfa(codeFromUser, MfaMethodDto.EMAIL, true);
 * }
 * SessionUser me = auth.getSessionUserData();
 * }</pre>
 *
 * <p><b>Threads.</b> A client is immutable in its configuration and safe to share between threads;
 * create one per server and user session and reuse it. Concurrent calls that meet an expired
 * access token cause exactly one refresh. Every blocking method has a non-blocking twin in
 * {@link #async()}.
 *
 * <p><b>Errors.</b> Bad arguments throw {@link IllegalArgumentException} before anything is sent;
 * an operation that needs a session throws {@link NotSignedInException}, also before anything is
 * sent, when the client holds none. Failures of a call throw a {@link NestAuthException} subtype:
 * <ul>
 *   <li>{@link io.nestauth.client.exception.InvalidCredentialsException}: wrong password, unknown
 *       account, or a tenant the user is not a member of;</li>
 *   <li>{@link io.nestauth.client.exception.MfaRequiredException}: the session has to pass MFA
 *       before this operation;</li>
 *   <li>{@link io.nestauth.client.exception.SessionExpiredException}: the session is over and the
 *       client is signed out;</li>
 *   <li>{@link io.nestauth.client.exception.RateLimitedException}: HTTP 429, see
 *       {@link NestAuthException#retryAfter()};</li>
 *   <li>{@link io.nestauth.client.exception.ValidationException}: the server rejected a field (400);</li>
 *   <li>{@link io.nestauth.client.exception.NestAuthResponseException}: any other error status;</li>
 *   <li>{@link io.nestauth.client.exception.NestAuthNetworkException} (and its subtype
 *       {@link io.nestauth.client.exception.NestAuthTimeoutException}): no answer arrived;</li>
 *   <li>{@link UnexpectedResponseException}: a 2xx answer that does not match the contract.</li>
 * </ul>
 * A network failure or a 5xx never ends the session; only the server's rejection of the refresh
 * token does. Once the client is closed, operations that would contact the server throw
 * {@link IllegalStateException}.
 *
 * <p><b>Resources.</b> {@link #close()} releases the threads and connections of an OkHttpClient
 * the client created itself; a client given through {@link Builder#httpClient} stays yours.
 */
public final class NestAuthClient implements AutoCloseable {
  private static final Log LOG = Log.get(NestAuthClient.class);
  private static final String VERSION = readVersion();
  private static final TypeReference<Map<String, Object>> RAW_OBJECT = new TypeReference<>() { };

  private final Builder config;
  private final OkHttpClient baseHttpClient;
  private final boolean ownsHttpClient;
  private final ObjectMapper mapper;
  private final JavaType sessionUserType;
  private final JavaType rawObjectType;
  private final ErrorMapper errors;
  private final SessionManager session;
  private final AuthInterceptor authInterceptor;
  private final ApiClient apiClient;
  private final AuthenticationApi authApi;
  private final SessionApi sessionApi;
  private final PasswordApi passwordApi;
  private final VerificationApi verificationApi;
  private final MfaApi mfaApi;
  private final TenantsApi tenantsApi;
  private final ConfigApi configApi;
  private final NestAuthAsyncClient async;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NestAuthClient(Builder builder) {
    this.config = builder.copy();
    this.ownsHttpClient = builder.httpClient == null;
    this.baseHttpClient = ownsHttpClient ? new OkHttpClient() : builder.httpClient;
    this.mapper = ApiClient.defaultObjectMapper();
    this.sessionUserType = mapper.constructType(io.nestauth.generated.model.SessionUserDto.class);
    this.rawObjectType = mapper.getTypeFactory().constructType(RAW_OBJECT);
    this.errors = new ErrorMapper(mapper, builder.clock);
    this.session = builder.inheritedSession != null && builder.inheritedSession.store() == builder.tokenStore
        ? builder.inheritedSession
        : new SessionManager(builder.tokenStore, builder.clock, errors, builder.proactiveRefreshSkew);
    this.authInterceptor = new AuthInterceptor(session, errors);
    String userAgent = "nestauth-java/" + VERSION
        + (builder.userAgentSuffix != null ? " " + builder.userAgentSuffix : "");
    OkHttpClient sdkHttpClient = baseHttpClient.newBuilder()
        // OkHttp would otherwise silently re-send a request whose answer was lost on a reused
        // connection, POSTs included: a re-sent refresh replays the rotated refresh token (the
        // server then revokes the session) and a re-sent verification consumes its code twice.
        // Repeats of the SDK's own calls are the RetryPolicy's alone (idempotent GETs only).
        .retryOnConnectionFailure(false)
        .addInterceptor(new RetryInterceptor(builder.retryPolicy, builder.sleeper, builder.clock))
        .addInterceptor(authInterceptor)
        .addInterceptor(new HttpLogInterceptor())
        .build();
    this.apiClient = new ApiClient(sdkHttpClient, builder.baseUrl, mapper, builder.maxResponseBytes, userAgent);
    this.authApi = new AuthenticationApi(apiClient);
    this.sessionApi = new SessionApi(apiClient);
    this.passwordApi = new PasswordApi(apiClient);
    this.verificationApi = new VerificationApi(apiClient);
    this.mfaApi = new MfaApi(apiClient);
    this.tenantsApi = new TenantsApi(apiClient);
    this.configApi = new ConfigApi(apiClient);
    this.session.setRefreshCall(refreshToken -> authApi.refreshToken(new RefreshTokenRequestDto().refreshToken(refreshToken)));
    for (AuthListener listener : builder.listeners) {
      session.addListener(listener);
    }
    this.async = new NestAuthAsyncClient(this);
  }

  /**
   * Starts configuring a client; only {@link Builder#baseUrl(String)} is required.
   *
   * @return a new builder with the default settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder preset with this client's settings, for a second client that differs in a few
   * of them. A client built from it shares this client's OkHttpClient (connection pool and threads)
   * and, as long as the token store is the same, its session and the listeners registered on it.
   * Closing the new client does not shut the shared OkHttpClient down.
   *
   * @return a builder with this client's settings
   */
  public Builder newBuilder() {
    Builder builder = config.copy();
    builder.httpClient = baseHttpClient;
    builder.inheritedSession = session;
    builder.listeners.clear();
    return builder;
  }

  /**
   * The non-blocking view of this client: the same operations on the same session, each returning
   * a {@link CompletableFuture}.
   *
   * @return the asynchronous view (always the same instance for this client)
   */
  public NestAuthAsyncClient async() {
    return async;
  }

  // ---------------------------------------------------------------- sign up and log in

  /**
   * Creates an account with email and password and signs it in ({@code POST /auth/signup}), in the
   * {@linkplain Builder#defaultTenantId(String) default tenant} when one is configured.
   *
   * @param email the email address
   * @param password the password, at least 8 characters
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code email} is not an email address or the password is
   *     blank or shorter than 8 characters
   * @throws NestAuthException when the server refuses the signup (e.g. a
   *     {@link io.nestauth.client.exception.ValidationException}) or the call fails
   */
  public AuthResponse signupWithEmail(String email, String password) {
    return run(signupOp(new SignupRequestDto().email(Args.email(email, "email")).password(Args.password(password, "password"))));
  }

  /**
   * Like {@link #signupWithEmail(String, String)} with app-specific fields merged into the body
   * ({@code POST /auth/signup}).
   *
   * @param email the email address
   * @param password the password, at least 8 characters
   * @param extra fields your server's signup accepts beyond the standard ones (e.g. a display name)
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code email} is not an email address, the password is
   *     shorter than 8 characters, {@code extra} is null or one of its keys is blank
   * @throws NestAuthException when the server refuses the signup or the call fails
   */
  public AuthResponse signupWithEmail(String email, String password, Map<String, ?> extra) {
    return run(signupOp(withExtra(new SignupRequestDto().email(Args.email(email, "email"))
        .password(Args.password(password, "password")), extra)));
  }

  /**
   * Creates an account with phone number and password and signs it in ({@code POST /auth/signup}).
   *
   * @param phone the phone number, in the format your server expects
   * @param password the password, at least 8 characters
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code phone} is blank or the password is shorter than 8
   *     characters
   * @throws NestAuthException when the server refuses the signup or the call fails
   */
  public AuthResponse signupWithPhone(String phone, String password) {
    return run(signupOp(new SignupRequestDto().phone(Args.notBlank(phone, "phone")).password(Args.password(password, "password"))));
  }

  /**
   * Signs up with a request you compose ({@code POST /auth/signup}): email and/or phone, tenant,
   * guard, extra fields through {@link SignupRequestDto#putAdditionalProperty}. When the request names
   * no tenant, the configured default tenant is set on it.
   *
   * @param request the signup body; it needs an email or a phone and a password of at least 8
   *     characters
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code request} is null, has neither email nor phone, has
   *     a blank field or a password shorter than 8 characters
   * @throws NestAuthException when the server refuses the signup or the call fails
   */
  public AuthResponse signup(SignupRequestDto request) {
    return run(signupOp(request));
  }

  Op<AuthTokensResponseDto, AuthResponse> signupOp(SignupRequestDto request) {
    Args.notNull(request, "request");
    if (request.getEmail() == null && request.getPhone() == null) {
      throw new IllegalArgumentException("request needs an email or a phone");
    }
    Args.optional(request.getEmail(), "email");
    Args.optional(request.getPhone(), "phone");
    Args.password(request.getPassword(), "password");
    Args.optional(request.getTenantId(), "tenantId");
    if (request.getTenantId() == null && config.defaultTenantId != null) {
      request.tenantId(config.defaultTenantId);
    }
    return new Op<>(() -> authApi.signup(request), () -> authApi.signupAsync(request), this::signedIn);
  }

  private static SignupRequestDto withExtra(SignupRequestDto request, Map<String, ?> extra) {
    Args.notNull(extra, "extra");
    extra.forEach((key, value) -> request.putAdditionalProperty(Args.notBlank(key, "extra key"), value));
    return request;
  }

  /**
   * Logs in with email and password ({@code POST /auth/login}, {@code providerName: email}).
   * When the account uses MFA, the result {@linkplain AuthResponse#isRequiresMfa() requires MFA}
   * and the client holds an MFA-pending session until {@link #verifyMfa} (a trusted device skips
   * this step).
   *
   * @param email the email address
   * @param password the password
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code email} or {@code password} is blank
   * @throws io.nestauth.client.exception.InvalidCredentialsException when the email or password is wrong
   * @throws io.nestauth.client.exception.RateLimitedException when the server throttles logins or
   *     has locked the account
   * @throws NestAuthException when the call fails otherwise
   */
  public AuthResponse loginWithEmail(String email, String password) {
    return run(loginOp(passwordLogin("email", new LoginCredentialsDto().email(Args.notBlank(email, "email")), password, null)));
  }

  /**
   * Logs in with email and password into a tenant the user is a member of
   * ({@code POST /auth/login}).
   *
   * @param email the email address
   * @param password the password
   * @param tenantId the tenant's id (a UUID)
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when an argument is blank or {@code tenantId} is not a UUID
   * @throws io.nestauth.client.exception.InvalidCredentialsException when the credentials are wrong
   *     or the user is not a member of the tenant
   * @throws NestAuthException when the call fails otherwise
   */
  public AuthResponse loginWithEmail(String email, String password, String tenantId) {
    return run(loginOp(passwordLogin("email", new LoginCredentialsDto().email(Args.notBlank(email, "email")), password,
        Args.notBlank(tenantId, "tenantId"))));
  }

  /**
   * Logs in with phone number and password ({@code POST /auth/login}, {@code providerName: phone}).
   *
   * @param phone the phone number
   * @param password the password
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code phone} or {@code password} is blank
   * @throws io.nestauth.client.exception.InvalidCredentialsException when the phone or password is wrong
   * @throws NestAuthException when the call fails otherwise
   */
  public AuthResponse loginWithPhone(String phone, String password) {
    return run(loginOp(passwordLogin("phone", new LoginCredentialsDto().phone(Args.notBlank(phone, "phone")), password, null)));
  }

  /**
   * Logs in with any provider, built in or custom ({@code POST /auth/login}).
   *
   * @param providerName e.g. {@code email}, {@code phone}, {@code passwordless}, {@code google}, or a custom name
   * @param credentials the provider's fields (custom ones through {@link LoginCredentialsDto#putAdditionalProperty})
   * @param tenantId the tenant (a UUID), or null for the default tenant
   * @param createUserIfNotExists lets providers that support it create the user
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code providerName} is blank, {@code credentials} is null
   *     or {@code tenantId} is not a UUID
   * @throws NestAuthException when the server rejects the credentials (for a wrong password an
   *     {@link io.nestauth.client.exception.InvalidCredentialsException}) or the call fails
   */
  public AuthResponse login(String providerName, LoginCredentialsDto credentials, String tenantId,
      boolean createUserIfNotExists) {
    LoginRequestDto request = new LoginRequestDto().providerName(Args.notBlank(providerName, "providerName"))
        .credentials(Args.notNull(credentials, "credentials"))
        .tenantId(Args.optionalUuid(tenantId, "tenantId"));
    if (createUserIfNotExists) {
      request.createUserIfNotExists(true);
    }
    return run(loginOp(request));
  }

  /**
   * Logs in with a request you compose ({@code POST /auth/login}). When the request names no tenant,
   * the configured default tenant is set on it.
   *
   * @param request the login body, with a provider name and credentials
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code request} is null, its provider name is blank or it
   *     has no credentials
   * @throws NestAuthException when the server rejects the credentials (for a wrong password an
   *     {@link io.nestauth.client.exception.InvalidCredentialsException}) or the call fails
   */
  public AuthResponse login(LoginRequestDto request) {
    return run(loginOp(request));
  }

  LoginRequestDto passwordLogin(String provider, LoginCredentialsDto credentials, String password, String tenantId) {
    credentials.password(Args.notBlank(password, "password"));
    return new LoginRequestDto().providerName(provider).credentials(credentials)
        .tenantId(Args.optionalUuid(tenantId, "tenantId"));
  }

  Op<AuthTokensResponseDto, AuthResponse> loginOp(LoginRequestDto request) {
    Args.notNull(request, "request");
    Args.notBlank(request.getProviderName(), "providerName");
    Args.notNull(request.getCredentials(), "credentials");
    if (request.getTenantId() == null && config.defaultTenantId != null) {
      request.tenantId(Args.optionalUuid(config.defaultTenantId, "defaultTenantId"));
    }
    // a trusted device skips MFA: the server reads this header on login
    String trust = session.trustToken();
    return new Op<>(() -> authApi.login(request, trust), () -> authApi.loginAsync(request, trust), this::signedIn);
  }

  /**
   * Sends a one-time login code ({@code POST /auth/passwordless/send}). The server answers the
   * same for unknown identifiers (and may create the user when sign-up is allowed). Log in with
   * the code through {@link #loginWithPasswordlessCode}.
   *
   * @param channel how the code travels (email or SMS)
   * @param identifier the email address or phone number
   * @return the server's confirmation message
   * @throws IllegalArgumentException when {@code channel} is null or not a known channel, or
   *     {@code identifier} is blank
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto sendPasswordlessCode(PasswordlessChannelDto channel, String identifier) {
    return run(sendPasswordlessCodeOp(channel, identifier));
  }

  Op<MessageResponseDto, MessageResponseDto> sendPasswordlessCodeOp(PasswordlessChannelDto channel, String identifier) {
    PasswordlessSendRequestDto request = new PasswordlessSendRequestDto().channel(knownChannel(channel))
        .identifier(Args.notBlank(identifier, "identifier")).tenantId(defaultTenantUuid());
    return Op.of(() -> authApi.sendPasswordlessCode(request), () -> authApi.sendPasswordlessCodeAsync(request));
  }

  /**
   * Logs in with a code from {@link #sendPasswordlessCode} ({@code POST /auth/login},
   * {@code providerName: passwordless}).
   *
   * @param identifier the email address or phone number the code was sent to
   * @param code the one-time code
   * @param channels the channels to accept the code from; at least one
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code identifier} or {@code code} is blank, or
   *     {@code channels} is empty or holds an unknown channel
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public AuthResponse loginWithPasswordlessCode(String identifier, String code, PasswordlessChannelDto... channels) {
    return run(loginOp(passwordlessLogin(identifier, code, channels)));
  }

  LoginRequestDto passwordlessLogin(String identifier, String code, PasswordlessChannelDto... channels) {
    Args.notNull(channels, "channels");
    if (channels.length == 0) {
      throw new IllegalArgumentException("channels must name at least one channel");
    }
    LoginCredentialsDto credentials = new LoginCredentialsDto().identifier(Args.notBlank(identifier, "identifier"))
        .code(Args.notBlank(code, "code"));
    for (PasswordlessChannelDto channel : channels) {
      credentials.addChannelsItem(knownChannel(channel));
    }
    return new LoginRequestDto().providerName("passwordless").credentials(credentials);
  }

  /**
   * Signs in with a token from a social provider the server has configured ({@code POST /auth/login}).
   *
   * @param provider e.g. {@code google}, {@code apple}, {@code facebook}, {@code github}
   * @param token the provider's ID token, access token or authorization code
   * @param tokenType which kind of token (Google), or null
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code provider} or {@code token} is blank
   * @throws NestAuthException when the server rejects the token or the call fails
   */
  public AuthResponse socialLogin(String provider, String token, SocialTokenTypeDto tokenType) {
    return run(loginOp(socialLoginRequest(provider, token, tokenType)));
  }

  LoginRequestDto socialLoginRequest(String provider, String token, SocialTokenTypeDto tokenType) {
    LoginCredentialsDto credentials = new LoginCredentialsDto().token(Args.notBlank(token, "token"));
    if (tokenType != null) {
      credentials.type(tokenType);
    }
    return new LoginRequestDto().providerName(Args.notBlank(provider, "provider")).credentials(credentials);
  }

  /**
   * Signs in with a Google ID token from Google Sign-In on the device ({@code POST /auth/login},
   * {@code providerName: google}).
   *
   * @param idToken the ID token issued by Google
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code idToken} is blank
   * @throws NestAuthException when the server rejects the token or the call fails
   */
  public AuthResponse signInWithGoogleIdToken(String idToken) {
    return socialLogin("google", idToken, SocialTokenTypeDto.ID_TOKEN);
  }

  /**
   * Signs in with Sign in with Apple ({@code POST /auth/login}, {@code providerName: apple}). Apple
   * reveals the user's name only on the first sign-in: pass it then, and null afterwards.
   *
   * @param identityToken the identity token from Apple
   * @param givenName the first name from Apple's first-login credential, or null
   * @param familyName the last name from Apple's first-login credential, or null
   * @param nonce the raw nonce used for the request, or null
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code identityToken} is blank, or another argument is
   *     given but blank
   * @throws NestAuthException when the server rejects the token or the call fails
   */
  public AuthResponse signInWithAppleCredential(String identityToken, String givenName, String familyName,
      String nonce) {
    return run(loginOp(appleLoginRequest(identityToken, givenName, familyName, nonce)));
  }

  LoginRequestDto appleLoginRequest(String identityToken, String givenName, String familyName, String nonce) {
    LoginRequestDto request = socialLoginRequest("apple", identityToken, null);
    LoginCredentialsDto credentials = request.getCredentials();
    if (nonce != null) {
      credentials.nonce(Args.notBlank(nonce, "nonce"));
    }
    if (givenName != null) {
      credentials.firstName(Args.notBlank(givenName, "givenName"));
    }
    if (familyName != null) {
      credentials.lastName(Args.notBlank(familyName, "familyName"));
    }
    if (givenName != null || familyName != null) {
      credentials.name(String.join(" ", Arrays.stream(new String[] {givenName, familyName})
          .filter(part -> part != null).toArray(String[]::new)));
    }
    return request;
  }

  // ---------------------------------------------------------------- the session

  /**
   * Reads the signed-in user from the server's database ({@code GET /auth/me}); works while MFA is
   * pending too.
   *
   * @return the signed-in user
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.SessionExpiredException when the session is over
   * @throws UnexpectedResponseException when the answer is not a user object
   * @throws NestAuthException when the call fails otherwise
   */
  public SessionUser getSessionUserData() {
    return run(sessionUserOp());
  }

  Op<ApiClient.RawBody, SessionUser> sessionUserOp() {
    requireSession();
    return new Op<>(
        () -> apiClient.execute(SessionApi.GET_SESSION_USER, Map.of(), List.of(), Map.of(), null, ApiClient.RawBody.class),
        () -> apiClient.<ApiClient.RawBody>executeAsync(SessionApi.GET_SESSION_USER, Map.of(), List.of(), Map.of(), null,
            ApiClient.RawBody.class),
        body -> {
          try {
            // one parse into the typed model; the bytes are kept so that raw() parses them only when asked for
            io.nestauth.generated.model.SessionUserDto wire = body.readAs(mapper, sessionUserType);
            if (wire == null) {
              throw new IllegalArgumentException("null body");
            }
            return new SessionUser(wire, () -> readRawObject(body));
          } catch (IllegalArgumentException | java.io.IOException wrongShape) {
            // the body is not echoed (Jackson's message quotes values)
            throw new UnexpectedResponseException("GET /auth/me answered HTTP 200 with a body that is not the expected "
                + "SessionUser", null, 200, null, null, "GET", "/auth/me", null);
          }
        });
  }

  /** Every field of a body already read once into a model (so it is a JSON object). */
  private Map<String, Object> readRawObject(ApiClient.RawBody body) {
    try {
      return body.readAs(mapper, rawObjectType);
    } catch (java.io.IOException e) {
      throw new UnexpectedResponseException("GET /auth/me answered with a body that is not a JSON object", null, 200,
          null, null, "GET", "/auth/me", null);
    }
  }

  /**
   * Reads the user's stored record ({@code GET /auth/user}); needs a session that has passed MFA.
   *
   * @return the user's record
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the call fails otherwise
   */
  public UserDto getUser() {
    return run(getUserOp());
  }

  Op<UserDto, UserDto> getUserOp() {
    requireSession();
    return Op.of(sessionApi::getUser, sessionApi::getUserAsync);
  }

  /**
   * Asks the server whether it still accepts the session ({@code GET /auth/verify-session}).
   *
   * @return the server's answer: valid or not, the user, and the expiry
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public VerifySessionResponseDto verifySession() {
    return run(verifySessionOp());
  }

  Op<VerifySessionResponseDto, VerifySessionResponseDto> verifySessionOp() {
    requireSession();
    return Op.of(sessionApi::verifySession, sessionApi::verifySessionAsync);
  }

  /**
   * Reads the server's public configuration ({@code GET /auth/client-config}); needs no session.
   *
   * @return the enabled providers, MFA methods, registration and tenancy settings
   * @throws NestAuthException when the call fails
   */
  public ClientConfigDto getClientConfig() {
    return run(clientConfigOp());
  }

  Op<ClientConfigDto, ClientConfigDto> clientConfigOp() {
    return Op.of(configApi::getClientConfig, configApi::getClientConfigAsync);
  }

  /**
   * Reads the CSRF state ({@code GET /auth/csrf}); in header token mode CSRF is disabled.
   *
   * @return the server's CSRF answer
   * @throws NestAuthException when the call fails
   */
  public CsrfResponseDto getCsrfToken() {
    return run(csrfTokenOp());
  }

  Op<CsrfResponseDto, CsrfResponseDto> csrfTokenOp() {
    return Op.of(configApi::getCsrfToken, configApi::getCsrfTokenAsync);
  }

  /**
   * Lists the accounts known to this browser session ({@code GET /auth/accounts}); meaningful in
   * cookie multi-account mode only.
   *
   * @return the accounts the server reports
   * @throws NestAuthException when the call fails
   */
  public AccountsResponseDto listAccounts() {
    return run(listAccountsOp());
  }

  Op<AccountsResponseDto, AccountsResponseDto> listAccountsOp() {
    return Op.of(sessionApi::listAccounts, sessionApi::listAccountsAsync);
  }

  /**
   * Finds a tenant by its slug ({@code GET /auth/tenants/lookup}); needs no session.
   *
   * @param slug the tenant's slug, e.g. {@code acme}
   * @return the tenant
   * @throws IllegalArgumentException when {@code slug} is blank
   * @throws NestAuthException when no tenant has this slug (HTTP 404) or the call fails
   */
  public TenantDto lookupTenant(String slug) {
    return run(lookupTenantOp(slug));
  }

  Op<TenantDto, TenantDto> lookupTenantOp(String slug) {
    String checked = Args.notBlank(slug, "slug");
    return Op.of(() -> tenantsApi.lookupTenant(checked), () -> tenantsApi.lookupTenantAsync(checked));
  }

  /**
   * Fetches the HTML page the server shows at the end of a browser OAuth flow
   * ({@code GET /auth/callback/{provider}}); reachable for completeness, of use only to browser-based
   * flows.
   *
   * @param provider the social provider, e.g. {@code google}
   * @param code the authorization code from the provider, or null
   * @param state the OAuth state, or null
   * @return the page's HTML
   * @throws IllegalArgumentException when {@code provider} is blank, or {@code code} or
   *     {@code state} is given but blank
   * @throws NestAuthException when the call fails
   */
  public String getSocialCallbackPage(String provider, String code, String state) {
    return run(socialCallbackPageOp(provider, code, state));
  }

  Op<String, String> socialCallbackPageOp(String provider, String code, String state) {
    String checked = Args.notBlank(provider, "provider");
    Args.optional(code, "code");
    Args.optional(state, "state");
    return Op.of(() -> authApi.getSocialCallbackPage(checked, code, state, null, null),
        () -> authApi.getSocialCallbackPageAsync(checked, code, state, null, null));
  }

  /**
   * Invites a user by email or phone ({@code POST /auth/invite}); needs permission
   * {@code users.invite} and a session that has passed MFA.
   *
   * @param request the invitation, with an email or a phone
   * @return the server's answer
   * @throws IllegalArgumentException when {@code request} is null or has neither email nor phone
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the server refuses (e.g. without the permission) or the call
   *     fails
   */
  public InviteResponseDto inviteUser(InviteRequestDto request) {
    return run(inviteUserOp(request));
  }

  Op<InviteResponseDto, InviteResponseDto> inviteUserOp(InviteRequestDto request) {
    Args.notNull(request, "request");
    if (request.getEmail() == null && request.getPhone() == null) {
      throw new IllegalArgumentException("request needs an email or a phone");
    }
    requireSession();
    return Op.of(() -> authApi.inviteUser(request), () -> authApi.inviteUserAsync(request));
  }

  /** @return true when the client holds a session that has passed MFA (or needed none) */
  public boolean isAuthenticated() {
    StoredTokens tokens = session.session();
    return tokens != null && !tokens.mfaPending();
  }

  /** @return true when a login is waiting for MFA: call {@link #sendMfaChallenge} and {@link #verifyMfa} */
  public boolean isMfaPending() {
    StoredTokens tokens = session.session();
    return tokens != null && tokens.mfaPending();
  }

  /** @return the current access token, for calls of your own (prefer {@link #authInterceptor()}) */
  public Optional<String> accessToken() {
    StoredTokens tokens = session.session();
    return tokens == null ? Optional.empty() : Optional.of(tokens.accessToken());
  }

  /** @return the claims of the current access token */
  public Optional<TokenClaims> accessTokenClaims() {
    StoredTokens tokens = session.session();
    return tokens == null ? Optional.empty() : tokens.claims();
  }

  /** @return when the current access token expires (its {@code exp} claim) */
  public Optional<Instant> accessTokenExpiresAt() {
    return accessTokenClaims().flatMap(TokenClaims::expiresAt);
  }

  /** @return true when the access token is expired by the client's clock (it is refreshed on use) */
  public boolean isAccessTokenExpired() {
    StoredTokens tokens = session.session();
    return tokens != null && session.expiresWithin(tokens, Duration.ZERO);
  }

  /** @return true when this device holds a device-trust token (MFA is skipped on its logins) */
  public boolean isDeviceTrusted() {
    return session.trustToken() != null;
  }

  /** Drops the device-trust token; the next login asks for MFA again. */
  public void forgetTrustedDevice() {
    session.forgetDevice();
  }

  /**
   * Refreshes the tokens now ({@code POST /auth/refresh-token}); normally not needed, since
   * calls refresh on demand.
   *
   * @throws NotSignedInException when there is no session
   * @throws io.nestauth.client.exception.SessionExpiredException when the server rejected the
   *     refresh token (the client is then signed out)
   * @throws NestAuthException when the refresh failed for another reason (network, 5xx, 429, an
   *     answer without tokens); the session is kept
   */
  public void refreshSession() {
    requireSession();
    if (session.refreshExplicitly() == null) {
      throw new io.nestauth.client.exception.SessionExpiredException("the server rejected the refresh token; signed out",
          null, 401, null, null, "POST", "/auth/refresh-token", null);
    }
  }

  /**
   * Registers a listener for session changes (sign-in, refresh, sign-out, MFA required).
   *
   * @param listener the listener to call
   * @throws IllegalArgumentException when {@code listener} is null
   */
  public void addListener(AuthListener listener) {
    session.addListener(Args.notNull(listener, "listener"));
  }

  /**
   * Unregisters a listener; nothing happens when it was not registered.
   *
   * @param listener the listener to remove
   */
  public void removeListener(AuthListener listener) {
    session.removeListener(listener);
  }

  /**
   * An OkHttp interceptor for your own API calls: it adds {@code Authorization: Bearer <access token>}
   * while a session exists and, on a 401, refreshes once (shared with all other calls) and retries
   * once. Requests that already carry an {@code Authorization} header are left alone. When the
   * refresh fails for a transient reason, the call fails with a
   * {@link io.nestauth.client.exception.TokenRefreshFailedException} (an {@link IOException}) and the
   * session is kept.
   *
   * <pre>{@code
   * OkHttpClient api = new OkHttpClient.Builder()
   *     .addInterceptor(auth.authInterceptor())
   *     .build();
   * Request request = new Request.Builder().url("https://api.example.com/api/orders").build();
   * try (Response response = api.newCall(request).execute()) {
   *   // ...
   * }
   * }</pre>
   *
   * @return the interceptor, bound to this client's session
   */
  public Interceptor authInterceptor() {
    return authInterceptor;
  }

  // ---------------------------------------------------------------- log out

  /**
   * Ends the session: asks the server to revoke it (best effort: failures are ignored) and always
   * clears the local tokens. The device-trust token stays.
   */
  public void logout() {
    if (session.session() != null) {
      try {
        run(Op.of(authApi::logout, authApi::logoutAsync));
      } catch (NestAuthException e) {
        LOG.debug(() -> "server-side logout failed, clearing locally: " + e.getMessage());
      }
    }
    session.signOut(AuthEvent.SignOutReason.LOGOUT);
  }

  CompletableFuture<Void> logoutAsync() {
    if (session.session() == null) {
      session.signOut(AuthEvent.SignOutReason.LOGOUT);
      return CompletableFuture.completedFuture(null);
    }
    return runAsync(Op.of(authApi::logout, authApi::logoutAsync)).handle((ok, error) -> {
      session.signOut(AuthEvent.SignOutReason.LOGOUT);
      return null;
    });
  }

  /**
   * Revokes every session of the user on every device ({@code POST /auth/logout-all}), then clears
   * the local tokens. When the call fails, the local session is kept.
   *
   * @return the server's confirmation message
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto logoutAll() {
    return run(logoutAllOp());
  }

  Op<MessageResponseDto, MessageResponseDto> logoutAllOp() {
    requireSession();
    return new Op<>(authApi::logoutAll, authApi::logoutAllAsync,
        signOutAfter(AuthEvent.SignOutReason.LOGOUT_ALL));
  }

  // ---------------------------------------------------------------- password

  /**
   * Starts a password reset ({@code POST /auth/forgot-password}): the server sends a one-time code
   * by email (identifier with '@') or SMS. It answers the same whether or not the account exists.
   *
   * @param emailOrPhone the account's email address or phone number
   * @return the server's message
   * @throws IllegalArgumentException when {@code emailOrPhone} is blank
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto forgotPassword(String emailOrPhone) {
    return run(forgotPasswordOp(emailOrPhone));
  }

  Op<MessageResponseDto, MessageResponseDto> forgotPasswordOp(String emailOrPhone) {
    String identifier = Args.notBlank(emailOrPhone, "emailOrPhone");
    ForgotPasswordRequestDto request = new ForgotPasswordRequestDto().tenantId(defaultTenantUuid());
    if (isEmail(identifier)) {
      request.email(identifier);
    } else {
      request.phone(identifier);
    }
    return Op.of(() -> passwordApi.forgotPassword(request), () -> passwordApi.forgotPasswordAsync(request));
  }

  /**
   * Checks the reset code ({@code POST /auth/verify-forgot-password-otp}) and returns the reset token
   * for {@link #resetPassword}.
   *
   * @param emailOrPhone the email address or phone number given to {@link #forgotPassword}
   * @param code the code the user received
   * @return the reset token (a secret: do not log it)
   * @throws IllegalArgumentException when an argument is blank
   * @throws UnexpectedResponseException when the server answers without a reset token
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public String verifyForgotPasswordOtp(String emailOrPhone, String code) {
    return run(verifyForgotPasswordOtpOp(emailOrPhone, code));
  }

  Op<?, String> verifyForgotPasswordOtpOp(String emailOrPhone, String code) {
    String identifier = Args.notBlank(emailOrPhone, "emailOrPhone");
    VerifyForgotPasswordOtpRequestDto request = new VerifyForgotPasswordOtpRequestDto().code(Args.notBlank(code, "code"))
        .tenantId(defaultTenantUuid());
    if (isEmail(identifier)) {
      request.email(identifier);
    } else {
      request.phone(identifier);
    }
    return new Op<>(() -> passwordApi.verifyForgotPasswordOtp(request),
        () -> passwordApi.verifyForgotPasswordOtpAsync(request), answer -> {
          if (answer.getResetToken() == null || Args.isBlank(answer.getResetToken())) {
            throw new UnexpectedResponseException("POST /auth/verify-forgot-password-otp answered HTTP 200 without a "
                + "resetToken", null, 200, null, null, "POST", "/auth/verify-forgot-password-otp", null);
          }
          return answer.getResetToken();
        });
  }

  /**
   * Sets a new password with a reset token ({@code POST /auth/reset-password}). The server revokes
   * every session of that user: when this client holds one of them it is signed out.
   *
   * @param resetToken the token from {@link #verifyForgotPasswordOtp}
   * @param newPassword the new password, at least 8 characters
   * @return the server's message
   * @throws IllegalArgumentException when {@code resetToken} is blank or the new password is shorter
   *     than 8 characters
   * @throws NestAuthException when the server rejects the token or the call fails
   */
  public MessageResponseDto resetPassword(String resetToken, String newPassword) {
    return run(resetPasswordOp(resetToken, newPassword));
  }

  Op<MessageResponseDto, MessageResponseDto> resetPasswordOp(String resetToken, String newPassword) {
    ResetPasswordRequestDto request = new ResetPasswordRequestDto().token(Args.notBlank(resetToken, "resetToken"))
        .newPassword(Args.password(newPassword, "newPassword"));
    Optional<String> resetUser = TokenClaims.parse(resetToken).flatMap(TokenClaims::userId);
    return new Op<>(() -> passwordApi.resetPassword(request), () -> passwordApi.resetPasswordAsync(request), answer -> {
      Optional<String> sessionUser = accessTokenClaims().flatMap(TokenClaims::userId);
      if (session.session() != null && (!resetUser.isPresent() || !sessionUser.isPresent() || resetUser.equals(sessionUser))) {
        session.signOut(AuthEvent.SignOutReason.PASSWORD_RESET);
      }
      return answer;
    });
  }

  /**
   * Changes the password ({@code POST /auth/change-password}). The server revokes every session,
   * this one included: the client is signed out afterwards; log in with the new password.
   *
   * @param currentPassword the current password
   * @param newPassword the new password, at least 8 characters and different from the current one
   * @return the server's message
   * @throws IllegalArgumentException when a password is shorter than 8 characters or both are equal
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server refuses the change or the call fails; the session is
   *     then kept
   */
  public MessageResponseDto changePassword(String currentPassword, String newPassword) {
    return run(changePasswordOp(currentPassword, newPassword));
  }

  Op<MessageResponseDto, MessageResponseDto> changePasswordOp(String currentPassword, String newPassword) {
    Args.password(currentPassword, "currentPassword");
    Args.password(newPassword, "newPassword");
    if (currentPassword.equals(newPassword)) {
      throw new IllegalArgumentException("newPassword must differ from currentPassword");
    }
    requireSession();
    ChangePasswordRequestDto request = new ChangePasswordRequestDto().currentPassword(currentPassword).newPassword(newPassword);
    return new Op<>(() -> passwordApi.changePassword(request), () -> passwordApi.changePasswordAsync(request),
        signOutAfter(AuthEvent.SignOutReason.PASSWORD_CHANGED));
  }

  // ---------------------------------------------------------------- verification

  /**
   * Sends a code to the user's email address to verify it ({@code POST /auth/send-email-verification}).
   *
   * @return the server's message
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto sendEmailVerification() {
    return run(sendVerificationOp(true));
  }

  /**
   * Sends a code to the user's phone by SMS to verify it ({@code POST /auth/send-phone-verification}).
   *
   * @return the server's message
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto sendPhoneVerification() {
    return run(sendVerificationOp(false));
  }

  Op<MessageResponseDto, MessageResponseDto> sendVerificationOp(boolean email) {
    requireSession();
    SendVerificationRequestDto request = new SendVerificationRequestDto().tenantId(defaultTenantUuid());
    return email
        ? Op.of(() -> verificationApi.sendEmailVerification(request), () -> verificationApi.sendEmailVerificationAsync(request))
        : Op.of(() -> verificationApi.sendPhoneVerification(request), () -> verificationApi.sendPhoneVerificationAsync(request));
  }

  /**
   * Verifies the email address with the code sent by {@link #sendEmailVerification()}
   * ({@code POST /auth/verify-email}).
   *
   * @param code the code the user received
   * @return the server's message
   * @throws IllegalArgumentException when {@code code} is blank
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public MessageResponseDto verifyEmail(String code) {
    return run(verifyCodeOp(true, code));
  }

  /**
   * Verifies the phone number with the code sent by {@link #sendPhoneVerification()}
   * ({@code POST /auth/verify-phone}).
   *
   * @param code the code the user received
   * @return the server's message
   * @throws IllegalArgumentException when {@code code} is blank
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public MessageResponseDto verifyPhone(String code) {
    return run(verifyCodeOp(false, code));
  }

  Op<MessageResponseDto, MessageResponseDto> verifyCodeOp(boolean email, String code) {
    VerifyCodeRequestDto request = new VerifyCodeRequestDto().code(Args.notBlank(code, "code"));
    requireSession();
    return email
        ? Op.of(() -> verificationApi.verifyEmail(request), () -> verificationApi.verifyEmailAsync(request))
        : Op.of(() -> verificationApi.verifyPhone(request), () -> verificationApi.verifyPhoneAsync(request));
  }

  // ---------------------------------------------------------------- MFA

  /**
   * Sends an MFA code by email or SMS to the session waiting for MFA ({@code POST /auth/mfa/challenge});
   * TOTP needs no challenge.
   *
   * @param method the channel for the code
   * @return the server's message
   * @throws IllegalArgumentException when {@code method} is null or not a known method
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto sendMfaChallenge(MfaMethodDto method) {
    return run(sendMfaChallengeOp(method));
  }

  Op<MessageResponseDto, MessageResponseDto> sendMfaChallengeOp(MfaMethodDto method) {
    MfaChallengeRequestDto request = new MfaChallengeRequestDto().method(knownMethod(method));
    requireSession();
    return Op.of(() -> mfaApi.sendMfaChallenge(request), () -> mfaApi.sendMfaChallengeAsync(request));
  }

  /**
   * Completes MFA with a code ({@code POST /auth/mfa/verify}); the upgraded tokens replace the
   * pending ones.
   *
   * @param otp the code from email, SMS or the authenticator app
   * @param method how the code was obtained
   * @param trustDevice true to have this device skip MFA on later logins (the device-trust token is stored)
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code otp} is blank or {@code method} is null or unknown
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public AuthResponse verifyMfa(String otp, MfaMethodDto method, boolean trustDevice) {
    return run(verifyMfaOp(otp, method, trustDevice));
  }

  Op<AuthTokensResponseDto, AuthResponse> verifyMfaOp(String otp, MfaMethodDto method, boolean trustDevice) {
    MfaVerifyRequestDto request = new MfaVerifyRequestDto().otp(Args.notBlank(otp, "otp")).method(knownMethod(method))
        .trustDevice(trustDevice);
    requireSession();
    return new Op<>(() -> mfaApi.verifyMfa(request), () -> mfaApi.verifyMfaAsync(request), this::signedIn);
  }

  /**
   * Completes MFA with a recovery code instead ({@code POST /auth/mfa/verify-recovery-code}); each
   * code works once.
   *
   * @param recoveryCode one of the codes from {@link #generateRecoveryCodes()}
   * @param trustDevice true to have this device skip MFA on later logins
   * @return the outcome; the session's tokens are already stored
   * @throws IllegalArgumentException when {@code recoveryCode} is blank
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public AuthResponse verifyRecoveryCode(String recoveryCode, boolean trustDevice) {
    return run(verifyRecoveryCodeOp(recoveryCode, trustDevice));
  }

  Op<AuthTokensResponseDto, AuthResponse> verifyRecoveryCodeOp(String recoveryCode, boolean trustDevice) {
    RecoveryCodeVerifyRequestDto request = new RecoveryCodeVerifyRequestDto().code(Args.notBlank(recoveryCode, "recoveryCode"))
        .trustDevice(trustDevice);
    requireSession();
    return new Op<>(() -> mfaApi.verifyRecoveryCode(request), () -> mfaApi.verifyRecoveryCodeAsync(request),
        this::signedIn);
  }

  /**
   * Reads the user's MFA settings and devices ({@code GET /auth/mfa/status}).
   *
   * @return the MFA status
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public MfaStatusDto getMfaStatus() {
    return run(getMfaStatusOp());
  }

  Op<MfaStatusDto, MfaStatusDto> getMfaStatusOp() {
    requireSession();
    return Op.of(mfaApi::getMfaStatus, mfaApi::getMfaStatusAsync);
  }

  /**
   * Turns MFA on or off for the user ({@code POST /auth/mfa/toggle}); tokens issued before keep their
   * old claims until the next login.
   *
   * @param enabled true to turn MFA on, false to turn it off
   * @return the server's message
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the server refuses the change or the call fails
   */
  public MessageResponseDto toggleMfa(boolean enabled) {
    return run(toggleMfaOp(enabled));
  }

  Op<MessageResponseDto, MessageResponseDto> toggleMfaOp(boolean enabled) {
    requireSession();
    MfaToggleRequestDto request = new MfaToggleRequestDto().enabled(enabled);
    return Op.of(() -> mfaApi.toggleMfa(request), () -> mfaApi.toggleMfaAsync(request));
  }

  /**
   * Starts adding an authenticator app ({@code POST /auth/mfa/setup-totp}): returns the secret, the
   * {@code otpauth://} URL and a QR code data URL to show. Confirm with {@link #verifyTotpSetup}.
   *
   * @param deviceName a name for the device, or null
   * @return the setup data; the secret in it must not be logged
   * @throws IllegalArgumentException when {@code deviceName} is given but blank
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the call fails
   */
  public TotpSetupResponseDto setupTotp(String deviceName) {
    return run(setupTotpOp(deviceName));
  }

  Op<TotpSetupResponseDto, TotpSetupResponseDto> setupTotpOp(String deviceName) {
    TotpSetupRequestDto request = new TotpSetupRequestDto().deviceName(Args.optional(deviceName, "deviceName"));
    requireSession();
    return Op.of(() -> mfaApi.setupTotp(request), () -> mfaApi.setupTotpAsync(request));
  }

  /**
   * Confirms an authenticator app with its current code ({@code POST /auth/mfa/verify-totp-setup}).
   *
   * @param secret the secret from {@link #setupTotp}
   * @param otp the code the app shows now
   * @return the server's message
   * @throws IllegalArgumentException when {@code secret} or {@code otp} is blank
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public MessageResponseDto verifyTotpSetup(String secret, String otp) {
    return run(verifyTotpSetupOp(secret, otp));
  }

  Op<MessageResponseDto, MessageResponseDto> verifyTotpSetupOp(String secret, String otp) {
    TotpSetupVerifyRequestDto request = new TotpSetupVerifyRequestDto().secret(Args.notBlank(secret, "secret"))
        .otp(Args.notBlank(otp, "otp"));
    requireSession();
    return Op.of(() -> mfaApi.verifyTotpSetup(request), () -> mfaApi.verifyTotpSetupAsync(request));
  }

  /**
   * Lists the user's authenticator devices ({@code GET /auth/mfa/devices}).
   *
   * @return the devices, unconfirmed ones included
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the call fails
   */
  public List<MfaDeviceDto> listTotpDevices() {
    return run(listTotpDevicesOp());
  }

  Op<List<MfaDeviceDto>, List<MfaDeviceDto>> listTotpDevicesOp() {
    requireSession();
    return Op.of(mfaApi::listMfaDevices, mfaApi::listMfaDevicesAsync);
  }

  /**
   * Removes an authenticator device ({@code DELETE /auth/mfa/devices/{deviceId}}).
   *
   * @param deviceId the device's id (a UUID), from {@link #listTotpDevices()}
   * @return the server's message
   * @throws IllegalArgumentException when {@code deviceId} is not a UUID
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws NestAuthException when the call fails
   */
  public MessageResponseDto removeTotpDevice(String deviceId) {
    return run(removeTotpDeviceOp(deviceId));
  }

  Op<MessageResponseDto, MessageResponseDto> removeTotpDeviceOp(String deviceId) {
    UUID id = Args.uuid(deviceId, "deviceId");
    requireSession();
    return Op.of(() -> mfaApi.removeMfaDevice(id), () -> mfaApi.removeMfaDeviceAsync(id));
  }

  /**
   * Generates fresh recovery codes ({@code POST /auth/mfa/generate-recovery-code}), replacing unused
   * earlier ones.
   *
   * @return the new codes; show them to the user once
   * @throws NotSignedInException when the client holds no session
   * @throws io.nestauth.client.exception.MfaRequiredException when the session still waits for MFA
   * @throws UnexpectedResponseException when the answer holds a null code
   * @throws NestAuthException when the call fails otherwise
   */
  public RecoveryCodes generateRecoveryCodes() {
    return run(generateRecoveryCodesOp());
  }

  Op<?, RecoveryCodes> generateRecoveryCodesOp() {
    requireSession();
    return new Op<>(mfaApi::generateRecoveryCodes, mfaApi::generateRecoveryCodesAsync,
        answer -> {
          List<String> codes = answer.getCodes() != null ? answer.getCodes() : List.of();
          if (codes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new UnexpectedResponseException("POST /auth/mfa/generate-recovery-code answered HTTP 200 with a "
                + "null code", null, 200, null, null, "POST", "/auth/mfa/generate-recovery-code", null);
          }
          return new RecoveryCodes(codes);
        });
  }

  /**
   * Removes every authenticator device, using up a recovery code ({@code POST /auth/mfa/reset-totp});
   * for a lost phone.
   *
   * @param recoveryCode one of the user's recovery codes
   * @return the server's message
   * @throws IllegalArgumentException when {@code recoveryCode} is blank
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server rejects the code or the call fails
   */
  public MessageResponseDto resetTotp(String recoveryCode) {
    return run(resetTotpOp(recoveryCode));
  }

  Op<MessageResponseDto, MessageResponseDto> resetTotpOp(String recoveryCode) {
    ResetTotpRequestDto request = new ResetTotpRequestDto().code(Args.notBlank(recoveryCode, "recoveryCode"));
    requireSession();
    return Op.of(() -> mfaApi.resetTotp(request), () -> mfaApi.resetTotpAsync(request));
  }

  // ---------------------------------------------------------------- tenancy

  /**
   * Re-scopes the session to another tenant the user is a member of ({@code POST /auth/switch-tenant});
   * the new tokens are stored and listeners get {@link AuthEvent.Type#TOKEN_REFRESHED}.
   *
   * @param tenantId the tenant's id (a UUID)
   * @return the outcome, with the claims of the new access token
   * @throws IllegalArgumentException when {@code tenantId} is not a UUID
   * @throws NotSignedInException when the client holds no session
   * @throws NestAuthException when the server refuses the switch or the call fails
   */
  public AuthResponse switchTenant(String tenantId) {
    return run(switchTenantOp(tenantId));
  }

  Op<AuthTokensResponseDto, AuthResponse> switchTenantOp(String tenantId) {
    SwitchTenantRequestDto request = new SwitchTenantRequestDto().tenantId(Args.uuid(tenantId, "tenantId"));
    requireSession();
    return new Op<>(() -> tenantsApi.switchTenant(request), () -> tenantsApi.switchTenantAsync(request), answer -> {
      return new AuthResponse(answer, session.accept(answer, AuthEvent.Type.TOKEN_REFRESHED));
    });
  }

  // ---------------------------------------------------------------- plumbing

  /** Releases the OkHttpClient's threads and connections if this client created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsHttpClient) {
      baseHttpClient.dispatcher().executorService().shutdown();
      baseHttpClient.connectionPool().evictAll();
    }
  }

  <W, R> R run(Op<W, R> op) {
    ensureOpen();
    W answer;
    try {
      answer = op.blocking.call();
    } catch (ApiException e) {
      throw errors.map(e);
    }
    return op.after.apply(requireBody(answer));
  }

  <W, R> CompletableFuture<R> runAsync(Op<W, R> op) {
    ensureOpen();
    CompletableFuture<R> result = new CompletableFuture<>();
    CompletableFuture<W> call = op.async.get();
    call.whenComplete((answer, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        result.completeExceptionally(cause instanceof ApiException ? errors.map((ApiException) cause) : cause);
        return;
      }
      try {
        result.complete(op.after.apply(requireBody(answer)));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        call.cancel(true);
      }
    });
    return result;
  }

  /** A 2xx whose body is JSON {@code null} (or absent) where the contract promises an object. */
  private static <W> W requireBody(W answer) {
    if (answer == null) {
      throw new UnexpectedResponseException("the server answered HTTP 2xx with no response object (empty body or "
          + "JSON null)", null, 200, null, null, null, null, null);
    }
    return answer;
  }

  private AuthResponse signedIn(AuthTokensResponseDto answer) {
    return new AuthResponse(answer, session.accept(answer, AuthEvent.Type.SIGNED_IN));
  }

  private <W> Function<W, W> signOutAfter(AuthEvent.SignOutReason reason) {
    return answer -> {
      session.signOut(reason);
      return answer;
    };
  }

  private void requireSession() {
    ensureOpen();
    if (session.session() == null) {
      throw new NotSignedInException("not signed in: this operation needs a session", null, 0, null, null, null,
          null, null);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this NestAuthClient is closed");
    }
  }

  private UUID defaultTenantUuid() {
    return Args.optionalUuid(config.defaultTenantId, "defaultTenantId");
  }

  private static boolean isEmail(String identifier) {
    return identifier.indexOf('@') > 0;
  }

  private static MfaMethodDto knownMethod(MfaMethodDto method) {
    Args.notNull(method, "method");
    if (method == MfaMethodDto.UNKNOWN_DEFAULT_OPEN_API) {
      throw new IllegalArgumentException("method must be a known MFA method");
    }
    return method;
  }

  private static PasswordlessChannelDto knownChannel(PasswordlessChannelDto channel) {
    Args.notNull(channel, "channel");
    if (channel == PasswordlessChannelDto.UNKNOWN_DEFAULT_OPEN_API) {
      throw new IllegalArgumentException("channel must be a known channel");
    }
    return channel;
  }

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = NestAuthClient.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // the version only decorates the UserDto-Agent
    }
    String version = properties.getProperty("version", "dev");
    // an unfiltered resource still holds the Maven placeholder
    return Args.isBlank(version) || version.contains("${") ? "dev" : version;
  }

  @Override
  public String toString() {
    return "NestAuthClient{baseUrl=" + config.baseUrl + ", session="
        + (isAuthenticated() ? "signed-in" : isMfaPending() ? "mfa-pending" : "none") + "}";
  }

  /**
   * Configures a {@link NestAuthClient}. Not thread-safe; {@link #build()} copies what it needs.
   *
   * <pre>{@code
   * NestAuthClient auth = NestAuthClient.builder()
   *     .baseUrl("https://api.example.com/api")
   *     .tokenStore(new FileTokenStore(Path.of("session.json")))
   *     .defaultTenantId("0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11")
   *     .userAgentSuffix("my-app/1.4")
   *     .proactiveRefreshSkew(Duration.ofSeconds(30))
   *     .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(250), Duration.ofSeconds(5)))
   *     .listener(event -> ui.onSessionChange(event.type()))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private String baseUrl;
    private TokenStore tokenStore = new InMemoryTokenStore();
    private String defaultTenantId;
    private OkHttpClient httpClient;
    private String userAgentSuffix;
    private Clock clock = Clock.systemUTC();
    private boolean allowInsecureHttp;
    private Duration proactiveRefreshSkew;
    private long maxResponseBytes = ApiClient.DEFAULT_MAX_RESPONSE_BYTES;
    private final java.util.List<AuthListener> listeners = new java.util.ArrayList<>();
    private SessionManager inheritedSession;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryInterceptor.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

    private Builder() {
    }

    /**
     * Sets when idempotent reads are repeated after a connection failure, 503 or 429; default
     * {@link RetryPolicy#defaults()}, {@link RetryPolicy#none()} turns it off.
     *
     * @param policy the retry policy
     * @return this builder
     * @throws IllegalArgumentException when {@code policy} is null
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Args.notNull(policy, "policy");
      return this;
    }

    /** For tests: how retries wait. */
    Builder sleeper(RetryInterceptor.Sleeper sleeper) {
      this.sleeper = Args.notNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the server's URL including the app's global prefix, e.g. {@code https://api.example.com/api}.
     * Required. Plain {@code http://} is accepted only for loopback hosts unless
     * {@link #allowInsecureHttp}; {@link #build()} checks the URL.
     *
     * @param baseUrl the base URL
     * @return this builder
     * @throws IllegalArgumentException when {@code baseUrl} is blank
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Args.notBlank(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets where tokens are kept; default a new {@link InMemoryTokenStore}. A session found in the
     * store is restored when the client is built.
     *
     * @param tokenStore the store
     * @return this builder
     * @throws IllegalArgumentException when {@code tokenStore} is null
     */
    public Builder tokenStore(TokenStore tokenStore) {
      this.tokenStore = Args.notNull(tokenStore, "tokenStore");
      return this;
    }

    /**
     * Sets the tenant used by signup, login, passwordless and password reset when a call names none.
     *
     * @param tenantId the tenant's id (a UUID), or null for none
     * @return this builder
     * @throws IllegalArgumentException when {@code tenantId} is not a UUID
     */
    public Builder defaultTenantId(String tenantId) {
      this.defaultTenantId = tenantId == null ? null : Args.uuid(tenantId, "tenantId").toString();
      return this;
    }

    /**
     * Sets an OkHttpClient whose pool, dispatcher, proxy, TLS and timeouts the client shares. The
     * client adds its own interceptors to a derived copy; {@link NestAuthClient#close()} leaves this
     * one running.
     *
     * @param httpClient the OkHttpClient to build on
     * @return this builder
     * @throws IllegalArgumentException when {@code httpClient} is null
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Args.notNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Appends a product token to the UserDto-Agent, e.g. {@code my-app/1.4}.
     *
     * @param suffix printable ASCII
     * @return this builder
     * @throws IllegalArgumentException when {@code suffix} is blank or not printable ASCII
     */
    public Builder userAgentSuffix(String suffix) {
      String checked = Args.notBlank(suffix, "suffix");
      if (checked.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("suffix must be printable ASCII");
      }
      this.userAgentSuffix = checked;
      return this;
    }

    /**
     * Sets the clock for token expiry and {@code Retry-After} dates; default the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Args.notNull(clock, "clock");
      return this;
    }

    /**
     * Allows plain {@code http://} to hosts other than loopback (credentials then travel unencrypted);
     * off by default.
     *
     * @param allow true to allow plain HTTP to any host
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Refreshes before a call when the access token expires within this window, saving the 401
     * round trip; null (the default) refreshes only when the server rejects the token.
     *
     * @param skew the window, or null
     * @return this builder
     * @throws IllegalArgumentException when {@code skew} is negative
     */
    public Builder proactiveRefreshSkew(Duration skew) {
      if (skew != null && skew.isNegative()) {
        throw new IllegalArgumentException("skew must not be negative");
      }
      this.proactiveRefreshSkew = skew;
      return this;
    }

    /**
     * Sets the largest response body read; default 1 MiB. A larger answer fails with an
     * {@link UnexpectedResponseException}.
     *
     * @param maxBytes the limit in bytes, at least 1024
     * @return this builder
     * @throws IllegalArgumentException when {@code maxBytes} is below 1024
     */
    public Builder maxResponseBytes(long maxBytes) {
      if (maxBytes < 1024) {
        throw new IllegalArgumentException("maxBytes must be at least 1024");
      }
      this.maxResponseBytes = maxBytes;
      return this;
    }

    /**
     * Registers a listener from the start, before the client makes any call.
     *
     * @param listener the listener to add
     * @return this builder
     * @throws IllegalArgumentException when {@code listener} is null
     */
    public Builder listener(AuthListener listener) {
      listeners.add(Args.notNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the client, restoring any session held by the token store.
     *
     * @return a new client
     * @throws IllegalArgumentException when no base URL is set, it is not an http(s) URL, or it uses
     *     plain http to a non-loopback host without {@link #allowInsecureHttp}
     */
    public NestAuthClient build() {
      if (baseUrl == null) {
        throw new IllegalArgumentException("baseUrl must be set");
      }
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL");
      }
      if (!url.isHttps() && !allowInsecureHttp && !isLoopback(url.host())) {
        throw new IllegalArgumentException("baseUrl uses plain http to a non-loopback host; use https or allowInsecureHttp(true)");
      }
      return new NestAuthClient(this);
    }

    private static boolean isLoopback(String host) {
      if ("localhost".equalsIgnoreCase(host)) {
        return true;
      }
      boolean literal = host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
      if (!literal) {
        return false;
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (IOException e) {
        return false;
      }
    }

    Builder copy() {
      Builder copy = new Builder();
      copy.baseUrl = baseUrl;
      copy.tokenStore = tokenStore;
      copy.defaultTenantId = defaultTenantId;
      copy.httpClient = httpClient;
      copy.userAgentSuffix = userAgentSuffix;
      copy.clock = clock;
      copy.allowInsecureHttp = allowInsecureHttp;
      copy.proactiveRefreshSkew = proactiveRefreshSkew;
      copy.maxResponseBytes = maxResponseBytes;
      copy.listeners.addAll(listeners);
      copy.inheritedSession = inheritedSession;
      copy.retryPolicy = retryPolicy;
      copy.sleeper = sleeper;
      return copy;
    }
  }
}
