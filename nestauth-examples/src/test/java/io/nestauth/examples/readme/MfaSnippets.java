package io.nestauth.examples.readme;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.MfaDevice;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.MfaStatus;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.RecoveryCodes;
import io.nestauth.client.TotpSetup;

import java.util.List;

/** README: MFA. */
final class MfaSnippets {
  private final NestAuthClient auth;
  private final Ui ui;

  MfaSnippets(NestAuthClient auth, Ui ui) {
    this.auth = auth;
    this.ui = ui;
  }

  void login(String password) {
    // tag::mfa-login[]
    AuthResponse login = auth.loginWithEmail("alice@example.com", password).execute();
    if (login.isRequiresMfa()) {                  // auth.isMfaPending() tells the same later
      MfaMethod method = login.defaultMfaMethod().orElse(MfaMethod.EMAIL);
      if (method != MfaMethod.TOTP) {
        auth.sendMfaChallenge(method).execute();  // email or SMS; authenticator apps need none
      }
      auth.verifyMfa(ui.askForCode(), method, /* trustDevice */ true).execute();
    }
    // end::mfa-login[]
  }

  void recoveryCodes(String recoveryCode, String anotherRecoveryCode) {
    // tag::mfa-recovery-codes[]
    // signed in: fresh codes, replacing unused earlier ones; show them once
    RecoveryCodes codes = auth.generateRecoveryCodes().execute();
    ui.showRecoveryCodesOnce(codes.codes());

    // at login, instead of an MFA code (each recovery code works once)
    auth.verifyRecoveryCode(recoveryCode, /* trustDevice */ false).execute();

    // lost phone: removes every authenticator device, using up a recovery code
    auth.resetTotp(anotherRecoveryCode).execute();
    // end::mfa-recovery-codes[]
  }

  void totp() {
    // tag::mfa-totp[]
    TotpSetup setup = auth.setupTotp("Work phone").execute();
    ui.showQrCode(setup.qrCode());                  // a data:image/png URL; otpAuthUrl() for a link
    auth.verifyTotpSetup(setup.secret(), ui.askForCode()).execute();

    for (MfaDevice device : auth.listTotpDevices().execute()) {
      if (!device.isVerified()) {
        auth.removeTotpDevice(device.id()).execute();   // a set-up never confirmed
      }
    }
    // end::mfa-totp[]
  }

  List<MfaMethod> status() {
    // tag::mfa-status[]
    MfaStatus status = auth.getMfaStatus().execute();
    if (!status.isEnabled() && status.canToggle()) {
      auth.toggleMfa(true).execute();               // applies from the next login
    }
    List<MfaMethod> usable = status.verifiedMethods();
    boolean hasRecoveryCodes = status.hasRecoveryCodes();
    // end::mfa-status[]
    return hasRecoveryCodes ? usable : List.of();
  }
}
