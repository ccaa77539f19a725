package io.nestauth.spring.security;

import io.nestauth.verifier.NestAuthTokenVerifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Makes a Spring Security filter chain accept Nest Auth access tokens: it adds a
 * {@link NestAuthBearerTokenFilter}, answers unauthenticated requests with {@code 401} and
 * {@code WWW-Authenticate: Bearer} (unless the chain has its own entry point; when it has form
 * login too, browsers asking for a page still go to the login page), and exempts
 * requests with a bearer token from CSRF protection (a bearer token is not sent by browsers on
 * their own, so it cannot be forged cross-site). One instance per chain.
 *
 * <p>For an application with its own {@code SecurityFilterChain}:
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, NestAuthTokenVerifier verifier) throws Exception {
 *   http.authorizeHttpRequests(requests -> requests
 *           .requestMatchers("/health").permitAll()
 *           .anyRequest().authenticated())
 *       .with(new NestAuthResourceServerConfigurer(verifier), Customizer.withDefaults());
 *   return http.build();
 * }
 * }</pre>
 */
public final class NestAuthResourceServerConfigurer
    extends AbstractHttpConfigurer<NestAuthResourceServerConfigurer, HttpSecurity> {
  /** Requests whose {@code Authorization} header holds a bearer token. */
  private static final RequestMatcher BEARER_REQUESTS = request -> NestAuthBearerTokenFilter.bearerToken(request) != null;
  /**
   * Requests that are not a browser asking for a page: they get the 401. In a chain that also has
   * form login, browsers asking for HTML still go to its login page.
   */
  private static final RequestMatcher API_REQUESTS = request -> {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept == null || !accept.contains(MediaType.TEXT_HTML_VALUE);
  };

  private final NestAuthTokenVerifier verifier;

  /**
   * Creates the configurer.
   *
   * @param verifier the verifier of the tokens, e.g. the auto-configured bean
   */
  public NestAuthResourceServerConfigurer(NestAuthTokenVerifier verifier) {
    if (verifier == null) {
      throw new IllegalArgumentException("verifier must not be null");
    }
    this.verifier = verifier;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void init(HttpSecurity http) {
    ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      exceptions.defaultAuthenticationEntryPointFor(new NestAuthAuthenticationEntryPoint(), API_REQUESTS);
    }
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      csrf.ignoringRequestMatchers(BEARER_REQUESTS);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    http.addFilterBefore(new NestAuthBearerTokenFilter(verifier), UsernamePasswordAuthenticationFilter.class);
  }
}
