package io.nestauth.spring.boot;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.TokenStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link NestAuthClient} bean made from the {@code nestauth.client.*} properties, when
 * {@code nestauth.client.base-url} is set and the application has no client bean of its own.
 *
 * <p>Its session lives in memory, in {@code nestauth.client.token-file}, or in the application's
 * {@link TokenStore} bean. Its OkHttpClient has the configured timeouts, keeps idle connections
 * shorter than the server does, and is shut down with the context, after the client is closed. {@link NestAuthClientBuilderCustomizer} beans adjust the
 * builder last.
 */
@AutoConfiguration
@ConditionalOnClass(NestAuthClient.class)
@EnableConfigurationProperties(NestAuthClientProperties.class)
public class NestAuthClientAutoConfiguration {
  /** Creates the auto-configuration; Spring does this. */
  public NestAuthClientAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(NestAuthClient.class)
  @ConditionalOnProperty(prefix = "nestauth.client", name = "base-url")
  OwnedHttpClient nestAuthClientHttp(NestAuthClientProperties properties) {
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(properties.getConnectTimeout())
        .readTimeout(properties.getReadTimeout())
        .writeTimeout(properties.getWriteTimeout())
        .callTimeout(properties.getCallTimeout())
        .connectionPool(new ConnectionPool(5, properties.getConnectionIdleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .build();
    return new OwnedHttpClient(http);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "nestauth.client", name = "base-url")
  NestAuthClient nestAuthClient(NestAuthClientProperties properties, OwnedHttpClient http,
      ObjectProvider<TokenStore> tokenStores, ObjectProvider<NestAuthClientBuilderCustomizer> customizers) {
    NestAuthClientBuilder builder = NestAuthClient.builder().httpClient(http.client);
    properties.applyTo(builder);
    builder.tokenStore(tokenStore(properties.getTokenFile(), tokenStores.getIfUnique()));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  private static TokenStore tokenStore(@Nullable Path file, @Nullable TokenStore bean) {
    if (bean != null) {
      if (file != null) {
        throw new IllegalStateException("nestauth.client.token-file is set and the application has a TokenStore "
            + "bean: keep one of them");
      }
      return bean;
    }
    return file != null ? new FileTokenStore(file) : new InMemoryTokenStore();
  }

  /**
   * The OkHttpClient the starter made for the client bean: the client leaves an OkHttpClient it
   * was given running, so this shuts it down when the context closes. Being a dependency of the
   * client bean, it is destroyed after the client.
   */
  static final class OwnedHttpClient implements DisposableBean {
    final OkHttpClient client;

    OwnedHttpClient(OkHttpClient client) {
      this.client = client;
    }

    @Override
    public void destroy() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
