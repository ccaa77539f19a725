package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;

/** README: Email and phone verification. */
final class VerificationSnippets {
  private final NestAuthClient auth;
  private final Ui ui;

  VerificationSnippets(NestAuthClient auth, Ui ui) {
    this.auth = auth;
    this.ui = ui;
  }

  boolean verify() {
    // tag::verification[]
    auth.sendEmailVerification().execute();   // a code to the signed-in user's email address
    auth.verifyEmail(ui.askForCode()).execute();

    auth.sendPhoneVerification().execute();   // a code to the user's phone, by SMS
    auth.verifyPhone(ui.askForCode()).execute();

    boolean verified = auth.getSessionUserData().execute().isEmailVerified();
    // end::verification[]
    return verified;
  }
}
