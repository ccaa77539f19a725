package io.nestauth.client;

import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Runs the flows that handle secrets with distinctive values and checks that none of them shows
 * up in any log record (all levels), exception message or toString() the SDK produces.
 */
class SecretsStayOutOfLogsAndMessagesTest extends ClientTestSupport {
  static final String PASSWORD_SECRET = "S3cret-Passw0rd!";
  static final String NEW_PASSWORD_SECRET = "N3w-S3cret-Passw0rd!";
  static final String WRONG_PASSWORD_SECRET = "Wr0ng-S3cret-Passw0rd!";
  static final String OTP_SECRET = "918273";
  static final String WRONG_OTP_SECRET = "645372";
  static final String TRUST_SECRET = "TrUsT-s3cr3t-GWE4YvVcy6CSNmYytfy5GSkGjuhqpP";
  static final List<String> RECOVERY_SECRETS = List.of("RcvrySecretAAAAAAAAAAAAAAA1", "RcvrySecretBBBBBBBBBBBBBBB2");

  // a strong reference keeps the configured JUL logger (loggers are weakly held)
  private final Logger nestauth = Logger.getLogger("io.nestauth");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Level previousLevel;

  @BeforeEach
  void captureLogs() {
    previousLevel = nestauth.getLevel();
    capture.setLevel(Level.ALL);
    nestauth.addHandler(capture);
    nestauth.setLevel(Level.FINEST);
  }

  @AfterEach
  void restoreLogs() {
    nestauth.removeHandler(capture);
    nestauth.setLevel(previousLevel);
  }

  @Test
  void noSecretAppearsInLogsExceptionsOrToString() {
    String signupAccess = TestJwts.verifiedAccess();
    String signupRefresh = TestJwts.refreshToken();
    String pendingAccess = TestJwts.pendingAccess();
    String pendingRefresh = TestJwts.refreshToken();
    String verifiedAccess = TestJwts.access().mfa(true, true).build();
    String verifiedRefresh = TestJwts.refreshToken();
    String refreshedAccess = TestJwts.access().mfa(true, true).build();
    String refreshedRefresh = TestJwts.refreshToken();
    List<String> secrets = new ArrayList<>(List.of(PASSWORD_SECRET, NEW_PASSWORD_SECRET, WRONG_PASSWORD_SECRET,
        OTP_SECRET, WRONG_OTP_SECRET, TRUST_SECRET, signupAccess, signupRefresh, pendingAccess, pendingRefresh,
        verifiedAccess, verifiedRefresh, refreshedAccess, refreshedRefresh));
    secrets.addAll(RECOVERY_SECRETS);
    // the JWT signature is the part that must never leak; headers/payload segments are shared by design
    secrets.addAll(secrets.stream().filter(s -> s.startsWith("eyJ")).map(s -> s.substring(s.lastIndexOf('.') + 1))
        .toList());

    List<Object> produced = new ArrayList<>();
    List<Throwable> thrown = new ArrayList<>();

    server.enqueue(ok(tokens(signupAccess, signupRefresh, false, "Signup successful")));
    produced.add(client.signupWithEmail("alice@example.com", PASSWORD_SECRET).execute());

    server.enqueue(ok(tokens(pendingAccess, pendingRefresh, true, "Login successful",
        Map.of("mfaMethods", List.of("email"), "defaultMfaMethod", "email"))));
    produced.add(client.loginWithEmail("alice@example.com", PASSWORD_SECRET).execute());

    server.enqueue(error(400, "BadRequestException", "Invalid verification code", "VERIFICATION_CODE_INVALID"));
    thrown.add(catchThrowableOfType(NestAuthException.class,
        () -> client.verifyMfa(WRONG_OTP_SECRET, MfaMethod.EMAIL, true).execute()));

    server.enqueue(ok(tokens(verifiedAccess, verifiedRefresh, false, "2FA verification successful",
        Map.of("trustToken", TRUST_SECRET))));
    produced.add(client.verifyMfa(OTP_SECRET, MfaMethod.EMAIL, true).execute());

    server.enqueue(ok(toJson(Map.of("codes", RECOVERY_SECRETS, "code", RECOVERY_SECRETS.get(0)))));
    RecoveryCodes codes = client.generateRecoveryCodes().execute();
    assertThat(codes.codes()).isEqualTo(RECOVERY_SECRETS);
    produced.add(codes);

    server.enqueue(ok("{\"secret\":\"OU6CUNSPJ5EGKSTLPB4G6NTEIUUTEM25\",\"qrCode\":\"data:image/png;base64,iVBORw0K\","
        + "\"otpAuthUrl\":\"otpauth://totp/x\",\"issuer\":\"Nest\",\"account\":\"alice@example.com\"}"));
    TotpSetup totp = client.setupTotp("phone").execute();
    produced.add(totp);

    // refresh: the access token is rejected once
    server.enqueue(invalidToken());
    server.enqueue(ok(tokens(refreshedAccess, refreshedRefresh, false, "Token refreshed successfully")));
    server.enqueue(ok(sessionUserBody()));
    produced.add(client.getSessionUserData().execute());
    produced.add(store.load().orElseThrow());
    produced.add(client.accessTokenClaims().orElseThrow());
    produced.add(client);
    // prepared calls that carry secrets as arguments (they are never executed)
    produced.add(client.loginWithEmail("alice@example.com", PASSWORD_SECRET));
    produced.add(client.verifyMfa(OTP_SECRET, MfaMethod.EMAIL, true));
    produced.add(client.changePassword(PASSWORD_SECRET, NEW_PASSWORD_SECRET));

    server.enqueue(error(400, "BadRequestException", "Current password is incorrect", "CURRENT_PASSWORD_INCORRECT"));
    thrown.add(catchThrowableOfType(NestAuthException.class,
        () -> client.changePassword(WRONG_PASSWORD_SECRET, NEW_PASSWORD_SECRET).execute()));
    server.enqueue(message("Password changed successfully"));
    produced.add(client.changePassword(PASSWORD_SECRET, NEW_PASSWORD_SECRET).execute());

    server.enqueue(error(401, "UnauthorizedException", "Invalid credentials", "INVALID_CREDENTIALS"));
    thrown.add(catchThrowableOfType(InvalidCredentialsException.class,
        () -> client.loginWithEmail("alice@example.com", WRONG_PASSWORD_SECRET).execute()));
    // the trusted device login carries the trust token as a header: it must be redacted in the log
    server.enqueue(ok(tokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful")));
    client.loginWithEmail("alice@example.com", NEW_PASSWORD_SECRET).execute();
    secrets.add(client.accessToken().orElseThrow());
    produced.add(store.load().orElseThrow());
    produced.addAll(events);

    thrown.add(catchThrowableOfType(IllegalArgumentException.class, () -> client.signupWithEmail("alice@example.com",
        "short")));

    assertThat(thrown).doesNotContainNull().hasSize(4);
    List<String> texts = new ArrayList<>();
    SimpleFormatter formatter = new SimpleFormatter();
    for (LogRecord record : records) {
      texts.add(formatter.format(record));
    }
    for (Throwable t : thrown) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        texts.add(c.getMessage());
        texts.add(c.toString());
      }
    }
    for (Object value : produced) {
      texts.add(String.valueOf(value));
    }

    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("text produced by the SDK").doesNotContain(secret);
      }
    }

    // the HTTP log ran at debug level, with credential headers redacted
    String log = String.join("\n", texts.subList(0, records.size()));
    assertThat(log).contains("--> POST /api/auth/login").contains("--> GET /api/auth/me")
        .contains("Authorization=██").contains("nest_auth_device_trust=██");
  }
}
