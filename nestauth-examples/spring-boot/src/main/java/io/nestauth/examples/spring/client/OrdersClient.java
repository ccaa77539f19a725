package io.nestauth.examples.spring.client;

import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * A service that calls the orders API for a user signed in with the starter's
 * {@link io.nestauth.client.NestAuthClient} bean (configured in {@code orders-client.properties}).
 */
@SpringBootApplication
public class OrdersClient {
  /**
   * Starts the service.
   *
   * @param environment the values the properties file refers to
   * @return the running application
   */
  public static ConfigurableApplicationContext start(Map<String, Object> environment) {
    return new SpringApplicationBuilder(OrdersClient.class).main(OrdersClient.class).properties("spring.config.name=orders-client")
        .properties(environment).run();
  }

  /** The orders API, with the user's access token on every call (refreshed when needed). */
  @Bean
  RestClient ordersApi(NestAuthClientHttpRequestInterceptor nestAuth,
      @Value("${ORDERS_API_URL}") String ordersApiUrl) {
    return RestClient.builder().baseUrl(ordersApiUrl).requestInterceptor(nestAuth).build();
  }

  /** Calls with the user's session; the answers' status and body, whatever the status. */
  @Bean
  Orders orders(RestClient ordersApi) {
    return new Orders(ordersApi);
  }

  /** The calls the example makes. */
  public static final class Orders {
    private final RestClient api;

    Orders(RestClient api) {
      this.api = api;
    }

    /** @return {@code GET /orders} */
    public ResponseEntity<String> list() {
      return api.get().uri("/orders").retrieve().onStatus(status -> true, (request, response) -> { })
          .toEntity(String.class);
    }

    /**
     * @param id an order id
     * @return {@code POST /orders/{id}/approve}
     */
    public ResponseEntity<String> approve(String id) {
      return api.post().uri("/orders/{id}/approve", id).retrieve().onStatus(status -> true, (request, response) -> { })
          .toEntity(String.class);
    }
  }
}
