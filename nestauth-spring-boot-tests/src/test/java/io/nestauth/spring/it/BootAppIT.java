package io.nestauth.spring.it;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.NestAuthTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application under test, started once for every test class of the run (same configuration,
 * so Spring's test context cache shares it): {@link TestApp} on 127.0.0.1 and a free port, a
 * revocation-aware resource server for the reference backend's tokens, the auto-configured client
 * for that backend, and the outgoing interceptors for the application's own origin.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
    // here, not below: logging and the banner are set up before dynamic properties are added
    "spring.main.banner-mode=off", "logging.level.io.nestauth.spring=DEBUG",
    // initialised at start-up rather than by the first request, which must beat a short-lived token
    "spring.mvc.servlet.load-on-startup=1"})
abstract class BootAppIT {
  static final String PASSWORD = "Boot-Starter-Passw0rd";
  /**
   * Access tokens live this long, so that a test can wait for one to expire; long enough for a
   * test to use a fresh token on a busy machine.
   */
  static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(6);
  /** The server's jwt.secret, and the resource server's: the build sets it for this JVM, the server inherits it. */
  static final String JWT_SECRET = jwtSecret();

  /** The Nest Auth server: every test class registers this configuration, so one server serves the run. */
  @RegisterExtension
  static final NestAuthTestServer SERVER = NestAuthTestServer.builder().accessTokenLifetime(ACCESS_TOKEN_TTL).build();

  /** Chosen before the context starts: the outgoing origins must name it. */
  static final int PORT = freePort();
  static final String APP = "http://127.0.0.1:" + PORT;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.address", () -> "127.0.0.1");
    registry.add("server.port", () -> PORT);
    registry.add("nestauth.client.base-url", SERVER::baseUrl);
    registry.add("nestauth.resource-server.secret", () -> JWT_SECRET);
    registry.add("nestauth.resource-server.remote-check", () -> "true");
    // every request asks the server, so that a logout counts at once
    registry.add("nestauth.resource-server.cache-ttl", () -> "0s");
    registry.add("nestauth.outgoing.origins", () -> APP);
  }

  /**
   * A first request, so that no test's token ages while the application warms up (the parameter
   * makes Spring start the application before this runs).
   */
  @BeforeAll
  static void warmUp(@Autowired ApplicationContext started) {
    get("/me", null);
  }

  static BackendHooks hooks() {
    return SERVER.hooks();
  }

  /** A new client of the backend, with a session of its own. */
  static NestAuthClient newClient() {
    return NestAuthClient.builder().baseUrl(SERVER.baseUrl()).tokenStore(new InMemoryTokenStore()).build();
  }

  static String newEmail(String purpose) {
    return purpose + "-" + UUID.randomUUID() + "@example.com";
  }

  /** A new user, signed up and so signed in, on a client of its own. */
  static NestAuthClient signedUpUser(String email) {
    NestAuthClient auth = newClient();
    auth.signupWithEmail(email, PASSWORD).execute();
    return auth;
  }

  /** GET on the application with an Authorization header (or none). */
  static HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(APP + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> getWithToken(String path, String token) {
    return get(path, "Bearer " + token);
  }

  /** The token with another email in its payload and its original signature: a forgery. */
  static String tamper(String token, String email) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace(email, "mallory@example.com");
    if (!payload.contains("mallory@example.com")) {
      throw new IllegalArgumentException("the token does not carry " + email);
    }
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private static String jwtSecret() {
    String secret = System.getenv("JWT_SECRET");
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException("JWT_SECRET is not set: run these tests through Maven, which sets it for the "
          + "test JVM (and so for the Nest Auth server it starts), or set it yourself");
    }
    return secret;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
