package io.nestauth.spring.boot;

import io.nestauth.client.NestAuthClient;
import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import io.nestauth.spring.web.NestAuthExchangeFilterFunction;
import io.nestauth.spring.web.OutgoingOrigins;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Outgoing interceptors that attach the {@link NestAuthClient} bean's session to the
 * application's calls to the {@code nestauth.outgoing.origins}: a
 * {@link NestAuthClientHttpRequestInterceptor} for {@code RestClient} and {@code RestTemplate},
 * and, when Spring WebFlux is on the classpath, a {@link NestAuthExchangeFilterFunction} for
 * {@code WebClient}. Add them to the clients you build; nothing is added to other clients.
 * Needs exactly one {@link NestAuthClient} bean and at least one origin.
 */
@AutoConfiguration(after = NestAuthClientAutoConfiguration.class)
@ConditionalOnClass({NestAuthClient.class, ClientHttpRequestInterceptor.class})
@ConditionalOnSingleCandidate(NestAuthClient.class)
@Conditional(OnOutgoingOriginsCondition.class)
@EnableConfigurationProperties(NestAuthOutgoingProperties.class)
public class NestAuthOutgoingAutoConfiguration {
  /** Creates the auto-configuration; Spring does this. */
  public NestAuthOutgoingAutoConfiguration() {
  }

  static OutgoingOrigins origins(NestAuthOutgoingProperties properties) {
    return OutgoingOrigins.of(properties.getOrigins(), properties.isAllowInsecureHttp());
  }

  @Bean
  @ConditionalOnMissingBean
  NestAuthClientHttpRequestInterceptor nestAuthClientHttpRequestInterceptor(NestAuthClient client,
      NestAuthOutgoingProperties properties) {
    return new NestAuthClientHttpRequestInterceptor(client, origins(properties));
  }

  /** Only with Spring WebFlux on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
  static class WebClientFilter {
    @Bean
    @ConditionalOnMissingBean
    NestAuthExchangeFilterFunction nestAuthExchangeFilterFunction(NestAuthClient client,
        NestAuthOutgoingProperties properties) {
      return new NestAuthExchangeFilterFunction(client, origins(properties));
    }
  }
}
