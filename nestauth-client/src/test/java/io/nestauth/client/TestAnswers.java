package io.nestauth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Nest Auth server's answer shapes (spec/nest-auth.openapi.yaml, spec/SERVER-BEHAVIOUR.md) for
 * MockWebServer, in one place for every test package of the client (the operation tests and the
 * reliability suite).
 */
public final class TestAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestAnswers() {
  }

  /** A JSON answer as Express sends it, to be finished (delays, socket policies) by the caller. */
  public static MockResponse.Builder jsonBuilder(int code, String body) {
    return new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body);
  }

  /** The body of a token-bearing answer (signup, login, refresh, mfa/verify, switch-tenant). */
  public static String tokensBody(String access, String refresh, boolean requiresMfa, String message,
      Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accessToken", access);
    body.put("refreshToken", refresh);
    body.put("isRequiresMfa", requiresMfa);
    body.put("message", message);
    body.putAll(extra);
    return toJson(body);
  }

  /** A Nest Auth error body as the global AuthExceptionFilter writes it. */
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

  /** The 401 an expired or unknown access token gets. */
  public static String invalidTokenBody() {
    return errorBody(401, "UnauthorizedException", "Invalid or expired token", "INVALID_TOKEN");
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
