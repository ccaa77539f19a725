package io.nestauth.client;

import io.nestauth.generated.invoker.ApiClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A client's configuration: an immutable value made by {@link NestAuthClientBuilder#build()} and
 * turned back into a builder by {@link NestAuthClient#newBuilder()}, so a derived client carries
 * every setting and then only its own changes.
 */
final class ClientSettings {
  final HttpUrl baseUrl;
  /** The server's routePrefix, checked: segments without surrounding slashes. */
  final String routePrefix;
  final TokenStore tokenStore;
  final String defaultTenantId;
  /** The app's OkHttpClient, or null when the client makes (and owns) its own. */
  final OkHttpClient httpClient;
  final String userAgentSuffix;
  final Clock clock;
  final boolean allowInsecureHttp;
  final Duration proactiveRefreshSkew;
  final long maxResponseBytes;
  final List<AuthListener> listeners;
  /** Origins besides the base URL's that {@link NestAuthClient#authInterceptor()} may send the token to. */
  final List<HttpUrl> authorizedOrigins;
  final RetryPolicy retryPolicy;
  final RetryInterceptor.Sleeper sleeper;

  ClientSettings(HttpUrl baseUrl, String routePrefix, TokenStore tokenStore, String defaultTenantId, OkHttpClient httpClient,
      String userAgentSuffix, Clock clock, boolean allowInsecureHttp, Duration proactiveRefreshSkew,
      long maxResponseBytes, List<AuthListener> listeners, List<HttpUrl> authorizedOrigins, RetryPolicy retryPolicy, RetryInterceptor.Sleeper sleeper) {
    this.baseUrl = baseUrl;
    this.routePrefix = routePrefix;
    this.tokenStore = tokenStore;
    this.defaultTenantId = defaultTenantId;
    this.httpClient = httpClient;
    this.userAgentSuffix = userAgentSuffix;
    this.clock = clock;
    this.allowInsecureHttp = allowInsecureHttp;
    this.proactiveRefreshSkew = proactiveRefreshSkew;
    this.maxResponseBytes = maxResponseBytes;
    this.listeners = Collections.unmodifiableList(new ArrayList<>(listeners));
    this.authorizedOrigins = Collections.unmodifiableList(new ArrayList<>(authorizedOrigins));
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
  }

  /** The defaults of a new builder. */
  static final long DEFAULT_MAX_RESPONSE_BYTES = ApiClient.DEFAULT_MAX_RESPONSE_BYTES;
  static final String DEFAULT_ROUTE_PREFIX = ApiClient.DEFAULT_ROUTE_PREFIX;
}
