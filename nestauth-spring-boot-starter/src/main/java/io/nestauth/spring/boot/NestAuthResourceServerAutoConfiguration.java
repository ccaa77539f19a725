package io.nestauth.spring.boot;

import io.nestauth.spring.security.NestAuthResourceServerConfigurer;
import io.nestauth.verifier.NestAuthTokenVerifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A servlet application with Spring Security and a {@link NestAuthTokenVerifier} bean accepts Nest
 * Auth access tokens: when it defines no {@link SecurityFilterChain} of its own, this one requires
 * a valid token on every request (stateless, no CSRF, no session, no login page, no password
 * users). An application with its own chain adds {@link NestAuthResourceServerConfigurer} to it
 * instead.
 *
 * <p>Ordered before Spring Boot's web security (named for both Boot lines, which keep it in
 * different packages), so that Boot's default chain steps aside for this one.
 */
@AutoConfiguration(after = NestAuthVerifierAutoConfiguration.class, beforeName = {
    // Spring Boot 3.5
    "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
    // Spring Boot 4.0
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnClass({NestAuthTokenVerifier.class, SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnSingleCandidate(NestAuthTokenVerifier.class)
public class NestAuthResourceServerAutoConfiguration {
  /** Creates the auto-configuration; Spring does this. */
  public NestAuthResourceServerAutoConfiguration() {
  }

  /** The chain of an application that has none of its own: bearer tokens only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  static class DefaultChain {
    @Bean
    SecurityFilterChain nestAuthSecurityFilterChain(HttpSecurity http, NestAuthTokenVerifier verifier)
        throws Exception {
      http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .csrf(csrf -> csrf.disable())
          .requestCache(cache -> cache.disable())
          .with(new NestAuthResourceServerConfigurer(verifier), Customizer.withDefaults());
      return http.build();
    }

    /**
     * Says that this chain has no password users. Without it, Spring Boot would create a default
     * user with a generated password (and log it), which nothing here could ever sign in with.
     */
    @Bean
    @ConditionalOnMissingBean(UserDetailsService.class)
    UserDetailsService nestAuthNoPasswordUsers() {
      return username -> {
        throw new UsernameNotFoundException("users sign in with Nest Auth tokens here, not with passwords");
      };
    }
  }
}
