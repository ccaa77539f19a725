package io.nestauth.spring.boot;

import io.nestauth.client.NestAuthClientBuilder;

/**
 * Adjusts the builder of the auto-configured {@link io.nestauth.client.NestAuthClient} after the
 * {@code nestauth.client.*} properties were applied: for settings that have no property (listeners,
 * retry policy, authorized origins, your own OkHttpClient). Every such bean is applied, in
 * {@link org.springframework.core.Ordered order}.
 *
 * <pre>{@code
 * @Bean
 * NestAuthClientBuilderCustomizer noRetries() {
 *   return builder -> builder.retryPolicy(RetryPolicy.none());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface NestAuthClientBuilderCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the builder, with the properties already applied
   */
  void customize(NestAuthClientBuilder builder);
}
