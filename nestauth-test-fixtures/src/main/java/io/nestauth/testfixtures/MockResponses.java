package io.nestauth.testfixtures;

import mockwebserver3.MockResponse;

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
