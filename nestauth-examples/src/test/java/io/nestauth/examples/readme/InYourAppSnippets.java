package io.nestauth.examples.readme;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.AccountLockedException;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.ValidationException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** README: Using it in your app. */
final class InYourAppSnippets {
  private final NestAuthClient auth;
  private final Ui ui;

  InYourAppSnippets(NestAuthClient auth, Ui ui) {
    this.auth = auth;
    this.ui = ui;
  }

  String ownApiCall(String ordersUrl) throws IOException {
    // tag::own-api-calls[]
    OkHttpClient api = new OkHttpClient.Builder()
        .addInterceptor(auth.authInterceptor())
        .build();

    Request request = new Request.Builder().url(ordersUrl).build();
    try (Response response = api.newCall(request).execute()) {
      return response.body().string();   // the call carried the access token; a 401 refreshed it once
    }
    // end::own-api-calls[]
  }

  void listeners() {
    // tag::listeners[]
    auth.addListener(event -> {
      switch (event.type()) {
        case SIGNED_IN -> ui.showWelcome(event.claims().flatMap(TokenClaims::email).orElse("you"));
        case SIGNED_OUT -> {
          if (event.signOutReason().orElse(null) == AuthEvent.SignOutReason.SESSION_REJECTED) {
            ui.showLoginScreen();   // the server revoked the session, or it expired
          }
        }
        default -> { }              // TOKEN_REFRESHED, MFA_REQUIRED
      }
    });
    // end::listeners[]
  }

  CompletableFuture<SessionUser> async(String password) {
    // tag::async[]
    CompletableFuture<SessionUser> me = auth.loginWithEmail("alice@example.com", password)
        .executeAsync()                             // returns at once; OkHttp's threads do the work
        .thenCompose(login -> auth.getSessionUserData().executeAsync());

    me.whenComplete((user, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        ui.showError(cause.getMessage());           // the same NestAuthException execute() throws
      } else {
        ui.showWelcome(user.email().orElse(user.id()));
      }
    });
    // end::async[]
    return me;
  }

  void errors(String email, String password) {
    // tag::errors[]
    try {
      auth.loginWithEmail(email, password).execute();
    } catch (InvalidCredentialsException e) {
      ui.showError("Wrong email or password");
    } catch (RateLimitedException | AccountLockedException e) {
      Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
      ui.showError("Too many attempts, try again in " + wait.toSeconds() + " s");
    } catch (ValidationException e) {
      ui.showError(e.serverMessage().orElse("Please check the form"));
    } catch (NestAuthNetworkException e) {          // NestAuthTimeoutException too; status() is 0
      ui.showError("No connection to the server");
    } catch (NestAuthException e) {                 // every other failure
      ui.showError("Sign-in failed (HTTP " + e.status() + ", " + e.code().orElse("no code") + ")");
    }
    // end::errors[]
  }

  void errorHelpers(String email, String password) {
    // tag::error-helpers[]
    try {
      auth.signupWithEmail(email, password).execute();
    } catch (NestAuthException e) {
      if (e.hasCode("EMAIL_ALREADY_EXISTS")) {
        ui.showError("This address already has an account");
      } else if (e.isValidationError()) {
        ui.showError(e.serverMessage().orElse("Please check the form"));
      } else if (e.isRateLimited() || e.isNetworkError()) {
        ui.showError("Please try again later");
      } else {
        throw e;
      }
    }
    // end::error-helpers[]
  }
}
