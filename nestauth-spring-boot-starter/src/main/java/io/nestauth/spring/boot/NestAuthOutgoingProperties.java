package io.nestauth.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nestauth.outgoing.*} properties: which of the application's own outgoing calls get
 * the auto-configured client's access token.
 */
@ConfigurationProperties(prefix = "nestauth.outgoing")
public class NestAuthOutgoingProperties {
  /**
   * Origins (scheme, host and optional port, e.g. https://orders.example.com) whose requests get
   * the client's access token. Requests to any other origin never see it. The interceptors exist
   * only when at least one origin is listed.
   */
  private List<String> origins = new ArrayList<>();

  /**
   * Accept plain http origins whose host is not a loopback address. The token then travels
   * unencrypted.
   */
  private boolean allowInsecureHttp;

  /** @return the origins that get the token */
  public List<String> getOrigins() {
    return origins;
  }

  /** @param origins the origins that get the token */
  public void setOrigins(List<String> origins) {
    this.origins = origins;
  }

  /** @return whether plain http origins on other hosts than loopback are accepted */
  public boolean isAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** @param allowInsecureHttp whether plain http origins on other hosts than loopback are accepted */
  public void setAllowInsecureHttp(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }
}
