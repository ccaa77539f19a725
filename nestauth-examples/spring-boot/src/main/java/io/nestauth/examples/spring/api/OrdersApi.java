package io.nestauth.examples.spring.api;

import io.nestauth.verifier.NestAuthPrincipal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders API: every request needs a Nest Auth access token (the starter's chain, configured in
 * {@code orders-api.properties}), approving needs the role {@code manager}.
 */
@SpringBootApplication
@EnableMethodSecurity
public class OrdersApi {
  /**
   * Starts the API.
   *
   * @param environment the values the properties file refers to
   * @return the running application; {@code local.server.port} holds its port
   */
  public static ConfigurableApplicationContext start(Map<String, Object> environment) {
    return new SpringApplicationBuilder(OrdersApi.class).main(OrdersApi.class).properties("spring.config.name=orders-api")
        .properties(environment).run();
  }

  @RestController
  static class Orders {
    @GetMapping("/orders")
    List<String> list(@AuthenticationPrincipal NestAuthPrincipal user) {
      String tenant = user.tenantId().orElse("no tenant");
      return List.of("order-1 of " + user.userId() + " (" + tenant + ")", "order-2 of " + user.userId());
    }

    @PostMapping("/orders/{id}/approve")
    @PreAuthorize("hasRole('manager')")
    String approve(@PathVariable String id, @AuthenticationPrincipal NestAuthPrincipal user) {
      return id + " approved by " + user.userId();
    }
  }
}
