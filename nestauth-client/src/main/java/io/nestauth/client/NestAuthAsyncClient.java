package io.nestauth.client;

import io.nestauth.generated.model.AccountsResponse;
import io.nestauth.generated.model.ClientConfig;
import io.nestauth.generated.model.CsrfResponse;
import io.nestauth.generated.model.InviteRequest;
import io.nestauth.generated.model.InviteResponse;
import io.nestauth.generated.model.LoginCredentials;
import io.nestauth.generated.model.LoginRequest;
import io.nestauth.generated.model.MessageResponse;
import io.nestauth.generated.model.MfaDevice;
import io.nestauth.generated.model.MfaMethod;
import io.nestauth.generated.model.MfaStatus;
import io.nestauth.generated.model.PasswordlessChannel;
import io.nestauth.generated.model.SignupRequest;
import io.nestauth.generated.model.SocialTokenType;
import io.nestauth.generated.model.Tenant;
import io.nestauth.generated.model.TotpSetupResponse;
import io.nestauth.generated.model.User;
import io.nestauth.generated.model.VerifySessionResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking face of a {@link NestAuthClient}: the same operations, same arguments, same
 * state, each returning a {@link CompletableFuture}. Calls run on OkHttp's dispatcher; no thread
 * waits for an answer. Arguments are checked at once (an {@link IllegalArgumentException} is thrown
 * by the method itself, before anything is sent); failures complete the future exceptionally with a
 * {@link io.nestauth.client.exception.NestAuthException}. Cancelling a future cancels its HTTP call.
 * Obtain it with {@link NestAuthClient#async()}; thread-safe.
 */
public final class NestAuthAsyncClient {
  private final NestAuthClient client;

  NestAuthAsyncClient(NestAuthClient client) {
    this.client = client;
  }

  /** @see NestAuthClient#signupWithEmail(String, String) */
  public CompletableFuture<AuthResponse> signupWithEmail(String email, String password) {
    return client.runAsync(client.signupOp(new SignupRequest().email(io.nestauth.client.internal.Args.email(email, "email"))
        .password(io.nestauth.client.internal.Args.password(password, "password"))));
  }

  /** @see NestAuthClient#signup(SignupRequest) */
  public CompletableFuture<AuthResponse> signup(SignupRequest request) {
    return client.runAsync(client.signupOp(request));
  }

  /** @see NestAuthClient#loginWithEmail(String, String) */
  public CompletableFuture<AuthResponse> loginWithEmail(String email, String password) {
    return client.runAsync(client.loginOp(client.passwordLogin("email",
        new LoginCredentials().email(io.nestauth.client.internal.Args.notBlank(email, "email")), password, null)));
  }

  /** @see NestAuthClient#loginWithPhone(String, String) */
  public CompletableFuture<AuthResponse> loginWithPhone(String phone, String password) {
    return client.runAsync(client.loginOp(client.passwordLogin("phone",
        new LoginCredentials().phone(io.nestauth.client.internal.Args.notBlank(phone, "phone")), password, null)));
  }

  /** @see NestAuthClient#login(LoginRequest) */
  public CompletableFuture<AuthResponse> login(LoginRequest request) {
    return client.runAsync(client.loginOp(request));
  }

  /** @see NestAuthClient#sendPasswordlessCode(PasswordlessChannel, String) */
  public CompletableFuture<MessageResponse> sendPasswordlessCode(PasswordlessChannel channel, String identifier) {
    return client.runAsync(client.sendPasswordlessCodeOp(channel, identifier));
  }

  /** @see NestAuthClient#loginWithPasswordlessCode(String, String, PasswordlessChannel...) */
  public CompletableFuture<AuthResponse> loginWithPasswordlessCode(String identifier, String code,
      PasswordlessChannel... channels) {
    return client.runAsync(client.loginOp(client.passwordlessLogin(identifier, code, channels)));
  }

  /** @see NestAuthClient#socialLogin(String, String, SocialTokenType) */
  public CompletableFuture<AuthResponse> socialLogin(String provider, String token, SocialTokenType tokenType) {
    return client.runAsync(client.loginOp(client.socialLoginRequest(provider, token, tokenType)));
  }

  /** @see NestAuthClient#signInWithGoogleIdToken(String) */
  public CompletableFuture<AuthResponse> signInWithGoogleIdToken(String idToken) {
    return socialLogin("google", idToken, SocialTokenType.ID_TOKEN);
  }

  /** @see NestAuthClient#signInWithAppleCredential(String, String, String, String) */
  public CompletableFuture<AuthResponse> signInWithAppleCredential(String identityToken, String givenName,
      String familyName, String nonce) {
    return client.runAsync(client.loginOp(client.appleLoginRequest(identityToken, givenName, familyName, nonce)));
  }

  /** @see NestAuthClient#getSessionUserData() */
  public CompletableFuture<SessionUser> getSessionUserData() {
    return client.runAsync(client.sessionUserOp());
  }

  /** @see NestAuthClient#getUser() */
  public CompletableFuture<User> getUser() {
    return client.runAsync(client.getUserOp());
  }

  /** @see NestAuthClient#verifySession() */
  public CompletableFuture<VerifySessionResponse> verifySession() {
    return client.runAsync(client.verifySessionOp());
  }

  /** @see NestAuthClient#getClientConfig() */
  public CompletableFuture<ClientConfig> getClientConfig() {
    return client.runAsync(client.clientConfigOp());
  }

  /** @see NestAuthClient#getCsrfToken() */
  public CompletableFuture<CsrfResponse> getCsrfToken() {
    return client.runAsync(client.csrfTokenOp());
  }

  /** @see NestAuthClient#listAccounts() */
  public CompletableFuture<AccountsResponse> listAccounts() {
    return client.runAsync(client.listAccountsOp());
  }

  /** @see NestAuthClient#lookupTenant(String) */
  public CompletableFuture<Tenant> lookupTenant(String slug) {
    return client.runAsync(client.lookupTenantOp(slug));
  }

  /** @see NestAuthClient#getSocialCallbackPage(String, String, String) */
  public CompletableFuture<String> getSocialCallbackPage(String provider, String code, String state) {
    return client.runAsync(client.socialCallbackPageOp(provider, code, state));
  }

  /** @see NestAuthClient#inviteUser(InviteRequest) */
  public CompletableFuture<InviteResponse> inviteUser(InviteRequest request) {
    return client.runAsync(client.inviteUserOp(request));
  }

  /** @see NestAuthClient#logout() */
  public CompletableFuture<Void> logout() {
    return client.logoutAsync();
  }

  /** @see NestAuthClient#logoutAll() */
  public CompletableFuture<MessageResponse> logoutAll() {
    return client.runAsync(client.logoutAllOp());
  }

  /** @see NestAuthClient#forgotPassword(String) */
  public CompletableFuture<MessageResponse> forgotPassword(String emailOrPhone) {
    return client.runAsync(client.forgotPasswordOp(emailOrPhone));
  }

  /** @see NestAuthClient#verifyForgotPasswordOtp(String, String) */
  public CompletableFuture<String> verifyForgotPasswordOtp(String emailOrPhone, String code) {
    return client.runAsync(client.verifyForgotPasswordOtpOp(emailOrPhone, code));
  }

  /** @see NestAuthClient#resetPassword(String, String) */
  public CompletableFuture<MessageResponse> resetPassword(String resetToken, String newPassword) {
    return client.runAsync(client.resetPasswordOp(resetToken, newPassword));
  }

  /** @see NestAuthClient#changePassword(String, String) */
  public CompletableFuture<MessageResponse> changePassword(String currentPassword, String newPassword) {
    return client.runAsync(client.changePasswordOp(currentPassword, newPassword));
  }

  /** @see NestAuthClient#sendEmailVerification() */
  public CompletableFuture<MessageResponse> sendEmailVerification() {
    return client.runAsync(client.sendVerificationOp(true));
  }

  /** @see NestAuthClient#sendPhoneVerification() */
  public CompletableFuture<MessageResponse> sendPhoneVerification() {
    return client.runAsync(client.sendVerificationOp(false));
  }

  /** @see NestAuthClient#verifyEmail(String) */
  public CompletableFuture<MessageResponse> verifyEmail(String code) {
    return client.runAsync(client.verifyCodeOp(true, code));
  }

  /** @see NestAuthClient#verifyPhone(String) */
  public CompletableFuture<MessageResponse> verifyPhone(String code) {
    return client.runAsync(client.verifyCodeOp(false, code));
  }

  /** @see NestAuthClient#sendMfaChallenge(MfaMethod) */
  public CompletableFuture<MessageResponse> sendMfaChallenge(MfaMethod method) {
    return client.runAsync(client.sendMfaChallengeOp(method));
  }

  /** @see NestAuthClient#verifyMfa(String, MfaMethod, boolean) */
  public CompletableFuture<AuthResponse> verifyMfa(String otp, MfaMethod method, boolean trustDevice) {
    return client.runAsync(client.verifyMfaOp(otp, method, trustDevice));
  }

  /** @see NestAuthClient#verifyRecoveryCode(String, boolean) */
  public CompletableFuture<AuthResponse> verifyRecoveryCode(String recoveryCode, boolean trustDevice) {
    return client.runAsync(client.verifyRecoveryCodeOp(recoveryCode, trustDevice));
  }

  /** @see NestAuthClient#getMfaStatus() */
  public CompletableFuture<MfaStatus> getMfaStatus() {
    return client.runAsync(client.getMfaStatusOp());
  }

  /** @see NestAuthClient#toggleMfa(boolean) */
  public CompletableFuture<MessageResponse> toggleMfa(boolean enabled) {
    return client.runAsync(client.toggleMfaOp(enabled));
  }

  /** @see NestAuthClient#setupTotp(String) */
  public CompletableFuture<TotpSetupResponse> setupTotp(String deviceName) {
    return client.runAsync(client.setupTotpOp(deviceName));
  }

  /** @see NestAuthClient#verifyTotpSetup(String, String) */
  public CompletableFuture<MessageResponse> verifyTotpSetup(String secret, String otp) {
    return client.runAsync(client.verifyTotpSetupOp(secret, otp));
  }

  /** @see NestAuthClient#listTotpDevices() */
  public CompletableFuture<List<MfaDevice>> listTotpDevices() {
    return client.runAsync(client.listTotpDevicesOp());
  }

  /** @see NestAuthClient#removeTotpDevice(String) */
  public CompletableFuture<MessageResponse> removeTotpDevice(String deviceId) {
    return client.runAsync(client.removeTotpDeviceOp(deviceId));
  }

  /** @see NestAuthClient#generateRecoveryCodes() */
  public CompletableFuture<RecoveryCodes> generateRecoveryCodes() {
    return client.runAsync(client.generateRecoveryCodesOp());
  }

  /** @see NestAuthClient#resetTotp(String) */
  public CompletableFuture<MessageResponse> resetTotp(String recoveryCode) {
    return client.runAsync(client.resetTotpOp(recoveryCode));
  }

  /** @see NestAuthClient#switchTenant(String) */
  public CompletableFuture<AuthResponse> switchTenant(String tenantId) {
    return client.runAsync(client.switchTenantOp(tenantId));
  }

  @Override
  public String toString() {
    return "NestAuthAsyncClient{" + client + "}";
  }
}
