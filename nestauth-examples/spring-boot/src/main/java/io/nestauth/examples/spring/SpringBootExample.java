package io.nestauth.examples.spring;

import io.nestauth.client.NestAuthClient;
import io.nestauth.examples.spring.api.OrdersApi;
import io.nestauth.examples.spring.client.OrdersClient;
import io.nestauth.testkit.ReferenceBackend;
import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The starter from both sides, narrated: {@link OrdersApi} accepts Nest Auth access tokens,
 * {@link OrdersClient} signs a user in and calls it with the user's session. Both run in this JVM
 * against the reference backend (a real {@code @ackplus/nest-auth} 2.11.1, installed from npm on
 * first use).
 */
public final class SpringBootExample {
  /**
   * The reference backend's {@code jwt.secret}: its default, or JWT_SECRET, which it reads from the
   * environment it inherits. A real deployment's API reads its server's secret from its own.
   */
  private static final String JWT_SECRET = System.getenv().getOrDefault("JWT_SECRET",
      "nestauth-reference-backend-test-only-jwt-secret-0123456789");
  private static final String PASSWORD = "Example-Passw0rd";

  private final PrintStream out;
  private int step;

  private SpringBootExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    SpringBootExample example = new SpringBootExample(System.out);
    example.say("Spring Boot example: an orders API that accepts Nest Auth tokens, and a service calling it."
        + " Starting the reference backend; the first run installs it from npm (about 20-40 s)...");
    try (ReferenceBackend backend = ReferenceBackend.start()) {
      example.say("reference backend up at " + backend.baseUrl());
      example.run(backend);
    }
  }

  private void run(ReferenceBackend backend) {
    try (ConfigurableApplicationContext api = OrdersApi.start(Map.of(
        "NEST_AUTH_URL", backend.baseUrl(), "NEST_AUTH_JWT_SECRET", JWT_SECRET))) {
      String apiUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      step("orders API up at " + apiUrl + " (a resource server; it asks the Nest Auth server about each session)");
      try (ConfigurableApplicationContext service = OrdersClient.start(Map.of(
          "NEST_AUTH_URL", backend.baseUrl(), "ORDERS_API_URL", apiUrl))) {
        journey(backend, apiUrl, service.getBean(NestAuthClient.class), service.getBean(OrdersClient.Orders.class));
      }
    }
    say("done: the orders API saw only what the Nest Auth server vouched for");
  }

  private void journey(ReferenceBackend backend, String apiUrl, NestAuthClient auth, OrdersClient.Orders orders) {
    String email = "spring-example+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    auth.signupWithEmail(email, PASSWORD).execute();
    step("the service's NestAuthClient bean signed up and signed in " + email);

    show("GET /orders with the user's token", orders.list());
    show("POST /orders/order-1/approve (needs the role manager)", orders.approve("order-1"));

    backend.hooks().giveRole(email, "manager", "orders.approve");
    auth.logout().execute();
    auth.loginWithEmail(email, PASSWORD).execute();
    step("the server gave " + email + " the role manager; signed in again, so the token carries it");
    show("POST /orders/order-1/approve", orders.approve("order-1"));

    String token = auth.accessToken().orElseThrow();
    auth.logout().execute();
    step("logged out; the old access token is still signed and unexpired");
    ResponseEntity<String> replay = RestClient.create(apiUrl).get().uri("/orders")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).retrieve()
        .onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
    step("GET /orders with it, straight to the API: HTTP " + replay.getStatusCode().value() + ", "
        + replay.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE));
    show("GET /orders from the signed-out service (no token sent)", orders.list());
  }

  private void show(String what, ResponseEntity<String> response) {
    step(what + ": HTTP " + response.getStatusCode().value()
        + (response.hasBody() ? " " + response.getBody() : ""));
  }

  private void step(String text) {
    out.printf("%2d. %s%n", ++step, text);
  }

  private void say(String text) {
    out.println("==> " + text);
  }
}
