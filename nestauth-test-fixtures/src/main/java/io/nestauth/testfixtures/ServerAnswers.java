package io.nestauth.testfixtures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies a Nest Auth 2.11.1 server answers with (spec/nest-auth.openapi.yaml,
 * spec/SERVER-BEHAVIOUR.md §3 and §11), as JSON text: token answers, errors in the shape of the
 * global {@code AuthExceptionFilter}, the session user. For MockWebServer,
 * {@link MockResponses} wraps them in responses.
 */
public final class ServerAnswers {
  /** The message of {@code 401 INVALID_TOKEN} (garbage, wrongly signed or expired access token). */
  public static final String INVALID_TOKEN_MESSAGE = "Invalid or expired token";
  /** The message of {@code 401 NO_AUTH_PROVIDED} (no bearer token). */
  public static final String NO_AUTH_MESSAGE = "No authentication provided";
  /** The message of the uncoded 401 every token of a deleted session gets. */
  public static final String SESSION_NOT_FOUND_MESSAGE = "Session not found";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerAnswers() {
  }

  /**
   * The 200 body of a token answer without MFA (signup, login, refresh-token).
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param message e.g. {@code Login successful}, {@code Token refreshed successfully}
   * @return the JSON body
   */
  public static String tokensBody(String accessToken, String refreshToken, String message) {
    return tokensBody(accessToken, refreshToken, false, message, Map.of());
  }

  /**
   * The 200 body of a token answer (signup, login, refresh-token, mfa/verify, switch-tenant).
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param requiresMfa the {@code isRequiresMfa} field
   * @param message the {@code message} field
   * @return the JSON body
   */
  public static String tokensBody(String accessToken, String refreshToken, boolean requiresMfa, String message) {
    return tokensBody(accessToken, refreshToken, requiresMfa, message, Map.of());
  }

  /**
   * The 200 body of a token answer with further fields ({@code mfaMethods}, {@code defaultMfaMethod},
   * {@code mustChangePassword}, {@code trustToken}).
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param requiresMfa the {@code isRequiresMfa} field
   * @param message the {@code message} field
   * @param extra further fields, written after these
   * @return the JSON body
   */
  public static String tokensBody(String accessToken, String refreshToken, boolean requiresMfa, String message,
      Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accessToken", accessToken);
    body.put("refreshToken", refreshToken);
    body.put("isRequiresMfa", requiresMfa);
    body.put("message", message);
    body.putAll(extra);
    return toJson(body);
  }

  /**
   * A {@code Set-Cookie} value as a cookie-mode server writes it (Express's {@code res.cookie} with
   * the library's defaults for plain-http test servers: path {@code /}, {@code SameSite=Lax}).
   *
   * @param name the cookie's name, e.g. {@code accessToken}
   * @param value the cookie's value
   * @param maxAgeSeconds the {@code Max-Age}
   * @param httpOnly whether the cookie is {@code HttpOnly} (every token cookie; not the CSRF cookie)
   * @return the header value
   */
  public static String setCookie(String name, String value, long maxAgeSeconds, boolean httpOnly) {
    return name + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/" + (httpOnly ? "; HttpOnly" : "")
        + "; SameSite=Lax";
  }

  /**
   * An error body as the global {@code AuthExceptionFilter} writes it.
   *
   * @param status the {@code statusCode} field (the HTTP status)
   * @param errorName the {@code error} field: the exception class name when there is a code, else
   *     the reason phrase
   * @param message the {@code message} field
   * @param code the {@code code} field, or null for an uncoded error (validation, dead session)
   * @return the JSON body
   */
  public static String errorBody(int status, String errorName, String message, String code) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statusCode", status);
    body.put("error", errorName);
    body.put("message", message);
    if (code != null) {
      body.put("code", code);
    }
    return toJson(body);
  }

  /**
   * The {@code 401 INVALID_TOKEN} an expired, garbage or wrongly signed access token gets.
   *
   * @return the JSON body
   */
  public static String invalidTokenBody() {
    return errorBody(401, "UnauthorizedException", INVALID_TOKEN_MESSAGE, "INVALID_TOKEN");
  }

  /**
   * The {@code 401 NO_AUTH_PROVIDED} of a bearer operation called without a bearer token.
   *
   * @return the JSON body
   */
  public static String noAuthBody() {
    return errorBody(401, "UnauthorizedException", NO_AUTH_MESSAGE, "NO_AUTH_PROVIDED");
  }

  /**
   * The uncoded 401 every token of a deleted (revoked) session gets.
   *
   * @return the JSON body
   */
  public static String sessionNotFoundBody() {
    return errorBody(401, "Unauthorized", SESSION_NOT_FOUND_MESSAGE, null);
  }

  /**
   * The 404 of an unknown route.
   *
   * @param method the request's method
   * @param path the request's path, e.g. {@code /api/auth/x}
   * @return the JSON body
   */
  public static String notFoundBody(String method, String path) {
    return errorBody(404, "Not Found", "Cannot " + method + " " + path, null);
  }

  /**
   * A plain confirmation ({@code {"message": ...}}).
   *
   * @param message the message
   * @return the JSON body
   */
  public static String messageBody(String message) {
    return toJson(Map.of("message", message));
  }

  /**
   * The 200 body of {@code GET /auth/me} for {@link TestUser}: email verified, no phone, app
   * metadata, one role with one permission, and a field the application merged in.
   *
   * @return the JSON body
   */
  public static String sessionUserBody() {
    return "{\"id\":\"" + TestUser.USER_ID + "\",\"email\":\"" + TestUser.EMAIL + "\",\"phone\":null,"
        + "\"emailVerifiedAt\":\"2026-11-21T22:15:48.134Z\",\"phoneVerifiedAt\":null,\"isMfaEnabled\":false,"
        + "\"metadata\":{\"plan\":\"pro\"},\"mustChangePassword\":false,"
        + "\"roles\":[{\"id\":\"ab1d5f2f-8fb9-42d4-a901-70f70d0c7031\",\"name\":\"inviter\",\"guard\":\"web\"}],"
        + "\"permissions\":[\"users.invite\"],\"avatarColor\":\"teal\"}";
  }

  /**
   * The 200 body of {@code GET /auth/mfa/status} for a user without MFA, on a server offering
   * email, sms and totp.
   *
   * @return the JSON body
   */
  public static String mfaStatusBody() {
    return "{\"isEnabled\":false,\"verifiedMethods\":[],\"configuredMethods\":[\"email\",\"sms\",\"totp\"],"
        + "\"allowUserToggle\":true,\"allowMethodSelection\":true,\"totpDevices\":[],\"hasRecoveryCode\":false,"
        + "\"required\":false,\"canToggle\":true}";
  }

  /**
   * The 200 body of {@code GET /auth/verify-session} for {@link TestUser}'s session.
   *
   * @return the JSON body
   */
  public static String verifySessionBody() {
    return "{\"valid\":true,\"userId\":\"" + TestUser.USER_ID + "\",\"expiresAt\":\"2026-11-28T22:15:48.000Z\"}";
  }

  /**
   * Writes a value as JSON.
   *
   * @param value a map, list or plain value
   * @return the JSON text
   */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
