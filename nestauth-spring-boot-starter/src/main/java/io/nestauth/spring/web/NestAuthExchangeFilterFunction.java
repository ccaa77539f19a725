package io.nestauth.spring.web;

import io.nestauth.client.NestAuthClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The {@code WebClient} counterpart of {@link NestAuthClientHttpRequestInterceptor}, with the same
 * rules: the token only to the {@link OutgoingOrigins} and never over an existing
 * {@code Authorization} header, an expired token refreshed first, one refresh and one retry on a
 * 401. Refreshes run on the client's OkHttp threads, never on the event loop. Thread-safe.
 *
 * <pre>{@code
 * WebClient orders = WebClient.builder()
 *     .baseUrl("https://orders.example.com")
 *     .filter(nestAuthFilter)   // the auto-configured bean
 *     .build();
 * }</pre>
 *
 * <p>The retry sends the request's body again, which works for bodies given as values; a body
 * streamed from a one-shot publisher cannot be sent twice.
 */
public final class NestAuthExchangeFilterFunction implements ExchangeFilterFunction {
  private final SessionTokens tokens;
  private final OutgoingOrigins origins;

  /**
   * Creates a filter for one client's session.
   *
   * @param client the client whose session the requests carry
   * @param origins where the token may go
   */
  public NestAuthExchangeFilterFunction(NestAuthClient client, OutgoingOrigins origins) {
    if (client == null || origins == null) {
      throw new IllegalArgumentException("client and origins must not be null");
    }
    this.tokens = new SessionTokens(client);
    this.origins = origins;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    // getFirst, not containsKey: Spring 7's HttpHeaders is no longer a Map
    if (!origins.includes(request.url()) || request.headers().getFirst(HttpHeaders.AUTHORIZATION) != null) {
      return next.exchange(request);
    }
    return token(tokens::current).flatMap(token -> token.isEmpty() ? next.exchange(request)
        : next.exchange(withBearer(request, token.get())).flatMap(response -> {
          if (response.statusCode().value() != 401) {
            return Mono.just(response);
          }
          return token(() -> tokens.replace(token.get()))
              .onErrorResume(failure -> response.releaseBody().then(Mono.error(failure)))
              .flatMap(fresh -> fresh.isEmpty() || fresh.get().equals(token.get()) ? Mono.just(response)
                  : response.releaseBody().then(next.exchange(withBearer(request, fresh.get()))));
        }));
  }

  private static Mono<Optional<String>> token(Supplier<CompletableFuture<Optional<String>>> future) {
    return Mono.fromFuture(future).onErrorMap(SessionTokens::asIoException);
  }

  private static ClientRequest withBearer(ClientRequest request, String token) {
    return ClientRequest.from(request).headers(headers -> headers.setBearerAuth(token)).build();
  }

  /** @return the origins, never a token */
  @Override
  public String toString() {
    return "NestAuthExchangeFilterFunction[" + origins + "]";
  }
}
