package io.nestauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.RetryPolicy;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import io.nestauth.spring.boot.NestAuthClientAutoConfiguration;
import io.nestauth.spring.boot.NestAuthClientBuilderCustomizer;
import io.nestauth.spring.boot.NestAuthOutgoingAutoConfiguration;
import io.nestauth.spring.boot.NestAuthResourceServerAutoConfiguration;
import io.nestauth.spring.boot.NestAuthVerifierAutoConfiguration;
import io.nestauth.spring.security.NestAuthAuthentication;
import io.nestauth.spring.web.NestAuthClientHttpRequestInterceptor;
import io.nestauth.spring.web.NestAuthExchangeFilterFunction;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import io.nestauth.verifier.NestAuthTokenVerifier;
import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The auto-configuration's beans, their conditions, and that each steps aside for the application's own. */
class NestAuthAutoConfigurationTest {
  private static final String BASE_URL = "nestauth.client.base-url=https://auth.example.com/api";
  private static final String SECRET = "nestauth.resource-server.secret=" + TestJwts.SECRET;
  private static final String ORIGINS = "nestauth.outgoing.origins=https://orders.example.com";
  private static final String REMOTE_CHECK = "nestauth.resource-server.remote-check=true";
  /** A prefix the rule refuses (a ".." segment), distinctive enough to show if a message repeated it. */
  private static final String BAD_PREFIX = "identity/../admin";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(NestAuthClientAutoConfiguration.class,
          NestAuthOutgoingAutoConfiguration.class, NestAuthVerifierAutoConfiguration.class,
          NestAuthResourceServerAutoConfiguration.class));

  private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(NestAuthVerifierAutoConfiguration.class,
          NestAuthResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class,
          UserDetailsServiceAutoConfiguration.class));

  // ------------------------------------------------------------------ the client bean

  @Test
  void noPropertiesNoBeans() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(NestAuthClient.class)
        .doesNotHaveBean(NestAuthTokenVerifier.class)
        .doesNotHaveBean(NestAuthClientHttpRequestInterceptor.class));
  }

  @Test
  void theBaseUrlMakesAClientWithAnInMemorySession() {
    runner.withPropertyValues(BASE_URL).run(context -> {
      NestAuthClient client = context.getBean(NestAuthClient.class);
      assertThat(client.isAuthenticated()).isFalse();
      assertThat(client.toString()).contains("auth.example.com");
    });
  }

  @Test
  void aTokenFileKeepsTheSessionAcrossContexts(@TempDir Path dir) {
    Path file = dir.resolve("session.json");
    runner.withPropertyValues(BASE_URL, "nestauth.client.token-file=" + file).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(Files.exists(file)).isFalse();
    });
    new io.nestauth.client.FileTokenStore(file).save(signedIn());

    runner.withPropertyValues(BASE_URL, "nestauth.client.token-file=" + file)
        .run(context -> assertThat(context.getBean(NestAuthClient.class).isAuthenticated()).isTrue());
  }

  @Test
  void anApplicationTokenStoreIsUsedAndConflictsWithATokenFile(@TempDir Path dir) {
    TokenStore store = new InMemoryTokenStore();
    store.save(signedIn());
    runner.withPropertyValues(BASE_URL).withBean(TokenStore.class, () -> store)
        .run(context -> assertThat(context.getBean(NestAuthClient.class).accessToken())
            .contains(store.load().orElseThrow().accessToken()));

    runner.withPropertyValues(BASE_URL, "nestauth.client.token-file=" + dir.resolve("s.json"))
        .withBean(TokenStore.class, () -> store)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("nestauth.client.token-file is set and the application has a TokenStore bean"));
  }

  @Test
  void customizersRunAfterTheProperties() {
    AtomicReference<String> seen = new AtomicReference<>();
    NestAuthClientBuilderCustomizer customizer = builder -> {
      builder.retryPolicy(RetryPolicy.none());
      seen.set("customized");
    };
    runner.withPropertyValues(BASE_URL).withBean(NestAuthClientBuilderCustomizer.class, () -> customizer)
        .run(context -> {
          assertThat(context).hasSingleBean(NestAuthClient.class);
          assertThat(seen).hasValue("customized");
        });
  }

  @Test
  void badPropertiesFailTheStartWithTheClientsMessage() {
    runner.withPropertyValues("nestauth.client.base-url=http://auth.example.com/api")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http"));
  }

  @Test
  void theRoutePrefixReachesTheClient() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(0);
      server.enqueue(MockResponses.ok("{\"enabled\":false}"));

      runner.withPropertyValues("nestauth.client.base-url=" + server.url("/api"), "nestauth.client.route-prefix=/identity/")
          .run(context -> context.getBean(NestAuthClient.class).getCsrfToken().execute());

      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/identity/csrf");
    }
  }

  @Test
  void aBadRoutePrefixFailsTheStartNamingTheProperty() {
    runner.withPropertyValues(BASE_URL, "nestauth.client.route-prefix=" + BAD_PREFIX)
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("nestauth.client.route-prefix: routePrefix must be path segments")
            .satisfies(failure -> assertThat(stackTraceOf(failure)).doesNotContain(BAD_PREFIX)));
    runner.withPropertyValues(BASE_URL, "nestauth.client.route-prefix=")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("nestauth.client.route-prefix: routePrefix must not be empty"));
  }

  @Test
  void theClientStepsAsideForTheApplicationsOwn() {
    NestAuthClient own = NestAuthClient.builder().baseUrl("https://own.example.com/api").build();
    runner.withPropertyValues(BASE_URL).withBean("ownClient", NestAuthClient.class, () -> own)
        .run(context -> {
          assertThat(context).hasSingleBean(NestAuthClient.class);
          assertThat(context.getBean(NestAuthClient.class)).isSameAs(own);
          assertThat(context).doesNotHaveBean("nestAuthClientHttp");
        });
    own.close();
  }

  // ------------------------------------------------------------------ outgoing interceptors

  @Test
  void originsAndAClientMakeTheInterceptors() {
    runner.withPropertyValues(BASE_URL, ORIGINS).run(context -> {
      assertThat(context).hasSingleBean(NestAuthClientHttpRequestInterceptor.class)
          .hasSingleBean(NestAuthExchangeFilterFunction.class);
      assertThat(context.getBean(NestAuthClientHttpRequestInterceptor.class).toString())
          .contains("https://orders.example.com:443");
    });
    // the list forms Boot binds
    runner.withPropertyValues(BASE_URL, "nestauth.outgoing.origins[0]=https://orders.example.com")
        .run(context -> assertThat(context).hasSingleBean(NestAuthClientHttpRequestInterceptor.class));
  }

  @Test
  void noOriginsOrNoClientNoInterceptors() {
    runner.withPropertyValues(BASE_URL).run(context -> assertThat(context)
        .doesNotHaveBean(NestAuthClientHttpRequestInterceptor.class)
        .doesNotHaveBean(NestAuthExchangeFilterFunction.class));
    runner.withPropertyValues(ORIGINS).run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(NestAuthClientHttpRequestInterceptor.class));
  }

  @Test
  void withoutWebFluxThereIsNoExchangeFilter() {
    runner.withPropertyValues(BASE_URL, ORIGINS)
        .withClassLoader(new FilteredClassLoader("org.springframework.web.reactive"))
        .run(context -> assertThat(context).hasSingleBean(NestAuthClientHttpRequestInterceptor.class)
            .doesNotHaveBean(NestAuthExchangeFilterFunction.class));
  }

  @Test
  void anInsecureOrMalformedOriginFailsTheStart() {
    runner.withPropertyValues(BASE_URL, "nestauth.outgoing.origins=http://orders.example.com")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("origin http://orders.example.com uses plain http"));
    runner.withPropertyValues(BASE_URL, "nestauth.outgoing.origins=https://orders.example.com/v1")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("must be scheme, host and port only"));
    runner.withPropertyValues(BASE_URL, "nestauth.outgoing.origins=http://orders.internal:8080",
            "nestauth.outgoing.allow-insecure-http=true")
        .run(context -> assertThat(context).hasSingleBean(NestAuthClientHttpRequestInterceptor.class));
  }

  // ------------------------------------------------------------------ verifier and resource server

  @Test
  void theSecretMakesALocalVerifier() {
    runner.withPropertyValues(SECRET, "nestauth.resource-server.leeway=0s").run(context -> {
      NestAuthTokenVerifier verifier = context.getBean(NestAuthTokenVerifier.class);
      assertThat(verifier.toString()).contains("leeway=PT0S", "remoteCheck=null");
      assertThat(verifier.verify(TestJwts.access().build()).userId()).isEqualTo(TestUser.USER_ID);
    });
  }

  @Test
  void theRemoteCheckTakesItsUrlFromTheResourceServerOrTheClient() {
    runner.withPropertyValues(SECRET, "nestauth.resource-server.remote-check=true",
            "nestauth.resource-server.base-url=https://rs.example.com/api")
        .run(context -> assertThat(context.getBean(NestAuthTokenVerifier.class).toString()).contains("rs.example.com"));
    runner.withPropertyValues(SECRET, "nestauth.resource-server.remote-check=true", BASE_URL)
        .run(context -> assertThat(context.getBean(NestAuthTokenVerifier.class).toString())
            .contains("auth.example.com"));
    runner.withPropertyValues(SECRET, "nestauth.resource-server.remote-check=true")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("remote-check=true needs the server's URL"));
  }

  @Test
  void theRemoteCheckAsksBelowTheResourceServersOrTheClientsRoutePrefix() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(0);
      String baseUrl = "nestauth.client.base-url=" + server.url("/api");
      String clientPrefix = "nestauth.client.route-prefix=identity";
      String alive = "{\"valid\":true,\"userId\":\"" + TestUser.USER_ID + "\"}";
      ApplicationContextRunner remote = runner.withPropertyValues(SECRET, REMOTE_CHECK, baseUrl);

      for (String[] properties : new String[][] {
          {clientPrefix},
          {clientPrefix, "nestauth.resource-server.route-prefix=v1/auth"},
          {}}) {
        server.enqueue(MockResponses.ok(alive));
        remote.withPropertyValues(properties).run(context -> assertThat(
            context.getBean(NestAuthTokenVerifier.class).verify(TestJwts.access().build()).userId())
            .isEqualTo(TestUser.USER_ID));
      }

      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/identity/verify-session");
      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/auth/verify-session");
      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/auth/verify-session");
    }
  }

  @Test
  void aBadRemoteCheckRoutePrefixFailsTheStartNamingWhereItCameFrom() {
    runner.withPropertyValues(SECRET, REMOTE_CHECK, "nestauth.resource-server.base-url=https://rs.example.com/api",
            "nestauth.resource-server.route-prefix=" + BAD_PREFIX)
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("nestauth.resource-server.route-prefix: routePrefix must be path segments")
            .satisfies(failure -> assertThat(stackTraceOf(failure)).doesNotContain(BAD_PREFIX)));
    // no client bean (no client base URL), yet the client's prefix is the one the check would use
    runner.withPropertyValues(SECRET, REMOTE_CHECK, "nestauth.resource-server.base-url=https://rs.example.com/api",
            "nestauth.client.route-prefix=" + BAD_PREFIX)
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("nestauth.client.route-prefix: routePrefix must be path segments"));
  }

  @Test
  void aShortSecretFailsTheStartWithoutShowingIt() {
    runner.withPropertyValues("nestauth.resource-server.secret=too-short-a-secret")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("HS256 needs at least 32").hasMessageNotContaining("too-short-a-secret"));
  }

  @Test
  void theVerifierStepsAsideForTheApplicationsOwn() {
    NestAuthTokenVerifier own = NestAuthTokenVerifier.builder().secret(TestJwts.SECRET).allowMfaPending(true).build();
    runner.withPropertyValues(SECRET).withBean("ownVerifier", NestAuthTokenVerifier.class, () -> own)
        .run(context -> assertThat(context.getBean(NestAuthTokenVerifier.class)).isSameAs(own));
  }

  @Test
  void aServletAppGetsAChainThatRequiresAToken() {
    webRunner.withPropertyValues(SECRET).run(context -> {
      assertThat(context).hasBean("nestAuthSecurityFilterChain")
          // no default user with a generated password: this chain has no password login
          .doesNotHaveBean(InMemoryUserDetailsManager.class);
      assertThatThrownBy(() -> context.getBean(UserDetailsService.class).loadUserByUsername("user"))
          .isInstanceOf(UsernameNotFoundException.class);
      Filter security = context.getBean("springSecurityFilterChain", Filter.class);

      MockHttpServletResponse anonymous = new MockHttpServletResponse();
      security.doFilter(new MockHttpServletRequest("GET", "/orders"), anonymous, new MockFilterChain());
      assertThat(anonymous.getStatus()).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");

      MockHttpServletRequest withToken = new MockHttpServletRequest("POST", "/orders");
      withToken.addHeader("Authorization", "Bearer " + TestJwts.access().build());
      AtomicReference<Authentication> seen = new AtomicReference<>();
      MockHttpServletResponse accepted = new MockHttpServletResponse();
      security.doFilter(withToken, accepted, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response) {
          seen.set(SecurityContextHolder.getContext().getAuthentication());
        }
      }));
      // a POST without a CSRF token passes: the chain is stateless and bearer-only
      assertThat(accepted.getStatus()).isEqualTo(200);
      assertThat(seen.get()).isInstanceOf(NestAuthAuthentication.class);
      assertThat(seen.get().getName()).isEqualTo(TestUser.USER_ID);
      assertThat(accepted.getHeader("Set-Cookie")).isNull();
    });
  }

  @Test
  void theChainStepsAsideForTheApplicationsOwn() {
    webRunner.withPropertyValues(SECRET).withUserConfiguration(OwnChain.class).run(context -> {
      assertThat(context).doesNotHaveBean("nestAuthSecurityFilterChain").hasSingleBean(SecurityFilterChain.class)
          .doesNotHaveBean("nestAuthNoPasswordUsers");
    });
  }

  @Test
  void noSecretNoChainOfOurs() {
    webRunner.run(context -> assertThat(context).doesNotHaveBean("nestAuthSecurityFilterChain")
        .doesNotHaveBean(NestAuthTokenVerifier.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnChain {
    @Bean
    SecurityFilterChain own(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
  }

  /** Every message of the failure and its causes, as a log would show them. */
  private static String stackTraceOf(Throwable failure) {
    java.io.StringWriter out = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  private static StoredTokens signedIn() {
    return new StoredTokens(TestJwts.access().build(), TestJwts.refresh().build(), false, null);
  }
}
