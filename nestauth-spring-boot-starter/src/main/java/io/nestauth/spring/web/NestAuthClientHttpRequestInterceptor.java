package io.nestauth.spring.web;

import io.nestauth.client.NestAuthClient;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Puts a {@link NestAuthClient}'s access token on the {@code RestClient} and {@code RestTemplate}
 * requests that go to one of the {@link OutgoingOrigins}, and on a 401 from there refreshes the
 * session once and retries once. Thread-safe; one instance can serve any number of clients.
 *
 * <pre>{@code
 * RestClient orders = RestClient.builder()
 *     .baseUrl("https://orders.example.com")
 *     .requestInterceptor(nestAuthInterceptor)   // the auto-configured bean
 *     .build();
 * }</pre>
 *
 * <p>Requests to any other origin, and requests that already carry an {@code Authorization}
 * header, pass untouched: they never see the token, and their 401s never cause a refresh. An
 * expired token is refreshed before the request. When the server rejects the refresh (the session
 * ended) the caller gets the target's 401; when the refresh fails for a passing reason (network,
 * 5xx, 429) the call fails with a {@link io.nestauth.client.exception.TokenRefreshFailedException},
 * which {@code RestClient} and {@code RestTemplate} wrap in a {@code ResourceAccessException}.
 * The retry sends the same body again; interceptors registered after this one may not run again
 * for it (Spring Framework 6 continues the chain where it stood), so register this one last.
 */
public final class NestAuthClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
  private final SessionTokens tokens;
  private final OutgoingOrigins origins;

  /**
   * Creates an interceptor for one client's session.
   *
   * @param client the client whose session the requests carry
   * @param origins where the token may go
   */
  public NestAuthClientHttpRequestInterceptor(NestAuthClient client, OutgoingOrigins origins) {
    if (client == null || origins == null) {
      throw new IllegalArgumentException("client and origins must not be null");
    }
    this.tokens = new SessionTokens(client);
    this.origins = origins;
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    // getFirst, not containsKey: Spring 7's HttpHeaders is no longer a Map
    if (!origins.includes(request.getURI()) || request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
      return execution.execute(request, body);
    }
    Optional<String> token = SessionTokens.await(tokens.current());
    if (token.isEmpty()) {
      return execution.execute(request, body);
    }
    request.getHeaders().setBearerAuth(token.get());
    ClientHttpResponse response = execution.execute(request, body);
    if (response.getStatusCode().value() != 401) {
      return response;
    }
    Optional<String> fresh;
    try {
      fresh = SessionTokens.await(tokens.replace(token.get()));
    } catch (IOException e) {
      response.close();
      throw e;
    }
    if (fresh.isEmpty() || fresh.get().equals(token.get())) {
      return response;
    }
    response.close();
    request.getHeaders().setBearerAuth(fresh.get());
    return execution.execute(request, body);
  }

  /** @return the origins, never a token */
  @Override
  public String toString() {
    return "NestAuthClientHttpRequestInterceptor[" + origins + "]";
  }
}
