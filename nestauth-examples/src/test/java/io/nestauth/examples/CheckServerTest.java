package io.nestauth.examples;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit status and output of {@code exec:java@check}: 0 and the report when the settings fit, 1 on
 * a mismatch or when nothing answers, 2 for a missing or refused setting. (What the report says about
 * each real server configuration is ServerConfigurationsIT's, in nestauth-contract-tests.)
 */
class CheckServerTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        switch (request.getUrl().encodedPath()) {
          case "/api/identity/client-config":
            return json(200, "{\"tenants\":{\"enabled\":true,\"mode\":\"shared\"},\"emailAuth\":{\"enabled\":true},"
                + "\"mfa\":{\"enabled\":false},\"accessTokenType\":\"header\"}");
          case "/api/identity/csrf":
            return json(200, "{\"enabled\":false}");
          case "/api/identity/me":
            return json(401, "{\"statusCode\":401,\"error\":\"UnauthorizedException\","
                + "\"message\":\"No authentication provided\",\"code\":\"NO_AUTH_PROVIDED\"}");
          default:
            return json(404, "{\"statusCode\":404,\"message\":\"Cannot GET " + request.getUrl().encodedPath()
                + "\",\"error\":\"Not Found\"}");
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  private int run(String baseUrl, String routePrefix, String tenantId) {
    return CheckServer.run(baseUrl, routePrefix, tenantId, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void settingsThatFitExitZeroWithTheReport() {
    assertThat(run(server.url("/api").toString(), "identity", " ")).isZero();
    assertThat(out()).startsWith("Nest Auth server check of ").contains(": compatible\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void aMismatchExitsOneWithTheFix() {
    assertThat(run(server.url("/api").toString(), null, null)).isEqualTo(1);
    assertThat(out()).contains("[MISMATCH] route prefix").contains("fix: routePrefix(\"identity\")");
  }

  @Test
  void noAnswerExitsOneWithTheNetworkErrorAndNoStackTrace() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThat(run("http://127.0.0.1:" + port + "/api", null, null)).isEqualTo(1);
    assertThat(err()).startsWith("nestauth check: GET /auth/client-config failed: no answer from the server")
        .doesNotContain("\tat ");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingOrRefusedSettingExitsTwoBeforeAnyRequest() {
    assertThat(run("", null, null)).isEqualTo(2);
    assertThat(err()).startsWith(CheckServer.USAGE);
    assertThat(run(server.url("/api").toString(), "../admin", null)).isEqualTo(2);
    assertThat(err()).contains("nestauth check: routePrefix must be");
    assertThat(run(server.url("/api").toString(), null, "acme")).isEqualTo(2);
    assertThat(server.getRequestCount()).isZero();
  }
}
