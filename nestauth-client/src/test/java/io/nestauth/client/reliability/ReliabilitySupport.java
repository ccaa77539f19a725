package io.nestauth.client.reliability;

import io.nestauth.client.TestAnswers;
import io.nestauth.client.TestJwts;

import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared helpers of the reliability suite: real-looking Nest Auth JWTs, the server's answer shapes
 * (built by {@link TestAnswers}) and the leak check of an OkHttpClient.
 */
final class ReliabilitySupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER_ID = TestJwts.USER_ID;
  static final String SESSION_ID = TestJwts.SESSION_ID;
  static final String PASSWORD = "Passw0rd!23";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private ReliabilitySupport() {
  }

  // ------------------------------------------------------------------ tokens

  /** A token shaped like the server's, expiring at {@code exp} (built by {@link TestJwts}). */
  static String jwt(String type, Instant exp, boolean mfaEnabled, boolean mfaVerified) {
    TestJwts.Builder token = TestJwts.ofType(type).expiresAt(exp).mfa(mfaEnabled, mfaVerified);
    if ("refresh".equals(type)) {
      token.claim("jti", randomPart(16));
    }
    return token.build();
  }

  static String access() {
    return jwt("access", Instant.now().plus(Duration.ofMinutes(15)), false, false);
  }

  static String expiredAccess() {
    return jwt("access", Instant.now().minus(Duration.ofMinutes(5)), false, false);
  }

  static String refresh() {
    return jwt("refresh", Instant.now().plus(Duration.ofDays(7)), false, false);
  }

  static String randomPart(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return B64.encodeToString(random);
  }

  // ------------------------------------------------------------------ answers

  static MockResponse.Builder jsonBuilder(int code, String body) {
    return TestAnswers.jsonBuilder(code, body);
  }

  static MockResponse json(int code, String body) {
    return jsonBuilder(code, body).build();
  }

  static String tokensBody(String access, String refresh, String message) {
    return TestAnswers.tokensBody(access, refresh, false, message, Map.of());
  }

  static String errorBody(int status, String errorName, String message, String code) {
    return TestAnswers.errorBody(status, errorName, message, code);
  }

  static MockResponse error(int status, String errorName, String message, String code) {
    return json(status, errorBody(status, errorName, message, code));
  }

  static MockResponse invalidToken() {
    return json(401, TestAnswers.invalidTokenBody());
  }

  static String sessionUserBody() {
    return "{\"id\":\"" + USER_ID + "\",\"email\":\"alice@example.com\",\"phone\":null,"
        + "\"emailVerifiedAt\":\"2026-11-21T22:15:48.134Z\",\"phoneVerifiedAt\":null,\"isMfaEnabled\":false,"
        + "\"metadata\":{},\"mustChangePassword\":false,"
        + "\"roles\":[{\"id\":\"ab1d5f2f-8fb9-42d4-a901-70f70d0c7031\",\"name\":\"user\",\"guard\":\"web\"}],"
        + "\"permissions\":[]}";
  }

  static String mfaStatusBody() {
    return "{\"isEnabled\":false,\"verifiedMethods\":[],\"configuredMethods\":[\"email\",\"sms\",\"totp\"],"
        + "\"allowUserToggle\":true,\"allowMethodSelection\":true,\"totpDevices\":[],\"hasRecoveryCode\":false,"
        + "\"required\":false,\"canToggle\":true}";
  }

  static String verifySessionBody() {
    return "{\"valid\":true,\"userId\":\"" + USER_ID + "\",\"expiresAt\":\"2026-11-28T22:15:48.000Z\"}";
  }

  static String toJson(Object value) {
    return TestAnswers.toJson(value);
  }

  /** Calls every reader of the claims, as a user would; none may throw. */
  static void touch(io.nestauth.client.TokenClaims claims) {
    claims.userId();
    claims.sessionId();
    claims.email();
    claims.phone();
    claims.tenantId();
    claims.type();
    claims.isMfaEnabled();
    claims.isMfaVerified();
    claims.isMfaPending();
    claims.expiresAt();
    claims.issuedAt();
    claims.asMap();
    claims.toString();
  }

  // ------------------------------------------------------------------ OkHttp hygiene

  /** A user-supplied OkHttpClient with short timeouts, so its dispatcher and pool can be inspected. */
  static OkHttpClient httpClient(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .build();
  }

  /**
   * Asserts that no call is running or queued and every pooled connection is idle, then evicts
   * them and checks the pool is empty.
   */
  static void assertNoLeaks(OkHttpClient http, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    // async calls leave the dispatcher just after their future completes
    while ((http.dispatcher().runningCallsCount() > 0 || http.dispatcher().queuedCallsCount() > 0
        || http.connectionPool().connectionCount() != http.connectionPool().idleConnectionCount())
        && System.nanoTime() < deadline) {
      sleep(5);
    }
    assertThat(http.dispatcher().runningCallsCount()).as(what + ": running calls").isZero();
    assertThat(http.dispatcher().queuedCallsCount()).as(what + ": queued calls").isZero();
    assertThat(http.connectionPool().connectionCount()).as(what + ": only idle connections are pooled")
        .isEqualTo(http.connectionPool().idleConnectionCount());
    http.connectionPool().evictAll();
    assertThat(http.connectionPool().connectionCount()).as(what + ": evictAll empties the pool").isZero();
  }

  static void shutdown(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
