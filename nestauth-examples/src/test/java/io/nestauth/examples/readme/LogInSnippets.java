package io.nestauth.examples.readme;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.LoginRequest;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.SocialTokenType;

/** README: Log in. */
final class LogInSnippets {
  private final NestAuthClient auth;
  private final Ui ui;

  LogInSnippets(NestAuthClient auth, Ui ui) {
    this.auth = auth;
    this.ui = ui;
  }

  AuthResponse withPassword(String password) {
    // tag::login-password[]
    AuthResponse login = auth.loginWithEmail("alice@example.com", password).execute();
    // or by phone number
    AuthResponse byPhone = auth.loginWithPhone("+14155550101", password).execute();
    // end::login-password[]
    return login.isRequiresMfa() ? login : byPhone;
  }

  void passwordless() {
    // tag::login-passwordless[]
    auth.sendPasswordlessCode(PasswordlessChannel.EMAIL, "alice@example.com").execute();
    String code = ui.askForCode();   // the 6-digit code from the email
    auth.loginWithPasswordlessCode("alice@example.com", code, PasswordlessChannel.EMAIL).execute();
    // end::login-passwordless[]
  }

  void google(String googleIdToken, String googleAccessToken) {
    // tag::login-google[]
    auth.signInWithGoogleIdToken(googleIdToken).execute();   // from Google Sign-In on the device
    // or with an OAuth access token
    auth.socialLogin("google", googleAccessToken, SocialTokenType.ACCESS_TOKEN).execute();
    // end::login-google[]
  }

  void apple(String appleIdentityToken, String rawNonce) {
    // tag::login-apple[]
    // Apple reveals the user's name on the first sign-in only: pass it then, null afterwards
    auth.signInWithAppleCredential(appleIdentityToken, "Alice", "Smith", rawNonce).execute();
    // end::login-apple[]
  }

  void social(String githubAccessToken, String ssoTicket) {
    // tag::login-social[]
    // any provider the server has configured: facebook, github, ...
    auth.socialLogin("github", githubAccessToken, null).execute();

    // a custom provider registered by your server, with its own credential fields
    LoginRequest sso = LoginRequest.builder()
        .providerName("corporate-sso")
        .credential("ticket", ssoTicket)
        .createUserIfNotExists(true)
        .build();
    auth.login(sso).execute();
    // end::login-social[]
  }
}
