package io.nestauth.client;

import io.nestauth.generated.model.AccountsResponseDto;
import io.nestauth.generated.model.ClientConfigDto;
import io.nestauth.generated.model.CsrfResponseDto;
import io.nestauth.generated.model.InviteRequestDto;
import io.nestauth.generated.model.InviteResponseDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.MessageResponseDto;
import io.nestauth.generated.model.MfaDeviceDto;
import io.nestauth.generated.model.MfaMethodDto;
import io.nestauth.generated.model.MfaStatusDto;
import io.nestauth.generated.model.PasswordlessChannelDto;
import io.nestauth.generated.model.SignupRequestDto;
import io.nestauth.generated.model.SocialTokenTypeDto;
import io.nestauth.generated.model.TenantDto;
import io.nestauth.generated.model.TotpSetupResponseDto;
import io.nestauth.generated.model.UserDto;
import io.nestauth.generated.model.VerifySessionResponseDto;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking face of a {@link NestAuthClient}: the same operations, same arguments, same
 * state, each returning a {@link CompletableFuture}. Calls run on OkHttp's dispatcher; no thread
 * waits for an answer. Arguments are checked at once: an {@link IllegalArgumentException}, or a
 * {@link io.nestauth.client.exception.NotSignedInException} for an operation that needs a session
 * the client does not hold, is thrown by the method itself, before anything is sent. Failures of
 * the call complete the future exceptionally with a
 * {@link io.nestauth.client.exception.NestAuthException} (stages derived from the future see it
 * wrapped in a {@link java.util.concurrent.CompletionException}, as usual). Cancelling a future
 * cancels its HTTP call.
 * Obtain it with {@link NestAuthClient#async()}; thread-safe.
 *
 * <pre>{@code
 * NestAuthAsyncClient async = auth.async();
 * async.loginWithEmail("alice@example.com", password)
 *     .thenCompose(login -> async.getSessionUserData())
 *     .whenComplete((user, error) -> {
 *       if (error != null) {
 *         Throwable cause = error instanceof CompletionException ? error.getCause() : error;
 *         // e.g. InvalidCredentialsException, NestAuthNetworkException
 *       } else {
 *         ui.showSignedIn(user.id());
 *       }
 *     });
 * }</pre>
 */
public final class NestAuthAsyncClient {
  private final NestAuthClient client;

  NestAuthAsyncClient(NestAuthClient client) {
    this.client = client;
  }

  /**
   * Asynchronous {@link NestAuthClient#signupWithEmail(String, String)}: a failed call completes
   * the future exceptionally with the exception the blocking method would throw.
   *
   * @param email the email address
   * @param password the password, at least 8 characters
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code email} is not an
   *     email address or the password is shorter than 8 characters
   */
  public CompletableFuture<AuthResponse> signupWithEmail(String email, String password) {
    return client.runAsync(client.signupOp(new SignupRequestDto().email(io.nestauth.client.internal.Args.email(email, "email"))
        .password(io.nestauth.client.internal.Args.password(password, "password"))));
  }

  /**
   * Asynchronous {@link NestAuthClient#signup(SignupRequestDto)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param request the signup body, with an email or a phone and a password of at least 8
   *     characters
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code request} is
   *     null, has neither email nor phone, has a blank field or a password shorter than 8
   *     characters
   */
  public CompletableFuture<AuthResponse> signup(SignupRequestDto request) {
    return client.runAsync(client.signupOp(request));
  }

  /**
   * Asynchronous {@link NestAuthClient#loginWithEmail(String, String)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param email the email address
   * @param password the password
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code email} or
   *     {@code password} is blank
   */
  public CompletableFuture<AuthResponse> loginWithEmail(String email, String password) {
    return client.runAsync(client.loginOp(client.passwordLogin("email",
        new LoginCredentialsDto().email(io.nestauth.client.internal.Args.notBlank(email, "email")), password, null)));
  }

  /**
   * Asynchronous {@link NestAuthClient#loginWithPhone(String, String)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param phone the phone number
   * @param password the password
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code phone} or
   *     {@code password} is blank
   */
  public CompletableFuture<AuthResponse> loginWithPhone(String phone, String password) {
    return client.runAsync(client.loginOp(client.passwordLogin("phone",
        new LoginCredentialsDto().phone(io.nestauth.client.internal.Args.notBlank(phone, "phone")), password, null)));
  }

  /**
   * Asynchronous {@link NestAuthClient#login(LoginRequestDto)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param request the login body, with a provider name and credentials
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code request} is
   *     null, its provider name is blank or it has no credentials
   */
  public CompletableFuture<AuthResponse> login(LoginRequestDto request) {
    return client.runAsync(client.loginOp(request));
  }

  /**
   * Asynchronous {@link NestAuthClient#sendPasswordlessCode(PasswordlessChannelDto, String)}: a failed
   * call completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param channel how the code travels (email or SMS)
   * @param identifier the email address or phone number
   * @return a future completed with the server's confirmation message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code channel} is null
   *     or unknown, or {@code identifier} is blank
   */
  public CompletableFuture<MessageResponseDto> sendPasswordlessCode(PasswordlessChannelDto channel, String identifier) {
    return client.runAsync(client.sendPasswordlessCodeOp(channel, identifier));
  }

  /**
   * Asynchronous
   * {@link NestAuthClient#loginWithPasswordlessCode(String, String, PasswordlessChannelDto...)}: a
   * failed call completes the future exceptionally with the exception the blocking method would
   * throw.
   *
   * @param identifier the email address or phone number the code was sent to
   * @param code the one-time code
   * @param channels the channels to accept the code from; at least one
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code identifier} or
   *     {@code code} is blank, or {@code channels} is empty or holds an unknown channel
   */
  public CompletableFuture<AuthResponse> loginWithPasswordlessCode(String identifier, String code,
      PasswordlessChannelDto... channels) {
    return client.runAsync(client.loginOp(client.passwordlessLogin(identifier, code, channels)));
  }

  /**
   * Asynchronous {@link NestAuthClient#socialLogin(String, String, SocialTokenTypeDto)}: a failed call
   * completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param provider e.g. {@code google}, {@code apple}, {@code facebook}, {@code github}
   * @param token the provider's ID token, access token or authorization code
   * @param tokenType which kind of token (Google), or null
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code provider} or
   *     {@code token} is blank
   */
  public CompletableFuture<AuthResponse> socialLogin(String provider, String token, SocialTokenTypeDto tokenType) {
    return client.runAsync(client.loginOp(client.socialLoginRequest(provider, token, tokenType)));
  }

  /**
   * Asynchronous {@link NestAuthClient#signInWithGoogleIdToken(String)}: a failed call completes
   * the future exceptionally with the exception the blocking method would throw.
   *
   * @param idToken the ID token issued by Google
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code idToken} is
   *     blank
   */
  public CompletableFuture<AuthResponse> signInWithGoogleIdToken(String idToken) {
    return socialLogin("google", idToken, SocialTokenTypeDto.ID_TOKEN);
  }

  /**
   * Asynchronous {@link NestAuthClient#signInWithAppleCredential(String, String, String, String)}:
   * a failed call completes the future exceptionally with the exception the blocking method would
   * throw.
   *
   * @param identityToken the identity token from Apple
   * @param givenName the first name from Apple's first-login credential, or null
   * @param familyName the last name from Apple's first-login credential, or null
   * @param nonce the raw nonce used for the request, or null
   * @return a future completed with the outcome, once the session's tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code identityToken}
   *     is blank, or another argument is given but blank
   */
  public CompletableFuture<AuthResponse> signInWithAppleCredential(String identityToken, String givenName,
      String familyName, String nonce) {
    return client.runAsync(client.loginOp(client.appleLoginRequest(identityToken, givenName, familyName, nonce)));
  }

  /**
   * Asynchronous {@link NestAuthClient#getSessionUserData()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the signed-in user
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<SessionUser> getSessionUserData() {
    return client.runAsync(client.sessionUserOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#getUser()}: a failed call completes the future exceptionally
   * with the exception the blocking method would throw.
   *
   * @return a future completed with the user's record
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<UserDto> getUser() {
    return client.runAsync(client.getUserOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#verifySession()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's view of the session
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<VerifySessionResponseDto> verifySession() {
    return client.runAsync(client.verifySessionOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#getClientConfig()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's public configuration
   */
  public CompletableFuture<ClientConfigDto> getClientConfig() {
    return client.runAsync(client.clientConfigOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#getCsrfToken()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's CSRF answer
   */
  public CompletableFuture<CsrfResponseDto> getCsrfToken() {
    return client.runAsync(client.csrfTokenOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#listAccounts()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the accounts the server reports
   */
  public CompletableFuture<AccountsResponseDto> listAccounts() {
    return client.runAsync(client.listAccountsOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#lookupTenant(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param slug the tenant's slug
   * @return a future completed with the tenant
   * @throws IllegalArgumentException at once, before anything is sent, when {@code slug} is blank
   */
  public CompletableFuture<TenantDto> lookupTenant(String slug) {
    return client.runAsync(client.lookupTenantOp(slug));
  }

  /**
   * Asynchronous {@link NestAuthClient#getSocialCallbackPage(String, String, String)}: a failed
   * call completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param provider the social provider, e.g. {@code google}
   * @param code the authorization code from the provider, or null
   * @param state the OAuth state, or null
   * @return a future completed with the page's HTML
   * @throws IllegalArgumentException at once, before anything is sent, when {@code provider} is
   *     blank, or {@code code} or {@code state} is given but blank
   */
  public CompletableFuture<String> getSocialCallbackPage(String provider, String code, String state) {
    return client.runAsync(client.socialCallbackPageOp(provider, code, state));
  }

  /**
   * Asynchronous {@link NestAuthClient#inviteUser(InviteRequestDto)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param request the invitation, with an email or a phone
   * @return a future completed with the server's answer
   * @throws IllegalArgumentException at once, before anything is sent, when {@code request} is null
   *     or has neither email nor phone
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<InviteResponseDto> inviteUser(InviteRequestDto request) {
    return client.runAsync(client.inviteUserOp(request));
  }

  /**
   * Asynchronous {@link NestAuthClient#logout()}: asks the server to revoke the session and clears
   * the local tokens whatever the server answers.
   *
   * @return a future completed (with null) once the local tokens are cleared; a failure of the
   *     server call does not fail it
   */
  public CompletableFuture<Void> logout() {
    return client.logoutAsync();
  }

  /**
   * Asynchronous {@link NestAuthClient#logoutAll()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's confirmation message, once the local tokens are
   *     cleared
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> logoutAll() {
    return client.runAsync(client.logoutAllOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#forgotPassword(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param emailOrPhone the account's email address or phone number
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code emailOrPhone} is
   *     blank
   */
  public CompletableFuture<MessageResponseDto> forgotPassword(String emailOrPhone) {
    return client.runAsync(client.forgotPasswordOp(emailOrPhone));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyForgotPasswordOtp(String, String)}: a failed call
   * completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param emailOrPhone the email address or phone number given to {@link #forgotPassword}
   * @param code the code the user received
   * @return a future completed with the reset token (a secret: do not log it)
   * @throws IllegalArgumentException at once, before anything is sent, when an argument is blank
   */
  public CompletableFuture<String> verifyForgotPasswordOtp(String emailOrPhone, String code) {
    return client.runAsync(client.verifyForgotPasswordOtpOp(emailOrPhone, code));
  }

  /**
   * Asynchronous {@link NestAuthClient#resetPassword(String, String)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param resetToken the token from {@link #verifyForgotPasswordOtp}
   * @param newPassword the new password, at least 8 characters
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code resetToken} is
   *     blank or the new password is shorter than 8 characters
   */
  public CompletableFuture<MessageResponseDto> resetPassword(String resetToken, String newPassword) {
    return client.runAsync(client.resetPasswordOp(resetToken, newPassword));
  }

  /**
   * Asynchronous {@link NestAuthClient#changePassword(String, String)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param currentPassword the current password
   * @param newPassword the new password, at least 8 characters and different from the current one
   * @return a future completed with the server's message, once the client is signed out
   * @throws IllegalArgumentException at once, before anything is sent, when a password is shorter
   *     than 8 characters or both are equal
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> changePassword(String currentPassword, String newPassword) {
    return client.runAsync(client.changePasswordOp(currentPassword, newPassword));
  }

  /**
   * Asynchronous {@link NestAuthClient#sendEmailVerification()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's message
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> sendEmailVerification() {
    return client.runAsync(client.sendVerificationOp(true));
  }

  /**
   * Asynchronous {@link NestAuthClient#sendPhoneVerification()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the server's message
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> sendPhoneVerification() {
    return client.runAsync(client.sendVerificationOp(false));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyEmail(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param code the code the user received
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code code} is blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> verifyEmail(String code) {
    return client.runAsync(client.verifyCodeOp(true, code));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyPhone(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param code the code the user received
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code code} is blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> verifyPhone(String code) {
    return client.runAsync(client.verifyCodeOp(false, code));
  }

  /**
   * Asynchronous {@link NestAuthClient#sendMfaChallenge(MfaMethodDto)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param method the channel for the code
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code method} is null
   *     or unknown
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> sendMfaChallenge(MfaMethodDto method) {
    return client.runAsync(client.sendMfaChallengeOp(method));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyMfa(String, MfaMethodDto, boolean)}: a failed call
   * completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param otp the code from email, SMS or the authenticator app
   * @param method how the code was obtained
   * @param trustDevice true to have this device skip MFA on later logins
   * @return a future completed with the outcome, once the upgraded tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code otp} is blank or
   *     {@code method} is null or unknown
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<AuthResponse> verifyMfa(String otp, MfaMethodDto method, boolean trustDevice) {
    return client.runAsync(client.verifyMfaOp(otp, method, trustDevice));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyRecoveryCode(String, boolean)}: a failed call
   * completes the future exceptionally with the exception the blocking method would throw.
   *
   * @param recoveryCode one of the user's recovery codes
   * @param trustDevice true to have this device skip MFA on later logins
   * @return a future completed with the outcome, once the upgraded tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code recoveryCode} is
   *     blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<AuthResponse> verifyRecoveryCode(String recoveryCode, boolean trustDevice) {
    return client.runAsync(client.verifyRecoveryCodeOp(recoveryCode, trustDevice));
  }

  /**
   * Asynchronous {@link NestAuthClient#getMfaStatus()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the user's MFA settings and devices
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MfaStatusDto> getMfaStatus() {
    return client.runAsync(client.getMfaStatusOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#toggleMfa(boolean)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param enabled true to turn MFA on, false to turn it off
   * @return a future completed with the server's message
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> toggleMfa(boolean enabled) {
    return client.runAsync(client.toggleMfaOp(enabled));
  }

  /**
   * Asynchronous {@link NestAuthClient#setupTotp(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param deviceName a name for the device, or null
   * @return a future completed with the setup data (its secret must not be logged)
   * @throws IllegalArgumentException at once, before anything is sent, when {@code deviceName} is
   *     given but blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<TotpSetupResponseDto> setupTotp(String deviceName) {
    return client.runAsync(client.setupTotpOp(deviceName));
  }

  /**
   * Asynchronous {@link NestAuthClient#verifyTotpSetup(String, String)}: a failed call completes
   * the future exceptionally with the exception the blocking method would throw.
   *
   * @param secret the secret from {@link #setupTotp}
   * @param otp the code the app shows now
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code secret} or
   *     {@code otp} is blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> verifyTotpSetup(String secret, String otp) {
    return client.runAsync(client.verifyTotpSetupOp(secret, otp));
  }

  /**
   * Asynchronous {@link NestAuthClient#listTotpDevices()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the user's authenticator devices, unconfirmed ones included
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<List<MfaDeviceDto>> listTotpDevices() {
    return client.runAsync(client.listTotpDevicesOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#removeTotpDevice(String)}: a failed call completes the
   * future exceptionally with the exception the blocking method would throw.
   *
   * @param deviceId the device's id (a UUID)
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code deviceId} is not
   *     a UUID
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> removeTotpDevice(String deviceId) {
    return client.runAsync(client.removeTotpDeviceOp(deviceId));
  }

  /**
   * Asynchronous {@link NestAuthClient#generateRecoveryCodes()}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @return a future completed with the new recovery codes
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<RecoveryCodes> generateRecoveryCodes() {
    return client.runAsync(client.generateRecoveryCodesOp());
  }

  /**
   * Asynchronous {@link NestAuthClient#resetTotp(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param recoveryCode one of the user's recovery codes
   * @return a future completed with the server's message
   * @throws IllegalArgumentException at once, before anything is sent, when {@code recoveryCode} is
   *     blank
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<MessageResponseDto> resetTotp(String recoveryCode) {
    return client.runAsync(client.resetTotpOp(recoveryCode));
  }

  /**
   * Asynchronous {@link NestAuthClient#switchTenant(String)}: a failed call completes the future
   * exceptionally with the exception the blocking method would throw.
   *
   * @param tenantId the tenant's id (a UUID)
   * @return a future completed with the outcome, once the new tokens are stored
   * @throws IllegalArgumentException at once, before anything is sent, when {@code tenantId} is not
   *     a UUID
   * @throws io.nestauth.client.exception.NotSignedInException at once, before anything is sent,
   *     when the client holds no session
   */
  public CompletableFuture<AuthResponse> switchTenant(String tenantId) {
    return client.runAsync(client.switchTenantOp(tenantId));
  }

  @Override
  public String toString() {
    return "NestAuthAsyncClient{" + client + "}";
  }
}
