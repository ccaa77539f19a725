package io.nestauth.client;

import io.nestauth.client.exception.ErrorDetails;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.generated.invoker.ApiClient;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Puts the bearer token on requests and, on a 401 that a refresh can cure, refreshes once (single
 * flight, see {@link SessionManager}) and retries once. One per client: it judges expiry by that
 * client's clock and skew.
 *
 * <p>SDK requests carry their contract {@link ApiClient.Operation}: public operations never get a
 * token, and only {@code INVALID_TOKEN} or an uncoded "Session not found" triggers a refresh. The
 * app's own requests (no operation tag) get the token only when they go to the server's origin
 * (scheme, host and port of the base URL) or an origin the app authorized, and never over plain
 * http to a non-loopback host unless insecure http is allowed; requests to any other origin pass
 * untouched, so their 401s never cause a refresh. A request that already has an
 * {@code Authorization} header is left alone.
 *
 * <p>Requests to the server's origin go through {@link ServerCookies}: the access token travels as the
 * cookie a cookie-mode server reads too, state-changing requests carry the CSRF token, and the SDK's
 * calls read the server's cookies into their answers. An app's request that sets its own
 * {@code Cookie} header gets the bearer token only.
 *
 * <p>When the server rejects the refresh, the session is signed out; an SDK call then fails with that
 * rejection (a {@link io.nestauth.client.exception.SessionExpiredException} of
 * {@code POST /auth/refresh-token}, e.g. {@code REFRESH_TOKEN_INVALID} for a replayed token), while
 * the app's own request gets the original 401.
 *
 * <p>An SDK call answered {@code INVALID_TOKEN} again with the token a refresh just issued is
 * refreshed and retried again, a few rounds at most: new tokens can expire before they are used
 * (very short-lived tokens and a slow process, or tokens adopted from another client's refresh), and
 * a busy server can refuse a good token for a moment. After the last round the call fails with the
 * server's refusal and the session is kept: the server granted every refresh, so it has not ended
 * the session (when it has, it rejects the refresh, and that signs out).
 *
 * <p>Nothing but an {@link IOException} leaves this interceptor: on OkHttp's threads anything else
 * would reach the thread's uncaught-exception handler.
 */
final class AuthInterceptor implements Interceptor {
  private static final long PEEK_BYTES = 16 * 1024;
  /** Refreshes (or adoptions of another client's refresh) one request may go through before it gives up. */
  static final int MAX_REFRESH_ROUNDS = 3;

  private final SessionManager session;
  private final ErrorMapper errors;
  private final List<HttpUrl> origins;
  private final boolean allowInsecureHttp;
  private final Clock clock;
  private final Duration proactiveRefreshSkew;
  private final ServerCookies cookies;

  AuthInterceptor(SessionManager session, ErrorMapper errors, List<HttpUrl> origins, boolean allowInsecureHttp,
      Clock clock, Duration proactiveRefreshSkew, ServerCookies cookies) {
    this.session = session;
    this.cookies = cookies;
    this.errors = errors;
    this.origins = origins;
    this.allowInsecureHttp = allowInsecureHttp;
    this.clock = clock;
    this.proactiveRefreshSkew = proactiveRefreshSkew;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      return authorize(chain);
    } catch (NestAuthException e) {
      throw new TokenRefreshFailedException(e);
    } catch (RuntimeException e) {
      throw new TokenRefreshFailedException(new NestAuthException("the SDK failed while authorizing the request: "
          + e.getClass().getSimpleName(), ErrorDetails.none(), e));
    }
  }

  /**
   * The first interceptor of this client's own OkHttpClient: marks its SDK calls as this client's. An
   * SDK call without this mark is another client's, whose OkHttpClient carries this interceptor (an
   * app's OkHttpClient with an {@code authInterceptor()}, given to another client's builder): it must
   * get neither this session's token nor its cookies, and its own client's interceptor comes later.
   */
  Interceptor ownCallsMarker() {
    return chain -> chain.proceed(chain.request().newBuilder().tag(AuthInterceptor.class, this).build());
  }

  private Response authorize(Chain chain) throws IOException {
    Request request = chain.request();
    ApiClient.Operation operation = request.tag(ApiClient.Operation.class);
    if (operation != null && request.tag(AuthInterceptor.class) != this) {
      return chain.proceed(request);
    }
    boolean ours = operation != null ? operation.secured() : mayCarryToken(request.url());
    if (!ours || request.header("Authorization") != null) {
      return withoutSession(chain, request, operation);
    }
    SessionManager.Held held = session.held();
    if (held.tokens == null) {
      return withoutSession(chain, request, operation);
    }
    StoredTokens tokens = session.refreshIfExpiringSoon(held.tokens, held.generation, proactiveRefreshSkew, clock);
    Response response = send(chain, request, tokens.accessToken(), operation);
    if (response.code() != 401 || !refreshCures(operation, response)) {
      return response;
    }
    StoredTokens sent = tokens;
    for (int round = 1; ; round++) {
      StoredTokens fresh;
      try {
        // an SDK call fails with the server's rejection of the refresh (why the session ended); the
        // app's own calls get the original 401
        fresh = session.refreshAfterRejection(sent.accessToken(), held.generation, clock, operation != null);
      } catch (NestAuthException e) {
        response.close();
        throw new TokenRefreshFailedException(e);
      }
      if (fresh == null) {
        return response;
      }
      response.close();
      response = send(chain, request, fresh.accessToken(), operation);
      if (response.code() != 401 || !refreshCures(operation, response)) {
        return response;
      }
      if (operation == null || round == MAX_REFRESH_ROUNDS) {
        // the app's own endpoints may refuse for their own reasons: one refresh is all they get.
        // An SDK call fails with the refusal; the session is kept, since the server granted the
        // refreshes (a server that ended the session rejects the refresh, and that signs out)
        return response;
      }
      // refused once more: the new tokens may have expired before they were used (short-lived
      // tokens, a slow process, tokens another client refreshed earlier) or the server failed
      // for a moment
      sent = fresh;
    }
  }

  private boolean mayCarryToken(HttpUrl url) {
    if (!url.isHttps() && !allowInsecureHttp && !NestAuthClientBuilder.isLoopback(url.host())) {
      return false;
    }
    for (HttpUrl origin : origins) {
      if (origin.scheme().equals(url.scheme()) && origin.host().equals(url.host()) && origin.port() == url.port()) {
        return true;
      }
    }
    return false;
  }

  private boolean refreshCures(ApiClient.Operation operation, Response response) throws IOException {
    String body = response.peekBody(PEEK_BYTES).string();
    if (operation != null) {
      // the server has no separate "expired" code: an expired access token is INVALID_TOKEN
      return errors.isRefreshable(body);
    }
    return !"MFA_REQUIRED".equals(errors.codeOf(body));
  }

  /** A request that carries no session: an SDK call still reads the server's cookies of its answer. */
  private Response withoutSession(Chain chain, Request request, ApiClient.Operation operation) throws IOException {
    return operation != null ? cookies.proceed(chain, request, null, true) : chain.proceed(request);
  }

  /** The request with the session's access token: as bearer, and as cookie to the server's origin. */
  private Response send(Chain chain, Request request, String accessToken, ApiClient.Operation operation)
      throws IOException {
    Request withBearer = request.newBuilder().header("Authorization", "Bearer " + accessToken).build();
    if (!cookies.isServerOrigin(request.url()) || operation == null && request.header("Cookie") != null) {
      return chain.proceed(withBearer);
    }
    return cookies.proceed(chain, withBearer, accessToken, operation != null);
  }
}
