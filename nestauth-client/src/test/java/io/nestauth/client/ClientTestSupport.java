package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MockWebServer playing the Nest Auth server under {@code /api}, an in-memory token store and a
 * client over both, with every {@link AuthEvent} recorded. The server's answers, the test user and
 * test JWTs come from nestauth-test-fixtures ({@code io.nestauth.testfixtures}).
 */
abstract class ClientTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

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
