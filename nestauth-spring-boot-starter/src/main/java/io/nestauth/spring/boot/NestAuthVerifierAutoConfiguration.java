package io.nestauth.spring.boot;

import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.RemoteSessionCheck;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link NestAuthTokenVerifier} bean made from the {@code nestauth.resource-server.*}
 * properties, when {@code nestauth.resource-server.secret} is set and the application has no
 * verifier bean of its own; with {@code remote-check=true} it also asks the server about each
 * session ({@link RemoteSessionCheck}).
 */
@AutoConfiguration
@ConditionalOnClass(NestAuthTokenVerifier.class)
@EnableConfigurationProperties({NestAuthResourceServerProperties.class, NestAuthClientProperties.class})
public class NestAuthVerifierAutoConfiguration {
  /** Creates the auto-configuration; Spring does this. */
  public NestAuthVerifierAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "nestauth.resource-server", name = "secret")
  NestAuthTokenVerifier nestAuthTokenVerifier(NestAuthResourceServerProperties properties,
      NestAuthClientProperties client) {
    NestAuthTokenVerifier.Builder verifier = NestAuthTokenVerifier.builder()
        .secret(properties.getSecret())
        .leeway(properties.getLeeway());
    if (properties.isRemoteCheck()) {
      String baseUrl = properties.getBaseUrl() != null ? properties.getBaseUrl() : client.getBaseUrl();
      if (baseUrl == null) {
        throw new IllegalStateException("nestauth.resource-server.remote-check=true needs the server's URL: set "
            + "nestauth.resource-server.base-url (or nestauth.client.base-url)");
      }
      RemoteSessionCheck.Builder remote = RemoteSessionCheck.builder(baseUrl)
          .cacheTtl(properties.getCacheTtl())
          .timeout(properties.getTimeout());
      String ownPrefix = properties.getRoutePrefix();
      String routePrefix = ownPrefix != null ? ownPrefix : client.getRoutePrefix();
      if (routePrefix != null) {
        PropertyValues.apply(ownPrefix != null ? "nestauth.resource-server.route-prefix" : "nestauth.client.route-prefix",
            () -> remote.routePrefix(routePrefix));
      }
      verifier.remoteCheck(remote.build());
    }
    return verifier.build();
  }
}
