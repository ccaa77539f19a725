package io.nestauth.examples.readme;

import io.nestauth.spring.security.NestAuthResourceServerConfigurer;
import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import io.nestauth.verifier.NestAuthPrincipal;
import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.RemoteSessionCheck;
import io.nestauth.verifier.TokenVerificationException;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * README: In a Java service. Compiled, not run: the verifier reads the secret from the environment
 * and asks a server; the Spring parts run in nestauth-spring-boot-tests and the Spring Boot example.
 */
final class InAJavaServiceSnippets {
  /** What the service does for a verified user. */
  interface Orders {
    String listFor(String userId, String tenantId);

    void approve(String orderId);
  }

  private final Orders orders;
  private int status;
  private String body = "";

  InAJavaServiceSnippets(Orders orders) {
    this.orders = orders;
  }

  void respond(int status, String body) {
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  void handle(String bearerToken) {
    // tag::verify-access-token[]
    RemoteSessionCheck sessionCheck = RemoteSessionCheck.builder("https://api.example.com/api").build();
    NestAuthTokenVerifier verifier = NestAuthTokenVerifier.builder()  // once, at start-up; thread-safe
        .secret(System.getenv("NEST_AUTH_JWT_SECRET"))                // the server's session.jwt.secret
        .remoteCheck(sessionCheck)                                    // optional: also sees logouts
        .build();

    try {
      NestAuthPrincipal user = verifier.verify(bearerToken);          // the header's value after "Bearer "
      respond(200, orders.listFor(user.userId(), user.tenantId().orElse(null)));
    } catch (TokenVerificationException e) {
      respond(e.isTokenRejected() ? 401 : 503, e.reason().name());    // 503: the server could not be asked
    }
    // end::verify-access-token[]
  }

  // tag::spring-boot-controller[]
  @RestController
  class OrdersController {
    @GetMapping("/orders")
    String list(@AuthenticationPrincipal NestAuthPrincipal user) {    // the verified token's user
      return orders.listFor(user.userId(), user.tenantId().orElse(null));
    }

    @PostMapping("/orders/{id}/approve")
    @PreAuthorize("hasRole('manager')")                                // a Nest Auth role, as ROLE_manager
    void approve(@PathVariable String id) {
      orders.approve(id);
    }
  }
  // end::spring-boot-controller[]

  // tag::spring-boot-own-chain[]
  @Bean
  SecurityFilterChain api(HttpSecurity http, NestAuthTokenVerifier verifier) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/health").permitAll()
            .anyRequest().authenticated())
        .with(new NestAuthResourceServerConfigurer(verifier), Customizer.withDefaults());
    return http.build();
  }
  // end::spring-boot-own-chain[]

  // tag::spring-boot-outgoing[]
  @Bean
  RestClient ordersApi(NestAuthClientHttpRequestInterceptor nestAuth) {
    return RestClient.builder()
        .baseUrl("https://orders.example.com")
        .requestInterceptor(nestAuth)        // the session's token, to nestauth.outgoing.origins only
        .build();
  }
  // end::spring-boot-outgoing[]
}
