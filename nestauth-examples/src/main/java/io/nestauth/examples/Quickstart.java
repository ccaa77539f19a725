package io.nestauth.examples;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.ServerConfig;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.ReferenceBackend;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The whole Nest Auth journey with {@link NestAuthClient}, narrated.
 *
 * <p>Without arguments it starts the reference backend (a real @ackplus/nest-auth 2.11.1, installed
 * from npm on first use) and reads one-time codes from its test hooks. With a base URL
 * ({@code https://api.example.com/api}) it runs the steps that need no one-time code against that server.
 */
public final class Quickstart {
  private static final String PASSWORD = "Quickstart-Passw0rd";
  private static final String NEW_PASSWORD = "Quickstart-Passw0rd-2";
  private static final String JOURNEY =
      "Quickstart: NestAuthClient's whole journey (signup, session, refresh, MFA, tenants, password reset, logout)";

  private final PrintStream out;
  private int step;

  Quickstart(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args.length > 0 && args[0] != null && !args[0].isBlank() ? args[0] : null;
    Quickstart quickstart = new Quickstart(System.out);
    if (baseUrl != null) {
      quickstart.say(JOURNEY + " against " + baseUrl + " (steps that need one-time codes are skipped)");
      quickstart.run(baseUrl, null);
      return;
    }
    quickstart.say(JOURNEY + " against a real Nest Auth server. Starting the reference backend;"
        + " the first run installs it from npm (about 20-40 s)...");
    try (ReferenceBackend backend = ReferenceBackend.start()) {
      quickstart.say("reference backend up at " + backend.baseUrl());
      quickstart.run(backend.baseUrl(), backend.hooks());
    }
  }

  void run(String baseUrl, BackendHooks hooks) throws IOException {
    Path sessionFile = Files.createTempDirectory("nestauth-quickstart").resolve("session.json");
    FileTokenStore store = new FileTokenStore(sessionFile);
    String email = "quickstart+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    try (NestAuthClient auth = client(baseUrl, store)) {
      ServerConfig config = auth.getClientConfig().execute();
      step("client config: MFA methods " + config.mfaMethods() + ", tenants "
          + config.tenantMode().orElse("unknown"));

      AuthResponse signup = auth.signupWithEmail(email, PASSWORD).execute();
      step("signed up " + email + " (" + signup.message() + "); authenticated=" + auth.isAuthenticated());

      SessionUser me = auth.getSessionUserData().execute();
      step("session user: " + me);
      step("access token expires at " + auth.accessTokenExpiresAt().orElse(null));

      if (hooks != null) {
        // simulate an app restart after the access token expired: a new client over the same file
        StoredTokens stored = store.load().orElseThrow();
        store.save(new StoredTokens(hooks.expiredCopyOf(stored.accessToken()), stored.refreshToken(), false, null));
      }
    }

    try (NestAuthClient auth = client(baseUrl, store)) {
      step("restarted: a new client restored the session from " + sessionFile.getFileName()
          + "; authenticated=" + auth.isAuthenticated() + ", token expired=" + auth.isAccessTokenExpired());
      auth.getSessionUserData().execute();
      step("GET /auth/me worked; the client refreshed the expired token on the way");

      if (hooks == null) {
        step("MFA, tenant switch and password reset need one-time codes: run without a base URL to see them");
        auth.logout().execute();
        step("logged out; authenticated=" + auth.isAuthenticated());
        return;
      }

      auth.toggleMfa(true).execute();
      step("MFA enabled for " + email);
      auth.logout().execute();
      AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
      step("login answered requiresMfa=" + login.isRequiresMfa() + " methods=" + login.mfaMethods()
          + "; mfaPending=" + auth.isMfaPending());
      auth.sendMfaChallenge(MfaMethod.EMAIL).execute();
      String code = hooks.lastCode(email, CodePurpose.MFA);
      step("MFA code sent by email (read from the reference backend's test hook)");
      auth.verifyMfa(code, MfaMethod.EMAIL, true).execute();
      step("MFA verified; authenticated=" + auth.isAuthenticated() + ", device trusted=" + auth.isDeviceTrusted());

      auth.logout().execute();
      AuthResponse trusted = auth.loginWithEmail(email, PASSWORD).execute();
      step("login from the trusted device: requiresMfa=" + trusted.isRequiresMfa());

      String slug = "acme-" + UUID.randomUUID().toString().substring(0, 6);
      String tenantId = hooks.createTenant("Acme", slug).id();
      hooks.addMember(email, tenantId);
      step("tenant lookup: " + auth.lookupTenant(slug).execute().name());
      AuthResponse switched = auth.switchTenant(tenantId).execute();
      step("switched tenant; token tenantId=" + switched.claims().flatMap(TokenClaims::tenantId).orElse(null));

      auth.forgotPassword(email).execute();
      String resetCode = hooks.lastCode(email, CodePurpose.PASSWORD_RESET);
      String resetToken = auth.verifyForgotPasswordOtp(email, resetCode).execute();
      auth.resetPassword(resetToken, NEW_PASSWORD).execute();
      step("password reset; the server revoked every session: authenticated=" + auth.isAuthenticated());

      try {
        auth.loginWithEmail(email, PASSWORD).execute();
      } catch (NestAuthException e) {
        step("old password rejected: " + e.code().orElse("?") + " (invalidCredentials=" + e.isInvalidCredentials() + ")");
      }
      auth.loginWithEmail(email, NEW_PASSWORD).execute();
      step("logged in with the new password; authenticated=" + auth.isAuthenticated());
      auth.logout().execute();
      step("logged out; authenticated=" + auth.isAuthenticated());
    }
    say("done: every step ran against a real Nest Auth server");
  }

  private NestAuthClient client(String baseUrl, FileTokenStore store) {
    return NestAuthClient.builder()
        .baseUrl(baseUrl)
        .tokenStore(store)
        .userAgentSuffix("nestauth-quickstart")
        .listener(this::event)
        .build();
  }

  private void event(AuthEvent event) {
    out.println("      event: " + event);
  }

  private void step(String text) {
    out.printf("%2d. %s%n", ++step, text);
  }

  private void say(String text) {
    out.println("==> " + text);
  }
}
