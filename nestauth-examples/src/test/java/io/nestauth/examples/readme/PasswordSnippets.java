package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;

/** README: Password reset, Change password. */
final class PasswordSnippets {
  private final NestAuthClient auth;
  private final Ui ui;

  PasswordSnippets(NestAuthClient auth, Ui ui) {
    this.auth = auth;
    this.ui = ui;
  }

  void reset(String newPassword) {
    // tag::password-reset[]
    auth.forgotPassword("alice@example.com").execute();   // a code by email (a phone number gets an SMS)
    String code = ui.askForCode();
    String resetToken = auth.verifyForgotPasswordOtp("alice@example.com", code).execute();
    auth.resetPassword(resetToken, newPassword).execute();
    // end::password-reset[]
  }

  void change(String currentPassword, String newPassword) {
    // tag::change-password[]
    auth.changePassword(currentPassword, newPassword).execute();
    // the server revoked every session of the user, this one included: sign in again
    auth.loginWithEmail("alice@example.com", newPassword).execute();
    // end::change-password[]
  }
}
