package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.model.ChangePasswordRequestDto;
import io.nestauth.generated.model.ForgotPasswordRequestDto;
import io.nestauth.generated.model.MfaChallengeRequestDto;
import io.nestauth.generated.model.MfaToggleRequestDto;
import io.nestauth.generated.model.MfaVerifyRequestDto;
import io.nestauth.generated.model.RecoveryCodeVerifyRequestDto;
import io.nestauth.generated.model.ResetPasswordRequestDto;
import io.nestauth.generated.model.ResetTotpRequestDto;
import io.nestauth.generated.model.SendVerificationRequestDto;
import io.nestauth.generated.model.TotpSetupRequestDto;
import io.nestauth.generated.model.TotpSetupVerifyRequestDto;
import io.nestauth.generated.model.VerifyCodeRequestDto;
import io.nestauth.generated.model.VerifyForgotPasswordOtpRequestDto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Password, verification and MFA operations: the definitions behind {@link NestAuthClient}'s
 * methods of the same names.
 */
final class AccountOperations {
  private final ClientCore core;
  private final SignInOperations signIn;

  AccountOperations(ClientCore core, SignInOperations signIn) {
    this.core = core;
    this.signIn = signIn;
  }

  // ---------------------------------------------------------------- password

  NestAuthCall<String> forgotPassword(String emailOrPhone) {
    ForgotPasswordRequestDto request = new ForgotPasswordRequestDto().tenantId(core.defaultTenant());
    String identifier = Args.notBlank(emailOrPhone, "emailOrPhone");
    if (isEmail(identifier)) {
      request.email(identifier);
    } else {
      request.phone(identifier);
    }
    return core.call(false, () -> core.passwordApi.forgotPassword(request), ClientCore::message);
  }

  NestAuthCall<String> verifyForgotPasswordOtp(String emailOrPhone, String code) {
    VerifyForgotPasswordOtpRequestDto request = new VerifyForgotPasswordOtpRequestDto()
        .code(Args.notBlank(code, "code")).tenantId(core.defaultTenant());
    String identifier = Args.notBlank(emailOrPhone, "emailOrPhone");
    if (isEmail(identifier)) {
      request.email(identifier);
    } else {
      request.phone(identifier);
    }
    return core.call(false, () -> core.passwordApi.verifyForgotPasswordOtp(request), (answer, startedIn) -> {
      if (Args.isBlank(answer.getResetToken())) {
        throw ClientCore.unexpected(io.nestauth.generated.api.PasswordApi.VERIFY_FORGOT_PASSWORD_OTP,
            "without a resetToken");
      }
      return answer.getResetToken();
    });
  }

  NestAuthCall<String> resetPassword(String resetToken, String newPassword) {
    ResetPasswordRequestDto request = new ResetPasswordRequestDto().token(Args.notBlank(resetToken, "resetToken"))
        .newPassword(Args.password(newPassword, "newPassword"));
    Optional<String> resetUser = TokenClaims.parse(resetToken).flatMap(TokenClaims::userId);
    return core.call(false, () -> core.passwordApi.resetPassword(request), (answer, startedIn) -> {
      // the server revoked every session of that user: ours ends too when it is (or may be) theirs
      StoredTokens tokens = core.session().session();
      Optional<String> sessionUser = tokens == null ? Optional.empty()
          : TokenClaims.parse(tokens.accessToken()).flatMap(TokenClaims::userId);
      if (tokens != null && (!resetUser.isPresent() || !sessionUser.isPresent() || resetUser.equals(sessionUser))) {
        core.session().signOutIfStill(startedIn, AuthEvent.SignOutReason.PASSWORD_RESET);
      }
      return ClientCore.message(answer, startedIn);
    });
  }

  NestAuthCall<String> changePassword(String currentPassword, String newPassword) {
    Args.password(currentPassword, "currentPassword");
    Args.password(newPassword, "newPassword");
    if (currentPassword.equals(newPassword)) {
      throw new IllegalArgumentException("newPassword must differ from currentPassword");
    }
    ChangePasswordRequestDto request = new ChangePasswordRequestDto().currentPassword(currentPassword)
        .newPassword(newPassword);
    return core.call(true, () -> core.passwordApi.changePassword(request), (answer, startedIn) -> {
      core.session().signOutIfStill(startedIn, AuthEvent.SignOutReason.PASSWORD_CHANGED);
      return ClientCore.message(answer, startedIn);
    });
  }

  // ---------------------------------------------------------------- verification

  NestAuthCall<String> sendVerification(boolean email) {
    SendVerificationRequestDto request = new SendVerificationRequestDto().tenantId(core.defaultTenant());
    return core.call(true, () -> email ? core.verificationApi.sendEmailVerification(request)
        : core.verificationApi.sendPhoneVerification(request), ClientCore::message);
  }

  NestAuthCall<String> verifyCode(boolean email, String code) {
    VerifyCodeRequestDto request = new VerifyCodeRequestDto().code(Args.notBlank(code, "code"));
    return core.call(true, () -> email ? core.verificationApi.verifyEmail(request)
        : core.verificationApi.verifyPhone(request), ClientCore::message);
  }

  // ---------------------------------------------------------------- MFA

  NestAuthCall<String> sendMfaChallenge(MfaMethod method) {
    MfaChallengeRequestDto request = new MfaChallengeRequestDto().method(Args.notNull(method, "method").toWire());
    return core.call(true, () -> core.mfaApi.sendMfaChallenge(request), ClientCore::message);
  }

  NestAuthCall<AuthResponse> verifyMfa(String otp, MfaMethod method, boolean trustDevice) {
    MfaVerifyRequestDto request = new MfaVerifyRequestDto().otp(Args.notBlank(otp, "otp"))
        .method(Args.notNull(method, "method").toWire()).trustDevice(trustDevice);
    return core.call(true, () -> core.mfaApi.verifyMfa(request), signIn::signedIn);
  }

  NestAuthCall<AuthResponse> verifyRecoveryCode(String recoveryCode, boolean trustDevice) {
    RecoveryCodeVerifyRequestDto request = new RecoveryCodeVerifyRequestDto()
        .code(Args.notBlank(recoveryCode, "recoveryCode")).trustDevice(trustDevice);
    return core.call(true, () -> core.mfaApi.verifyRecoveryCode(request), signIn::signedIn);
  }

  NestAuthCall<MfaStatus> getMfaStatus() {
    return core.call(true, core.mfaApi::getMfaStatus, (answer, startedIn) -> MfaStatus.from(answer));
  }

  NestAuthCall<String> toggleMfa(boolean enabled) {
    MfaToggleRequestDto request = new MfaToggleRequestDto().enabled(enabled);
    return core.call(true, () -> core.mfaApi.toggleMfa(request), ClientCore::message);
  }

  NestAuthCall<TotpSetup> setupTotp(String deviceName) {
    TotpSetupRequestDto request = new TotpSetupRequestDto().deviceName(Args.optional(deviceName, "deviceName"));
    return core.call(true, () -> core.mfaApi.setupTotp(request), (answer, startedIn) -> TotpSetup.from(answer));
  }

  NestAuthCall<String> verifyTotpSetup(String secret, String otp) {
    TotpSetupVerifyRequestDto request = new TotpSetupVerifyRequestDto().secret(Args.notBlank(secret, "secret"))
        .otp(Args.notBlank(otp, "otp"));
    return core.call(true, () -> core.mfaApi.verifyTotpSetup(request), ClientCore::message);
  }

  NestAuthCall<List<MfaDevice>> listTotpDevices() {
    return core.call(true, core.mfaApi::listMfaDevices, (answer, startedIn) -> {
      List<MfaDevice> devices = new ArrayList<>();
      answer.stream().filter(Objects::nonNull).forEach(device -> devices.add(MfaDevice.from(device)));
      return List.copyOf(devices);
    });
  }

  NestAuthCall<String> removeTotpDevice(String deviceId) {
    UUID id = Args.uuid(deviceId, "deviceId");
    return core.call(true, () -> core.mfaApi.removeMfaDevice(id), ClientCore::message);
  }

  NestAuthCall<RecoveryCodes> generateRecoveryCodes() {
    return core.call(true, core.mfaApi::generateRecoveryCodes, (answer, startedIn) -> {
      List<String> codes = ClientCore.orEmpty(answer.getCodes());
      if (codes.stream().anyMatch(Objects::isNull)) {
        throw ClientCore.unexpected(io.nestauth.generated.api.MfaApi.GENERATE_RECOVERY_CODES, "with a null code");
      }
      return new RecoveryCodes(codes);
    });
  }

  NestAuthCall<String> resetTotp(String recoveryCode) {
    ResetTotpRequestDto request = new ResetTotpRequestDto().code(Args.notBlank(recoveryCode, "recoveryCode"));
    return core.call(true, () -> core.mfaApi.resetTotp(request), ClientCore::message);
  }

  private static boolean isEmail(String identifier) {
    return identifier.indexOf('@') > 0;
  }
}
