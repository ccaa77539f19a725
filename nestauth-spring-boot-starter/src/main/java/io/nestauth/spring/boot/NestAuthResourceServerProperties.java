package io.nestauth.spring.boot;

import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.RemoteSessionCheck;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nestauth.resource-server.*} properties: how the auto-configured
 * {@link NestAuthTokenVerifier} checks the access tokens that requests carry.
 */
@ConfigurationProperties(prefix = "nestauth.resource-server")
public class NestAuthResourceServerProperties {
  /**
   * The server's session.jwt.secret (HS256, at least 32 bytes). Setting it turns the resource
   * server on: requests' bearer tokens are verified locally with it.
   */
  private @Nullable String secret;

  /** How far the clocks of the Nest Auth server and this service may disagree when exp and iat are checked. */
  private Duration leeway = NestAuthTokenVerifier.DEFAULT_LEEWAY;

  /**
   * Also ask the server whether each token's session is still alive (GET <route-prefix>/verify-session,
   * cached briefly), so that a logout counts before the token expires. Needs a base URL.
   */
  private boolean remoteCheck;

  /**
   * The server's URL including the app's global prefix, for the remote check. Unset: the value of
   * nestauth.client.base-url.
   */
  private @Nullable String baseUrl;

  /**
   * The server's routePrefix option, for the remote check, e.g. identity or v1/auth. Unset: the
   * value of nestauth.client.route-prefix, and auth when that is unset too.
   */
  private @Nullable String routePrefix;

  /** How long an answer of the remote check is reused; a logout is seen within this time. */
  private Duration cacheTtl = RemoteSessionCheck.DEFAULT_CACHE_TTL;

  /** How long one remote check may take, connection included; a timeout answers 503. */
  private Duration timeout = RemoteSessionCheck.DEFAULT_TIMEOUT;

  /** @return the shared secret, or null when unset */
  public @Nullable String getSecret() {
    return secret;
  }

  /** @param secret the server's session.jwt.secret */
  public void setSecret(@Nullable String secret) {
    this.secret = secret;
  }

  /** @return the clock leeway */
  public Duration getLeeway() {
    return leeway;
  }

  /** @param leeway the clock leeway, zero or more */
  public void setLeeway(Duration leeway) {
    this.leeway = leeway;
  }

  /** @return whether the server is asked about each session */
  public boolean isRemoteCheck() {
    return remoteCheck;
  }

  /** @param remoteCheck whether the server is asked about each session */
  public void setRemoteCheck(boolean remoteCheck) {
    this.remoteCheck = remoteCheck;
  }

  /** @return the server's URL for the remote check, or null for the client's */
  public @Nullable String getBaseUrl() {
    return baseUrl;
  }

  /** @param baseUrl the server's URL for the remote check, or null for the client's */
  public void setBaseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** @return the server's route prefix for the remote check, or null for the client's */
  public @Nullable String getRoutePrefix() {
    return routePrefix;
  }

  /** @param routePrefix the server's route prefix for the remote check, or null for the client's */
  public void setRoutePrefix(@Nullable String routePrefix) {
    this.routePrefix = routePrefix;
  }

  /** @return how long a remote answer is reused */
  public Duration getCacheTtl() {
    return cacheTtl;
  }

  /** @param cacheTtl how long a remote answer is reused, zero or more */
  public void setCacheTtl(Duration cacheTtl) {
    this.cacheTtl = cacheTtl;
  }

  /** @return the remote check's timeout */
  public Duration getTimeout() {
    return timeout;
  }

  /** @param timeout the remote check's timeout */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
