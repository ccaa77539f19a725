package io.nestauth.client;

import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.generated.invoker.ApiClient;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Puts the bearer token on requests and, on a 401 that a refresh can cure, refreshes once
 * (single flight, see {@link SessionManager}) and retries once.
 *
 * <p>SDK requests carry their contract {@link ApiClient.Operation}: public operations never get a
 * token, and only {@code INVALID_TOKEN} or an uncoded "Session not found" triggers a refresh. The app's own requests (no operation
 * tag) get the token when a session exists and are refreshed on any 401 but {@code MFA_REQUIRED}.
 * A request that already has an {@code Authorization} header is left alone.
 */
final class AuthInterceptor implements Interceptor {
  private static final long PEEK_BYTES = 16 * 1024;

  private final SessionManager session;
  private final ErrorMapper errors;

  AuthInterceptor(SessionManager session, ErrorMapper errors) {
    this.session = session;
    this.errors = errors;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    ApiClient.Operation operation = request.tag(ApiClient.Operation.class);
    if ((operation != null && !operation.secured()) || request.header("Authorization") != null) {
      return chain.proceed(request);
    }
    StoredTokens tokens = session.session();
    if (tokens == null) {
      return chain.proceed(request);
    }
    tokens = session.refreshIfExpiringSoon(tokens);
    Response response = chain.proceed(withBearer(request, tokens.accessToken()));
    if (response.code() != 401 || !refreshCures(operation, response)) {
      return response;
    }
    StoredTokens fresh;
    try {
      fresh = session.refreshAfterRejection(tokens.accessToken());
    } catch (NestAuthException e) {
      response.close();
      throw new TokenRefreshFailedException(e);
    }
    if (fresh == null) {
      return response;
    }
    response.close();
    return chain.proceed(withBearer(request, fresh.accessToken()));
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
