package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MockWebServer playing the Nest Auth server under {@code /api}, an in-memory token store and a
 * client over both, with every {@link AuthEvent} recorded.
 */
abstract class ClientTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "Passw0rd!23";
  static final String TENANT_ID = "54ea08be-33e7-41e6-8e40-9e660fef43af";

  protected MockWebServer server;
  protected InMemoryTokenStore store;
  protected final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  protected NestAuthClient client;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
    store = new InMemoryTokenStore();
    client = builder().build();
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.close();
  }

  /** A builder over this test's server, store and event list. */
  NestAuthClientBuilder builder() {
    return NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(store).listener(events::add);
  }

  String baseUrl() {
    return server.url("/api").toString();
  }

  /** Replaces the client by one that starts with these tokens in its store (as after an app restart). */
  void givenSession(String accessToken, String refreshToken) {
    givenStored(new StoredTokens(accessToken, refreshToken, TokenClaims.parse(accessToken)
        .map(TokenClaims::isMfaPending).orElse(false), null));
  }

  void givenStored(StoredTokens tokens) {
    client.close();
    store.save(tokens);
    client = builder().build();
  }

  // ------------------------------------------------------------------ answers

  static MockResponse json(int code, String body) {
    return TestAnswers.jsonBuilder(code, body).build();
  }

  static MockResponse json(int code, Map<String, ?> body) {
    return json(code, toJson(body));
  }

  static MockResponse ok(String body) {
    return json(200, body);
  }

  static MockResponse message(String message) {
    return json(200, Map.of("message", message));
  }

  /** The body of a token-bearing answer (signup, login, refresh, mfa/verify, switch-tenant). */
  static String tokens(String access, String refresh, boolean requiresMfa, String message) {
    return tokens(access, refresh, requiresMfa, message, Map.of());
  }

  static String tokens(String access, String refresh, boolean requiresMfa, String message, Map<String, ?> extra) {
    return TestAnswers.tokensBody(access, refresh, requiresMfa, message, extra);
  }

  /** A Nest Auth error body as the global AuthExceptionFilter writes it. */
  static MockResponse error(int status, String errorName, String message, String code) {
    return json(status, TestAnswers.errorBody(status, errorName, message, code));
  }

  static MockResponse invalidToken() {
    return json(401, TestAnswers.invalidTokenBody());
  }

  static String sessionUserBody() {
    return "{\"id\":\"" + TestJwts.USER_ID + "\",\"email\":\"alice@example.com\",\"phone\":null,"
        + "\"emailVerifiedAt\":\"2026-11-21T22:15:48.134Z\",\"phoneVerifiedAt\":null,\"isMfaEnabled\":false,"
        + "\"metadata\":{\"plan\":\"pro\"},\"mustChangePassword\":false,"
        + "\"roles\":[{\"id\":\"ab1d5f2f-8fb9-42d4-a901-70f70d0c7031\",\"name\":\"inviter\",\"guard\":\"web\"}],"
        + "\"permissions\":[\"users.invite\"],\"avatarColor\":\"teal\"}";
  }

  static String toJson(Object value) {
    return TestAnswers.toJson(value);
  }

  // ------------------------------------------------------------------ requests

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String bodyText(RecordedRequest request) {
    ByteString body = request.getBody();
    return body == null ? "" : body.utf8();
  }

  static JsonNode bodyJson(RecordedRequest request) {
    try {
      return JSON.readTree(bodyText(request));
    } catch (IOException e) {
      throw new AssertionError("request body is not JSON: " + bodyText(request), e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String path(RecordedRequest request) {
    return request.getUrl().encodedPath();
  }

  List<AuthEvent.Type> eventTypes() {
    return events.stream().map(AuthEvent::type).collect(Collectors.toList());
  }
}
