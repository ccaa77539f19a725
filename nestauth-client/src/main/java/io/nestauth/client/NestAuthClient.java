package io.nestauth.client;

import io.nestauth.client.internal.Args;
import okhttp3.Interceptor;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Nest Auth client: every end-user flow of a Nest Auth server, with the session's tokens kept
 * in a {@link TokenStore} and refreshed transparently. Each operation returns a {@link NestAuthCall}
 * ({@code execute()} blocks, {@code executeAsync()} does not); a bad argument throws
 * {@link IllegalArgumentException} before anything is sent, a failed call a
 * {@link io.nestauth.client.exception.NestAuthException} (see the README's error catalogue).
 *
 * <pre>{@code
 * NestAuthClient auth = NestAuthClient.builder().baseUrl("https://api.example.com/api").build();
 * AuthResponse login = auth.loginWithEmail("alice@example.com", password).execute();
 * SessionUser me = auth.getSessionUserData().execute();
 * }</pre>
 *
 * <p>Thread-safe: share one client per server and user session. Concurrent calls that meet an
 * expired token cause one refresh; a network failure or a 5xx never ends the session.
 * {@link #close()} releases an OkHttpClient the client made once every client derived from it is
 * closed; one given to {@link NestAuthClientBuilder#httpClient} stays yours.
 */
public final class NestAuthClient implements AutoCloseable {
  private final ClientCore core;
  private final SignInOperations signIn;
  private final SessionOperations sessions;
  private final AccountOperations account;
  private final ServerChecker serverChecker;

  NestAuthClient(ClientSettings settings, ClientCore parent) {
    this.core = new ClientCore(settings, parent);
    this.signIn = new SignInOperations(core);
    this.sessions = new SessionOperations(core);
    this.account = new AccountOperations(core, signIn);
    this.serverChecker = new ServerChecker(core, account::getMfaStatus);
  }

  /** @return a new builder with the default settings; only the base URL is required */
  public static NestAuthClientBuilder builder() {
    return new NestAuthClientBuilder();
  }

  /**
   * A builder with every setting of this client; its client shares this one's OkHttpClient and session.
   * @return a builder with this client's settings
   */
  public NestAuthClientBuilder newBuilder() {
    return new NestAuthClientBuilder(core.settings, core);
  }

  // ---------------------------------------------------------------- sign up

  /**
   * Creates an account with email and password and signs it in ({@code POST /auth/signup}).
   * @param email the email address
   * @param password the password, at least 8 characters
   * @return the call; its result's tokens are stored when it completes
   */
  public NestAuthCall<AuthResponse> signupWithEmail(String email, String password) {
    return signIn.signup(Args.notNull(email, "email"), null, password, Map.of());
  }

  /**
   * Like {@link #signupWithEmail(String, String)}, with fields your server's signup accepts (e.g. a name).
   * @param email the email address
   * @param password the password, at least 8 characters
   * @param extra the extra fields, by name
   * @return the call
   */
  public NestAuthCall<AuthResponse> signupWithEmail(String email, String password, Map<String, ?> extra) {
    return signIn.signup(Args.notNull(email, "email"), null, password, extra);
  }

  /**
   * Creates an account with phone number and password and signs it in ({@code POST /auth/signup}).
   * @param phone the phone number, in the format your server expects
   * @param password the password, at least 8 characters
   * @return the call
   */
  public NestAuthCall<AuthResponse> signupWithPhone(String phone, String password) {
    return signIn.signup(null, Args.notNull(phone, "phone"), password, Map.of());
  }

  /**
   * Like {@link #signupWithPhone(String, String)}, with extra fields.
   * @param phone the phone number
   * @param password the password, at least 8 characters
   * @param extra the extra fields, by name
   * @return the call
   */
  public NestAuthCall<AuthResponse> signupWithPhone(String phone, String password, Map<String, ?> extra) {
    return signIn.signup(null, Args.notNull(phone, "phone"), password, extra);
  }

  /**
   * Signs up with a request you compose (email and/or phone, tenant, guard, extra fields).
   * @param request the signup
   * @return the call
   */
  public NestAuthCall<AuthResponse> signup(SignupRequest request) {
    return signIn.signup(request);
  }

  // ---------------------------------------------------------------- log in

  /**
   * Logs in with email and password; with MFA the session stays pending until {@link #verifyMfa}.
   * @param email the email address
   * @param password the password
   * @return the call
   */
  public NestAuthCall<AuthResponse> loginWithEmail(String email, String password) {
    return signIn.passwordLogin("email", email, password, null);
  }

  /**
   * Logs in with email and password into a tenant the user is a member of.
   * @param email the email address
   * @param password the password
   * @param tenantId the tenant's id (a UUID)
   * @return the call
   */
  public NestAuthCall<AuthResponse> loginWithEmail(String email, String password, String tenantId) {
    return signIn.passwordLogin("email", email, password, Args.notBlank(tenantId, "tenantId"));
  }

  /**
   * Logs in with phone number and password ({@code POST /auth/login}).
   * @param phone the phone number
   * @param password the password
   * @return the call
   */
  public NestAuthCall<AuthResponse> loginWithPhone(String phone, String password) {
    return signIn.passwordLogin("phone", phone, password, null);
  }

  /**
   * Logs in with phone number and password into a tenant the user is a member of.
   * @param phone the phone number
   * @param password the password
   * @param tenantId the tenant's id (a UUID)
   * @return the call
   */
  public NestAuthCall<AuthResponse> loginWithPhone(String phone, String password, String tenantId) {
    return signIn.passwordLogin("phone", phone, password, Args.notBlank(tenantId, "tenantId"));
  }

  /**
   * Logs in with any provider, built in or custom, through a request you compose.
   * @param request the login
   * @return the call
   */
  public NestAuthCall<AuthResponse> login(LoginRequest request) {
    return signIn.login(request);
  }

  /**
   * Sends a one-time login code; the server answers the same for unknown identifiers.
   * @param channel how the code travels
   * @param identifier the email address or phone number
   * @return the call; its result is the server's message
   */
  public NestAuthCall<String> sendPasswordlessCode(PasswordlessChannel channel, String identifier) {
    return signIn.sendPasswordlessCode(channel, identifier);
  }

  /**
   * Logs in with a code from {@link #sendPasswordlessCode}.
   * @param identifier the email address or phone number the code was sent to
   * @param code the one-time code
   * @param channels the channels to accept the code from; at least one
   * @return the call
   */
  public NestAuthCall<AuthResponse> loginWithPasswordlessCode(String identifier, String code,
      PasswordlessChannel... channels) {
    return signIn.loginWithPasswordlessCode(identifier, code, channels);
  }

  /**
   * Signs in with a social provider's token, creating the user on the first sign-in.
   * @param provider e.g. {@code google}, {@code apple}, {@code facebook}, {@code github}
   * @param token the provider's ID token, access token or authorization code
   * @param tokenType which kind of token, or null
   * @return the call
   */
  public NestAuthCall<AuthResponse> socialLogin(String provider, String token, @Nullable SocialTokenType tokenType) {
    return signIn.socialLogin(provider, token, tokenType, true);
  }

  /**
   * Like {@link #socialLogin(String, String, SocialTokenType)}; false refuses an unknown user instead.
   * @param provider the provider's name
   * @param token the provider's token
   * @param tokenType which kind of token, or null
   * @param createUserIfNotExists whether a first sign-in creates the user
   * @return the call
   */
  public NestAuthCall<AuthResponse> socialLogin(String provider, String token, @Nullable SocialTokenType tokenType,
      boolean createUserIfNotExists) {
    return signIn.socialLogin(provider, token, tokenType, createUserIfNotExists);
  }

  /**
   * Signs in with a Google ID token, creating the user on the first sign-in.
   * @param idToken the ID token issued by Google
   * @return the call
   */
  public NestAuthCall<AuthResponse> signInWithGoogleIdToken(String idToken) {
    return signIn.socialLogin("google", idToken, SocialTokenType.ID_TOKEN, true);
  }

  /**
   * Signs in with Apple, creating the user on the first sign-in; pass the name the first time only.
   * @param identityToken the identity token from Apple
   * @param givenName the first name, or null
   * @param familyName the last name, or null
   * @param nonce the raw nonce of the request, or null
   * @return the call
   */
  public NestAuthCall<AuthResponse> signInWithAppleCredential(String identityToken, @Nullable String givenName,
      @Nullable String familyName, @Nullable String nonce) {
    return signIn.appleLogin(identityToken, givenName, familyName, nonce, true);
  }

  /**
   * Signs in with Sign in with Apple.
   * @param identityToken the identity token from Apple
   * @param givenName the first name, or null
   * @param familyName the last name, or null
   * @param nonce the raw nonce of the request, or null
   * @param createUserIfNotExists whether a first sign-in creates the user
   * @return the call
   */
  public NestAuthCall<AuthResponse> signInWithAppleCredential(String identityToken, @Nullable String givenName,
      @Nullable String familyName, @Nullable String nonce, boolean createUserIfNotExists) {
    return signIn.appleLogin(identityToken, givenName, familyName, nonce, createUserIfNotExists);
  }

  /**
   * Fetches the server's page for a social provider's redirect ({@code GET /auth/{provider}/callback}).
   * @param provider the provider's name
   * @param code the authorization code, or null
   * @param state the state, or null
   * @return the call; its result is the page as text
   */
  public NestAuthCall<String> getSocialCallbackPage(String provider, @Nullable String code,
      @Nullable String state) {
    return signIn.socialCallbackPage(provider, code, state);
  }

  // ---------------------------------------------------------------- the session

  /**
   * Reads the signed-in user ({@code GET /auth/me}); works while MFA is pending too.
   * @return the call
   */
  public NestAuthCall<SessionUser> getSessionUserData() {
    return sessions.getSessionUserData();
  }

  /**
   * Reads the user's stored record ({@code GET /auth/user}); needs a session that passed MFA.
   * @return the call
   */
  public NestAuthCall<User> getUser() {
    return sessions.getUser();
  }

  /**
   * Asks the server whether it still accepts the session ({@code GET /auth/verify-session}).
   * @return the call
   */
  public NestAuthCall<SessionStatus> verifySession() {
    return sessions.verifySession();
  }

  /**
   * Refreshes the session now; calls refresh on demand without this.
   * @return the call; it fails with the server's rejection (and signs out) or a transient failure
   *     (and keeps the session)
   */
  public NestAuthCall<Void> refreshSession() {
    return sessions.refreshSession();
  }

  /**
   * Reads what the server offers ({@code GET /auth/client-config}): sign-in methods, MFA, tenants.
   * @return the call
   */
  public NestAuthCall<ServerConfig> getClientConfig() {
    return sessions.getClientConfig();
  }

  /**
   * Checks whether this client's settings fit the server, creating nothing there: it reads the
   * client configuration, the CSRF state and how {@code GET me} answers without a token (with a
   * session, also the MFA status), and reports where the routes are (base URL, global and route
   * prefix), token delivery, CSRF, MFA and tenants, each with the fix for what does not fit. When the
   * configured place has no Nest Auth server, a few likely other places on the same origin are tried
   * to name the fix.
   * @return the call; it fails with a {@link io.nestauth.client.exception.NestAuthNetworkException}
   *     when the server does not answer at all, and otherwise reports (also a wrong base URL)
   */
  public NestAuthCall<ServerCheck> checkServer() {
    return serverChecker.checkServer();
  }

  /**
   * Reads the server's CSRF settings and a new token ({@code GET /auth/csrf}). The SDK's own calls
   * need no help: they learn the token from the server's cookie, or fetch one when the server asks.
   * @return the call
   */
  public NestAuthCall<CsrfToken> getCsrfToken() {
    return sessions.getCsrfToken();
  }

  /**
   * Lists the accounts the server holds for this client ({@code GET /auth/accounts}).
   * @return the call
   */
  public NestAuthCall<List<Account>> listAccounts() {
    return sessions.listAccounts();
  }

  /**
   * Finds a tenant by its slug ({@code GET /auth/tenants/{slug}}).
   * @param slug the tenant's slug
   * @return the call
   */
  public NestAuthCall<Tenant> lookupTenant(String slug) {
    return sessions.lookupTenant(slug);
  }

  /**
   * Moves the session to another tenant the user belongs to ({@code POST /auth/switch-tenant}).
   * @param tenantId the tenant's id (a UUID)
   * @return the call
   */
  public NestAuthCall<AuthResponse> switchTenant(String tenantId) {
    return sessions.switchTenant(tenantId);
  }

  /**
   * Invites a user by email or phone ({@code POST /auth/invite}).
   * @param request who to invite
   * @return the call
   */
  public NestAuthCall<Invitation> inviteUser(InviteRequest request) {
    return sessions.inviteUser(request);
  }

  /** {@return the call that ends the session: the server revokes it (best effort), the local tokens always go} */
  public NestAuthCall<Void> logout() {
    return sessions.logout();
  }

  /** {@return the call that revokes every session of the user on every device, this one included} */
  public NestAuthCall<String> logoutAll() {
    return sessions.logoutAll();
  }

  // ---------------------------------------------------------------- password

  /**
   * Starts a password reset: the server sends a code by email (identifier with '@') or SMS.
   * @param emailOrPhone the account's email address or phone number
   * @return the call
   */
  public NestAuthCall<String> forgotPassword(String emailOrPhone) {
    return account.forgotPassword(emailOrPhone);
  }

  /**
   * Exchanges the code of {@link #forgotPassword} for a reset token.
   * @param emailOrPhone the identifier the code was sent to
   * @param code the one-time code
   * @return the call; its result is the reset token for {@link #resetPassword}
   */
  public NestAuthCall<String> verifyForgotPasswordOtp(String emailOrPhone, String code) {
    return account.verifyForgotPasswordOtp(emailOrPhone, code);
  }

  /**
   * Sets a new password with a reset token; the server ends the user's sessions, this one too.
   * @param resetToken the token from {@link #verifyForgotPasswordOtp}
   * @param newPassword the new password, at least 8 characters
   * @return the call
   */
  public NestAuthCall<String> resetPassword(String resetToken, String newPassword) {
    return account.resetPassword(resetToken, newPassword);
  }

  /**
   * Changes the signed-in user's password; the server ends the user's sessions, this one too.
   * @param currentPassword the current password
   * @param newPassword the new password, at least 8 characters and different
   * @return the call
   */
  public NestAuthCall<String> changePassword(String currentPassword, String newPassword) {
    return account.changePassword(currentPassword, newPassword);
  }

  // ---------------------------------------------------------------- verification

  /** @return the call that sends a verification code to the user's email address */
  public NestAuthCall<String> sendEmailVerification() {
    return account.sendVerification(true);
  }

  /**
   * Verifies the user's email address with the code sent.
   * @param code the one-time code
   * @return the call
   */
  public NestAuthCall<String> verifyEmail(String code) {
    return account.verifyCode(true, code);
  }

  /** @return the call that sends a verification code to the user's phone by SMS */
  public NestAuthCall<String> sendPhoneVerification() {
    return account.sendVerification(false);
  }

  /**
   * Verifies the user's phone number with the code sent.
   * @param code the one-time code
   * @return the call
   */
  public NestAuthCall<String> verifyPhone(String code) {
    return account.verifyCode(false, code);
  }

  // ---------------------------------------------------------------- MFA

  /**
   * Sends an MFA code by email or SMS to a session that waits for its second factor.
   * @param method the method to send the code by
   * @return the call
   */
  public NestAuthCall<String> sendMfaChallenge(MfaMethod method) {
    return account.sendMfaChallenge(method);
  }

  /**
   * Completes MFA with a code; the session is then signed in.
   * @param otp the code
   * @param method the method the code came from
   * @param trustDevice whether this device may skip MFA on later logins
   * @return the call
   */
  public NestAuthCall<AuthResponse> verifyMfa(String otp, MfaMethod method, boolean trustDevice) {
    return account.verifyMfa(otp, method, trustDevice);
  }

  /**
   * Completes MFA with a recovery code.
   * @param recoveryCode the recovery code
   * @param trustDevice whether this device may skip MFA on later logins
   * @return the call
   */
  public NestAuthCall<AuthResponse> verifyRecoveryCode(String recoveryCode, boolean trustDevice) {
    return account.verifyRecoveryCode(recoveryCode, trustDevice);
  }

  /** @return the call that reads the user's MFA settings */
  public NestAuthCall<MfaStatus> getMfaStatus() {
    return account.getMfaStatus();
  }

  /**
   * Turns MFA on or off for the user, where the server lets users choose.
   * @param enabled the new state
   * @return the call
   */
  public NestAuthCall<String> toggleMfa(boolean enabled) {
    return account.toggleMfa(enabled);
  }

  /**
   * Starts enrolling an authenticator app: the secret and QR code to show the user.
   * @param deviceName a name for the device, or null
   * @return the call
   */
  public NestAuthCall<TotpSetup> setupTotp(@Nullable String deviceName) {
    return account.setupTotp(deviceName);
  }

  /**
   * Finishes enrolling an authenticator app with a code it shows.
   * @param secret the secret from {@link #setupTotp}
   * @param otp the current code
   * @return the call
   */
  public NestAuthCall<String> verifyTotpSetup(String secret, String otp) {
    return account.verifyTotpSetup(secret, otp);
  }

  /** @return the call that lists the user's authenticator apps */
  public NestAuthCall<List<MfaDevice>> listTotpDevices() {
    return account.listTotpDevices();
  }

  /**
   * Removes an authenticator app.
   * @param deviceId the device's id
   * @return the call
   */
  public NestAuthCall<String> removeTotpDevice(String deviceId) {
    return account.removeTotpDevice(deviceId);
  }

  /** @return the call that issues new recovery codes (the old ones stop working) */
  public NestAuthCall<RecoveryCodes> generateRecoveryCodes() {
    return account.generateRecoveryCodes();
  }

  /**
   * Removes every authenticator app with a recovery code, when the device is lost.
   * @param recoveryCode a recovery code
   * @return the call
   */
  public NestAuthCall<String> resetTotp(String recoveryCode) {
    return account.resetTotp(recoveryCode);
  }

  // ---------------------------------------------------------------- local state

  /** {@return true when a session is signed in and has passed MFA where needed} */
  public boolean isAuthenticated() {
    StoredTokens tokens = core.session().session();
    return tokens != null && !tokens.mfaPending();
  }

  /** @return true when a session waits for its second factor (or its enrolment) */
  public boolean isMfaPending() {
    StoredTokens tokens = core.session().session();
    return tokens != null && tokens.mfaPending();
  }

  /** @return the current access token, for calls the SDK does not make */
  public Optional<String> accessToken() {
    return Optional.ofNullable(core.session().session()).map(StoredTokens::accessToken);
  }

  /** @return the current access token's claims */
  public Optional<TokenClaims> accessTokenClaims() {
    return Optional.ofNullable(core.session().session()).flatMap(StoredTokens::claims);
  }

  /** @return when the current access token expires, as the token says */
  public Optional<Instant> accessTokenExpiresAt() {
    return accessTokenClaims().flatMap(TokenClaims::expiresAt);
  }

  /** @return true when a session exists and its access token has expired */
  public boolean isAccessTokenExpired() {
    StoredTokens tokens = core.session().session();
    return tokens != null && core.session().expiresWithin(tokens, Duration.ZERO, core.settings.clock);
  }

  /** @return true when this device holds a device-trust token */
  public boolean isDeviceTrusted() {
    return core.session().trustToken() != null;
  }

  /** Forgets the device-trust token: the next login asks for MFA again. */
  public void forgetTrustedDevice() {
    core.session().forgetDevice();
  }

  /**
   * Registers a listener for session changes (sign-in, refresh, sign-out, MFA required).
   * @param listener the listener
   */
  public void addListener(AuthListener listener) {
    core.session().addListener(Args.notNull(listener, "listener"));
  }

  /**
   * Unregisters a listener; nothing happens when it was not registered.
   * @param listener the listener
   */
  public void removeListener(@Nullable AuthListener listener) {
    core.session().removeListener(listener);
  }

  /**
   * An OkHttp interceptor for your own API calls: it adds {@code Authorization: Bearer <token>} to requests for
   * the server's origin and the {@linkplain NestAuthClientBuilder#authorizedOrigin origins you authorized},
   * never to others, and on a 401 there refreshes once and retries once. To the server's origin alone the
   * token also travels as the cookie a cookie-mode server reads, with its CSRF token on state-changing
   * requests (never across a redirect to another origin).
   * @return the interceptor, bound to this client's session
   */
  public Interceptor authInterceptor() {
    return core.authInterceptor;
  }

  /**
   * Several accounts signed in side by side, kept in {@code store} ({@link Accounts}), each with a
   * client derived from this one. Make one per store, keep it, and close it when done.
   *
   * @param store where the accounts and their sessions are kept, e.g. a {@link FileAccountStore}
   * @return the accounts
   * @throws IllegalStateException when this client is closed
   */
  public Accounts accounts(AccountStore store) {
    core.ensureOpen();
    return new Accounts(this, Args.notNull(store, "store"));
  }

  ClientCore core() {
    return core;
  }

  /** Releases this client; see the class documentation for the shared OkHttpClient. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  /** @return the host and the session state; never a credential */
  @Override
  public String toString() {
    return "NestAuthClient{host=" + core.settings.baseUrl.host() + ", session="
        + (isAuthenticated() ? "signed-in" : isMfaPending() ? "mfa-pending" : "none") + "}";
  }
}
