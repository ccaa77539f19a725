package io.nestauth.testfixtures;

import mockwebserver3.MockResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ServerAnswers} as MockWebServer responses, with the content type Express sends.
 */
public final class MockResponses {
  private MockResponses() {
  }

  /**
   * A JSON answer to be finished by the caller (delays, socket effects, headers).
   *
   * @param code the HTTP status
   * @param body the JSON body
   * @return the response's builder
   */
  public static MockResponse.Builder jsonBuilder(int code, String body) {
    return new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body);
  }

  /**
   * A JSON answer.
   *
   * @param code the HTTP status
   * @param body the JSON body
   * @return the response
   */
  public static MockResponse json(int code, String body) {
    return jsonBuilder(code, body).build();
  }

  /**
   * A JSON answer of a map.
   *
   * @param code the HTTP status
   * @param body the fields, written as JSON
   * @return the response
   */
  public static MockResponse json(int code, Map<String, ?> body) {
    return json(code, ServerAnswers.toJson(body));
  }

  /**
   * A 200 JSON answer.
   *
   * @param body the JSON body
   * @return the response
   */
  public static MockResponse ok(String body) {
    return json(200, body);
  }

  /**
   * A 200 confirmation ({@code {"message": ...}}).
   *
   * @param message the message
   * @return the response
   */
  public static MockResponse message(String message) {
    return ok(ServerAnswers.messageBody(message));
  }

  /**
   * An error as the global {@code AuthExceptionFilter} writes it ({@link ServerAnswers#errorBody}).
   *
   * @param status the HTTP status
   * @param errorName the {@code error} field
   * @param message the {@code message} field
   * @param code the {@code code} field, or null
   * @return the response
   */
  public static MockResponse error(int status, String errorName, String message, String code) {
    return json(status, ServerAnswers.errorBody(status, errorName, message, code));
  }

  /**
   * A token answer of a server in cookie mode ({@code session.accessTokenType: 'cookie'}): the body
   * without {@code accessToken}, {@code refreshToken} and {@code trustToken}, the tokens in
   * {@code Set-Cookie} headers as Express writes them ({@link ServerAnswers#setCookie}), and, like a
   * server with CSRF protection, a fresh CSRF cookie when {@code csrfToken} is given.
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param requiresMfa the {@code isRequiresMfa} field
   * @param message the {@code message} field
   * @param trustToken the device-trust token (a {@code nest_auth_device_trust} cookie), or null
   * @param csrfToken the CSRF token (a {@code nest_auth_csrf} cookie), or null
   * @return the response
   */
  public static MockResponse cookieTokens(String accessToken, String refreshToken, boolean requiresMfa,
      String message, String trustToken, String csrfToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("isRequiresMfa", requiresMfa);
    body.put("message", message);
    MockResponse.Builder response = jsonBuilder(200, ServerAnswers.toJson(body))
        .addHeader("Set-Cookie", ServerAnswers.setCookie("accessToken", accessToken, 900, true))
        .addHeader("Set-Cookie", ServerAnswers.setCookie("refreshToken", refreshToken, 604800, true));
    if (trustToken != null) {
      response.addHeader("Set-Cookie", ServerAnswers.setCookie("nest_auth_device_trust", trustToken, 2592000, true));
    }
    if (csrfToken != null) {
      response.addHeader("Set-Cookie", ServerAnswers.setCookie("nest_auth_csrf", csrfToken, 604800, false));
    }
    return response.addHeader("Set-Cookie", "nest_auth_remember=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        .build();
  }

  /**
   * The {@code 401 INVALID_TOKEN} an expired or unknown access token gets.
   *
   * @return the response
   */
  public static MockResponse invalidToken() {
    return json(401, ServerAnswers.invalidTokenBody());
  }

  /**
   * The uncoded {@code 401 "Session not found"} of a deleted session.
   *
   * @return the response
   */
  public static MockResponse sessionNotFound() {
    return json(401, ServerAnswers.sessionNotFoundBody());
  }
}
