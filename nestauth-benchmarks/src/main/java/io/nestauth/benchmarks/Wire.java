package io.nestauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Bodies shaped like a real {@code @ackplus/nest-auth} 2.11.1 server's (spec/SERVER-BEHAVIOUR.md §3,
 * §11): HS256 JWTs of about 550 characters carrying the server's claims, the login answer, the
 * {@code /auth/me} answer, the INVALID_TOKEN error of an expired access token.
 */
public final class Wire {
  public static final String USER_ID = "26b6b071-32d7-4cba-9161-6d80869ec2fa";
  public static final String SESSION_ID = "9c1f0f7e-5d8a-4b7e-9f3e-2a6c1d0b8e41";
  public static final String EMAIL = "alice@example.com";
  public static final String PASSWORD = "Passw0rd!23";

  private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

  private Wire() {
  }

  /**
   * @param type {@code access} or {@code refresh}
   * @param iat issued at, epoch seconds
   * @param exp expiry, epoch seconds
   * @param salt makes tokens of the same second differ (the signature part)
   * @return a JWT with the claims Nest Auth puts in its tokens (signature is not verifiable)
   */
  public static String jwt(String type, long iat, long exp, int salt) {
    String claims = "{\"id\":\"" + USER_ID + "\",\"sub\":\"" + USER_ID + "\",\"sessionId\":\"" + SESSION_ID + "\","
        + "\"email\":\"" + EMAIL + "\",\"phone\":null,\"emailVerifiedAt\":null,"
        + "\"phoneVerifiedAt\":null,\"roles\":[],\"tenantId\":null,"
        + "\"isMfaEnabled\":false,\"isMfaVerified\":false,\"type\":\"" + type + "\",\"iat\":" + iat + ",\"exp\":" + exp
        + ("refresh".equals(type) ? ",\"jti\":\"" + String.format("%08x-7d2e-4c1b-9a55-%012x", salt, iat) + "\"" : "")
        + "}";
    byte[] signature = new byte[32];
    for (int i = 0; i < signature.length; i++) {
      signature[i] = (byte) (i * 31 + salt * 17 + iat);
    }
    return HEADER + "." + b64(claims) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  /** @return the 200 body of login, signup, refresh-token (spec/SERVER-BEHAVIOUR.md §11) */
  public static String tokensBody(String accessToken, String refreshToken, String message) {
    return "{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\"" + refreshToken
        + "\",\"isRequiresMfa\":false,\"message\":\"" + message + "\"}";
  }

  /** @return the 200 body of {@code GET /auth/me} for a user with one role and one permission */
  public static String meBody() {
    return "{\"id\":\"" + USER_ID + "\",\"email\":\"" + EMAIL + "\",\"phone\":null,"
        + "\"emailVerifiedAt\":\"2026-11-21T22:15:38.000Z\",\"phoneVerifiedAt\":null,\"isMfaEnabled\":false,"
        + "\"metadata\":{\"displayName\":\"Alice\",\"locale\":\"en-GB\"},\"mustChangePassword\":false,"
        + "\"roles\":[{\"id\":\"ab1d5f2f-8fb9-42d4-a901-70f70d0c7031\",\"name\":\"member\",\"guard\":\"web\"}],"
        + "\"permissions\":[\"users.invite\",\"profile.read\"]}";
  }

  /** @return the 401 an expired (or otherwise bad) access token gets (spec/SERVER-BEHAVIOUR.md §3) */
  public static String invalidTokenBody() {
    return "{\"statusCode\":401,\"error\":\"UnauthorizedException\",\"message\":\"Invalid token\",\"code\":\"INVALID_TOKEN\"}";
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
