package io.nestauth.examples.readme;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SignupRequest;

import java.util.Map;

/** README: Sign up. */
final class SignUpSnippets {
  private final NestAuthClient auth;

  SignUpSnippets(NestAuthClient auth) {
    this.auth = auth;
  }

  AuthResponse withEmail(String password) {
    // tag::signup-email[]
    AuthResponse signup = auth.signupWithEmail("alice@example.com", password).execute();
    boolean signedIn = auth.isAuthenticated();   // true: the new user's tokens are stored
    // end::signup-email[]
    return signedIn ? signup : null;
  }

  void withPhone(String password) {
    // tag::signup-phone[]
    auth.signupWithPhone("+14155550101", password).execute();
    // end::signup-phone[]
  }

  void withExtraFields(String password) {
    // tag::signup-extra-fields[]
    // fields your server's signup accepts beyond email, phone and password
    auth.signupWithEmail("bob@example.com", password, Map.of("firstName", "Bob", "lastName", "Jones")).execute();

    // or compose the whole request (tenant, role guard, extra fields)
    SignupRequest carol = SignupRequest.builder()
        .email("carol@example.com")
        .password(password)
        .guard("web")
        .field("referralCode", "SPRING26")
        .build();
    auth.signup(carol).execute();
    // end::signup-extra-fields[]
  }
}
