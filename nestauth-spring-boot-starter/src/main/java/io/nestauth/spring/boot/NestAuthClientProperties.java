package io.nestauth.spring.boot;

import io.nestauth.client.NestAuthClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nestauth.client.*} properties: how the auto-configured
 * {@link io.nestauth.client.NestAuthClient} reaches the server and keeps its session.
 *
 * <p>Each property maps to one {@link NestAuthClientBuilder} setting in {@link #applyTo}; a new
 * builder setting becomes a property by adding a field here and a line there. Settings without a
 * property go through a {@link NestAuthClientBuilderCustomizer} bean.
 */
@ConfigurationProperties(prefix = "nestauth.client")
public class NestAuthClientProperties {
  /**
   * The Nest Auth server's URL including the app's global prefix, e.g.
   * https://api.example.com/api. The client bean exists only when this is set.
   */
  private @Nullable String baseUrl;

  /**
   * The server's routePrefix option: where its routes are below the base URL, e.g. identity or
   * v1/auth. Unset: auth, Nest Auth's default.
   */
  private @Nullable String routePrefix;

  /**
   * File that keeps the session across restarts (a FileTokenStore, written atomically, owner-only).
   * Unset: the session lives in memory. A TokenStore bean of the application takes precedence.
   */
  private @Nullable Path tokenFile;

  /** Time to establish a connection to the server; 0 for none. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** Longest wait for data from the server; 0 for none. */
  private Duration readTimeout = Duration.ofSeconds(10);

  /** Longest wait while sending to the server; 0 for none. */
  private Duration writeTimeout = Duration.ofSeconds(10);

  /** Limit on a whole call, connection and body included; 0 for none. */
  private Duration callTimeout = Duration.ZERO;

  /**
   * How long an idle connection to the server is kept for reuse. Keep it below the server's own
   * keep-alive timeout (Node.js, which Nest Auth runs on, closes idle connections after 5 s):
   * otherwise a call can go out on a connection the server is closing and fail, and the client
   * does not re-send its POSTs (a re-sent refresh would replay a rotated refresh token).
   */
  private Duration connectionIdleTimeout = Duration.ofSeconds(4);

  /**
   * Refresh ahead of expiry when the access token expires within this window, saving a 401 round
   * trip. Unset: refresh only when the server rejects the token.
   */
  private @Nullable Duration proactiveRefreshSkew;

  /** Tenant used by signup, login, passwordless and password reset when a call names none (a UUID). */
  private @Nullable String defaultTenantId;

  /** Product token appended to the User-Agent, e.g. my-service/1.4. */
  private @Nullable String userAgentSuffix;

  /**
   * Accept a plain http base URL to a host that is not a loopback address. Passwords and tokens
   * then travel unencrypted.
   */
  private boolean allowInsecureHttp;

  /**
   * Copies every set property onto the builder. The token store, the OkHttpClient (with the
   * timeouts) and the customizers are applied by the auto-configuration.
   *
   * @param builder the builder of the client bean
   */
  void applyTo(NestAuthClientBuilder builder) {
    if (baseUrl != null) {
      builder.baseUrl(baseUrl);
    }
    if (routePrefix != null) {
      String prefix = routePrefix;
      PropertyValues.apply("nestauth.client.route-prefix", () -> builder.routePrefix(prefix));
    }
    builder.allowInsecureHttp(allowInsecureHttp);
    builder.proactiveRefreshSkew(proactiveRefreshSkew);
    if (defaultTenantId != null) {
      builder.defaultTenantId(defaultTenantId);
    }
    if (userAgentSuffix != null) {
      builder.userAgentSuffix(userAgentSuffix);
    }
  }

  /** @return the base URL, or null when unset */
  public @Nullable String getBaseUrl() {
    return baseUrl;
  }

  /** @param baseUrl the server's URL including the app's global prefix */
  public void setBaseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** @return the server's route prefix, or null for the default (auth) */
  public @Nullable String getRoutePrefix() {
    return routePrefix;
  }

  /** @param routePrefix the server's routePrefix option, or null for the default (auth) */
  public void setRoutePrefix(@Nullable String routePrefix) {
    this.routePrefix = routePrefix;
  }

  /** @return the session file, or null for an in-memory session */
  public @Nullable Path getTokenFile() {
    return tokenFile;
  }

  /** @param tokenFile the session file, or null for an in-memory session */
  public void setTokenFile(@Nullable Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  /** @return the connect timeout */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** @param connectTimeout the connect timeout, 0 for none */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** @return the read timeout */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /** @param readTimeout the read timeout, 0 for none */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /** @return the write timeout */
  public Duration getWriteTimeout() {
    return writeTimeout;
  }

  /** @param writeTimeout the write timeout, 0 for none */
  public void setWriteTimeout(Duration writeTimeout) {
    this.writeTimeout = writeTimeout;
  }

  /** @return the call timeout */
  public Duration getCallTimeout() {
    return callTimeout;
  }

  /** @param callTimeout the call timeout, 0 for none */
  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  /** @return how long an idle connection is kept */
  public Duration getConnectionIdleTimeout() {
    return connectionIdleTimeout;
  }

  /** @param connectionIdleTimeout how long an idle connection is kept, more than zero */
  public void setConnectionIdleTimeout(Duration connectionIdleTimeout) {
    this.connectionIdleTimeout = connectionIdleTimeout;
  }

  /** @return the proactive refresh window, or null */
  public @Nullable Duration getProactiveRefreshSkew() {
    return proactiveRefreshSkew;
  }

  /** @param proactiveRefreshSkew the proactive refresh window, or null */
  public void setProactiveRefreshSkew(@Nullable Duration proactiveRefreshSkew) {
    this.proactiveRefreshSkew = proactiveRefreshSkew;
  }

  /** @return the default tenant's id, or null */
  public @Nullable String getDefaultTenantId() {
    return defaultTenantId;
  }

  /** @param defaultTenantId the default tenant's id, or null */
  public void setDefaultTenantId(@Nullable String defaultTenantId) {
    this.defaultTenantId = defaultTenantId;
  }

  /** @return the User-Agent suffix, or null */
  public @Nullable String getUserAgentSuffix() {
    return userAgentSuffix;
  }

  /** @param userAgentSuffix the User-Agent suffix, or null */
  public void setUserAgentSuffix(@Nullable String userAgentSuffix) {
    this.userAgentSuffix = userAgentSuffix;
  }

  /** @return whether plain http to a non-loopback host is accepted */
  public boolean isAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** @param allowInsecureHttp whether plain http to a non-loopback host is accepted */
  public void setAllowInsecureHttp(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }
}
