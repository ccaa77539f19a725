package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.invoker.ApiClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures a {@link NestAuthClient}: made by {@link NestAuthClient#builder()} with the defaults,
 * or by {@link NestAuthClient#newBuilder()} with every setting of an existing client. Not
 * thread-safe; {@link #build()} takes a snapshot, so changing the builder afterwards changes no
 * client.
 *
 * <pre>{@code
 * NestAuthClient auth = NestAuthClient.builder()
 *     .baseUrl("https://api.example.com/api")
 *     .tokenStore(new FileTokenStore(Path.of("session.json")))
 *     .defaultTenantId("0b5c1a52-7a4e-4a55-9d0c-0f3d5b8e6a11")
 *     .userAgentSuffix("my-app/1.4")
 *     .proactiveRefreshSkew(Duration.ofSeconds(30))
 *     .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(250), Duration.ofSeconds(5)))
 *     .listener(event -> ui.onSessionChange(event.type()))
 *     .build();
 * }</pre>
 */
public final class NestAuthClientBuilder {
  private String baseUrl;
  private String routePrefix = ClientSettings.DEFAULT_ROUTE_PREFIX;
  private TokenStore tokenStore = new InMemoryTokenStore();
  private String defaultTenantId;
  private OkHttpClient httpClient;
  private String userAgentSuffix;
  private Clock clock = Clock.systemUTC();
  private boolean allowInsecureHttp;
  private Duration proactiveRefreshSkew;
  private long maxResponseBytes = ClientSettings.DEFAULT_MAX_RESPONSE_BYTES;
  private final List<AuthListener> listeners = new ArrayList<>();
  private final List<HttpUrl> authorizedOrigins = new ArrayList<>();
  private RetryPolicy retryPolicy = RetryPolicy.defaults();
  private RetryInterceptor.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
  /** Set by {@link NestAuthClient#newBuilder()}: what a derived client shares with its parent. */
  private final ClientCore parent;

  NestAuthClientBuilder() {
    this.parent = null;
  }

  /** A builder preset with {@code settings}, deriving from the client of {@code parent}. */
  NestAuthClientBuilder(ClientSettings settings, ClientCore parent) {
    this.baseUrl = settings.baseUrl.toString();
    this.routePrefix = settings.routePrefix;
    this.tokenStore = settings.tokenStore;
    this.defaultTenantId = settings.defaultTenantId;
    this.httpClient = settings.httpClient;
    this.userAgentSuffix = settings.userAgentSuffix;
    this.clock = settings.clock;
    this.allowInsecureHttp = settings.allowInsecureHttp;
    this.proactiveRefreshSkew = settings.proactiveRefreshSkew;
    this.maxResponseBytes = settings.maxResponseBytes;
    this.authorizedOrigins.addAll(settings.authorizedOrigins);
    this.retryPolicy = settings.retryPolicy;
    this.sleeper = settings.sleeper;
    this.parent = parent;
  }

  /**
   * Sets the server's URL including the app's global prefix, e.g. {@code https://api.example.com/api}.
   * Required. Plain {@code http://} is accepted only for loopback hosts ({@code localhost},
   * {@code 127.x.x.x}, {@code ::1}) unless {@link #allowInsecureHttp}.
   *
   * @param baseUrl the base URL
   * @return this builder
   * @throws IllegalArgumentException when {@code baseUrl} is blank
   */
  public NestAuthClientBuilder baseUrl(String baseUrl) {
    this.baseUrl = Args.notBlank(baseUrl, "baseUrl");
    return this;
  }

  /**
   * Sets the prefix of the server's routes below the base URL: the server's {@code routePrefix}
   * option, {@code auth} by default (routes such as {@code https://api.example.com/api/auth/login}).
   * A server configured with {@code routePrefix: 'identity'} needs {@code routePrefix("identity")}.
   *
   * @param routePrefix path segments of letters, digits, {@code - . _ ~} joined by {@code /}, e.g.
   *     {@code identity} or {@code v1/auth}; slashes around it are dropped
   * @return this builder
   * @throws IllegalArgumentException when it is null, empty, only slashes, longer than 200 characters,
   *     contains another character or an empty, {@code .} or {@code ..} segment
   */
  public NestAuthClientBuilder routePrefix(String routePrefix) {
    this.routePrefix = ApiClient.checkRoutePrefix(routePrefix);
    return this;
  }

  /**
   * Sets where tokens are kept; default a new {@link InMemoryTokenStore}. A session found in the
   * store is restored when the client is built.
   *
   * @param tokenStore the store
   * @return this builder
   * @throws IllegalArgumentException when {@code tokenStore} is null
   */
  public NestAuthClientBuilder tokenStore(TokenStore tokenStore) {
    this.tokenStore = Args.notNull(tokenStore, "tokenStore");
    return this;
  }

  /**
   * Sets the tenant used by signup, login, passwordless and password reset when a call names none.
   *
   * @param tenantId the tenant's id (a UUID), or null for none
   * @return this builder
   * @throws IllegalArgumentException when {@code tenantId} is not a UUID
   */
  public NestAuthClientBuilder defaultTenantId(@Nullable String tenantId) {
    this.defaultTenantId = tenantId == null ? null : Args.uuid(tenantId, "tenantId").toString();
    return this;
  }

  /**
   * Sets an OkHttpClient whose pool, dispatcher, proxy, TLS and timeouts the client shares. The
   * client adds its own interceptors to a derived copy (and never follows redirects there);
   * {@link NestAuthClient#close()} leaves this one running.
   *
   * @param httpClient the OkHttpClient to build on
   * @return this builder
   * @throws IllegalArgumentException when {@code httpClient} is null
   */
  public NestAuthClientBuilder httpClient(OkHttpClient httpClient) {
    this.httpClient = Args.notNull(httpClient, "httpClient");
    return this;
  }

  /**
   * Appends a product token to the User-Agent, e.g. {@code my-app/1.4}.
   *
   * @param suffix printable ASCII
   * @return this builder
   * @throws IllegalArgumentException when {@code suffix} is blank or not printable ASCII
   */
  public NestAuthClientBuilder userAgentSuffix(String suffix) {
    String checked = Args.notBlank(suffix, "suffix");
    if (checked.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("suffix must be printable ASCII");
    }
    this.userAgentSuffix = checked;
    return this;
  }

  /**
   * Sets the clock for token expiry and {@code Retry-After} dates; default the UTC system clock.
   *
   * @param clock the clock
   * @return this builder
   * @throws IllegalArgumentException when {@code clock} is null
   */
  public NestAuthClientBuilder clock(Clock clock) {
    this.clock = Args.notNull(clock, "clock");
    return this;
  }

  /**
   * Allows plain {@code http://} to hosts other than loopback (credentials then travel
   * unencrypted); off by default.
   *
   * @param allow true to allow plain HTTP to any host
   * @return this builder
   */
  public NestAuthClientBuilder allowInsecureHttp(boolean allow) {
    this.allowInsecureHttp = allow;
    return this;
  }

  /**
   * Refreshes before a call when the access token expires within this window, saving the 401
   * round trip; null (the default) refreshes only when the server rejects the token.
   *
   * @param skew the window, or null
   * @return this builder
   * @throws IllegalArgumentException when {@code skew} is negative
   */
  public NestAuthClientBuilder proactiveRefreshSkew(@Nullable Duration skew) {
    if (skew != null && skew.isNegative()) {
      throw new IllegalArgumentException("skew must not be negative");
    }
    this.proactiveRefreshSkew = skew;
    return this;
  }

  /**
   * Sets the largest response body read; default 1 MiB. A larger answer fails with an
   * {@link io.nestauth.client.exception.UnexpectedResponseException}.
   *
   * @param maxBytes the limit in bytes, at least 1024
   * @return this builder
   * @throws IllegalArgumentException when {@code maxBytes} is below 1024
   */
  public NestAuthClientBuilder maxResponseBytes(long maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be at least 1024");
    }
    this.maxResponseBytes = maxBytes;
    return this;
  }

  /**
   * Registers a listener from the start, before the client makes any call. A derived client
   * shares its parent's session and so the listeners already registered on it.
   *
   * @param listener the listener to add
   * @return this builder
   * @throws IllegalArgumentException when {@code listener} is null
   */
  public NestAuthClientBuilder listener(AuthListener listener) {
    listeners.add(Args.notNull(listener, "listener"));
    return this;
  }

  /**
   * Lets {@link NestAuthClient#authInterceptor()} put the user's access token on requests to one
   * more origin of your own API (the base URL's origin is always included); requests to any other
   * origin never get it.
   *
   * @param origin an http(s) URL; only its scheme, host and port count
   * @return this builder
   * @throws IllegalArgumentException when {@code origin} is not an http(s) URL
   */
  public NestAuthClientBuilder authorizedOrigin(String origin) {
    HttpUrl url = HttpUrl.parse(Args.notBlank(origin, "origin"));
    if (url == null) {
      throw new IllegalArgumentException("origin is not an http(s) URL");
    }
    authorizedOrigins.add(url);
    return this;
  }

  /**
   * Sets when idempotent reads are repeated after a connection failure, 503 or 429; default
   * {@link RetryPolicy#defaults()}, {@link RetryPolicy#none()} turns it off.
   *
   * @param policy the retry policy
   * @return this builder
   * @throws IllegalArgumentException when {@code policy} is null
   */
  public NestAuthClientBuilder retryPolicy(RetryPolicy policy) {
    this.retryPolicy = Args.notNull(policy, "policy");
    return this;
  }

  /** For tests: how retries wait. */
  NestAuthClientBuilder sleeper(RetryInterceptor.Sleeper sleeper) {
    this.sleeper = Args.notNull(sleeper, "sleeper");
    return this;
  }

  /**
   * Builds the client, restoring any session held by the token store.
   *
   * @return a new client
   * @throws IllegalArgumentException when no base URL is set, it is not an http(s) URL, or it uses
   *     plain http to a non-loopback host without {@link #allowInsecureHttp}
   */
  public NestAuthClient build() {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl must be set");
    }
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("baseUrl is not an http(s) URL");
    }
    if (!url.isHttps() && !allowInsecureHttp && !isLoopback(url.host())) {
      throw new IllegalArgumentException(
          "baseUrl uses plain http to a non-loopback host; use https or allowInsecureHttp(true)");
    }
    ClientSettings settings = new ClientSettings(url, routePrefix, tokenStore, defaultTenantId, httpClient, userAgentSuffix, clock,
        allowInsecureHttp, proactiveRefreshSkew, maxResponseBytes, listeners, authorizedOrigins, retryPolicy, sleeper);
    return new NestAuthClient(settings, parent);
  }

  /**
   * Loopback by the host's text alone: {@code localhost}, an IPv4 literal in 127.0.0.0/8 or the
   * IPv6 literal {@code ::1} (OkHttp gives hosts in canonical form). No name is ever looked up.
   */
  static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host) || "::1".equals(host)) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !"127".equals(parts[0])) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
