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
 * <p>When the server rejects the refresh, the session is signed out; an SDK call then fails with that
 * rejection (a {@link io.nestauth.client.exception.SessionExpiredException} of
 * {@code POST /auth/refresh-token}, e.g. {@code REFRESH_TOKEN_INVALID} for a replayed token), while
 * the app's own request gets the original 401.
 *
 * <p>An SDK call answered {@code INVALID_TOKEN} again with the token a refresh just issued means the
 * server no longer accepts this session: it is signed out and the call fails with
 * {@link io.nestauth.client.exception.SessionExpiredException}, blocking or async alike. Before that
 * verdict the client refreshes again, a few rounds at most: new tokens can expire before they are
 * used (very short-lived tokens and a slow process, or tokens adopted from another client's refresh),
 * and a busy server can refuse a good token for a moment. A server that has ended the session rejects
 * the next refresh, which signs out at once.
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

  AuthInterceptor(SessionManager session, ErrorMapper errors, List<HttpUrl> origins, boolean allowInsecureHttp,
      Clock clock, Duration proactiveRefreshSkew) {
    this.session = session;
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

  private Response authorize(Chain chain) throws IOException {
    Request request = chain.request();
    ApiClient.Operation operation = request.tag(ApiClient.Operation.class);
    boolean ours = operation != null ? operation.secured() : mayCarryToken(request.url());
    if (!ours || request.header("Authorization") != null) {
      return chain.proceed(request);
    }
    SessionManager.Held held = session.held();
    if (held.tokens == null) {
      return chain.proceed(request);
    }
    StoredTokens tokens = session.refreshIfExpiringSoon(held.tokens, held.generation, proactiveRefreshSkew, clock);
    Response response = chain.proceed(withBearer(request, tokens.accessToken()));
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
      response = chain.proceed(withBearer(request, fresh.accessToken()));
      if (response.code() != 401 || !refreshCures(operation, response)) {
        return response;
      }
      if (operation == null || round == MAX_REFRESH_ROUNDS) {
        // the app's own endpoints may refuse for their own reasons: one refresh is all they get.
        // An SDK call refused every round ends the session, unless the server's own clock says
        // the last tokens had simply expired before they arrived (an overloaded process or server):
        // then the call fails and the session is kept
        if (operation != null && !expiredByServerClock(fresh, response)) {
          session.endRefusedSession(fresh.accessToken(), held.generation, clock);
        }
        return response;
      }
      // refused once more: the new tokens may have expired before they were used (short-lived
      // tokens, a slow process, tokens another client refreshed earlier) or the server failed
      // for a moment; a server that ended the session rejects the next refresh, which signs out
      sent = fresh;
    }
  }

  /**
   * Whether the server's clock (its {@code Date} header, in whole seconds like {@code exp}) says the
   * access token of {@code tokens} had expired when it answered.
   */
  private static boolean expiredByServerClock(StoredTokens tokens, Response response) {
    java.util.Date serverNow = response.headers().getDate("Date");
    return serverNow != null && tokens.claims().flatMap(TokenClaims::expiresAt)
        .map(exp -> !serverNow.toInstant().isBefore(exp)).orElse(false);
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

  private static Request withBearer(Request request, String accessToken) {
    return request.newBuilder().header("Authorization", "Bearer " + accessToken).build();
  }
}
