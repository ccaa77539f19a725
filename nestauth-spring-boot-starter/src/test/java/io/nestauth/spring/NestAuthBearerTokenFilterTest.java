package io.nestauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nestauth.spring.security.NestAuthAuthentication;
import io.nestauth.spring.security.NestAuthBearerTokenFilter;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import io.nestauth.verifier.NestAuthPrincipal;
import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.RemoteSessionCheck;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import mockwebserver3.MockWebServer;
import io.nestauth.testfixtures.MockResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the filter makes of a request's Authorization header, with tokens signed like the server's. */
class NestAuthBearerTokenFilterTest {
  /** The filter logs through commons-logging, which goes to java.util.logging here. */
  private static final Logger FILTER_LOG = Logger.getLogger(NestAuthBearerTokenFilter.class.getName());

  private final NestAuthBearerTokenFilter filter = new NestAuthBearerTokenFilter(
      NestAuthTokenVerifier.builder().secret(TestJwts.SECRET).leeway(java.time.Duration.ZERO).build());
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final StreamHandler capture = new StreamHandler(log, new SimpleFormatter());
  private Level previousLevel;

  @BeforeEach
  void captureDebugLog() {
    previousLevel = FILTER_LOG.getLevel();
    capture.setLevel(Level.ALL);
    FILTER_LOG.setLevel(Level.ALL);
    FILTER_LOG.addHandler(capture);
  }

  @AfterEach
  void restoreLog() {
    FILTER_LOG.removeHandler(capture);
    FILTER_LOG.setLevel(previousLevel);
    SecurityContextHolder.clearContext();
  }

  private String logged() {
    capture.flush();
    return log.toString(StandardCharsets.UTF_8);
  }

  /** The result of one request through the filter. */
  private record Outcome(MockHttpServletResponse response, boolean reachedTheApp, Authentication authentication) {
  }

  private Outcome send(NestAuthBearerTokenFilter filter, String authorization) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<Authentication> seen = new AtomicReference<>();
    boolean[] reached = {false};
    filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) {
        reached[0] = true;
        seen.set(SecurityContextHolder.getContext().getAuthentication());
      }
    }));
    return new Outcome(response, reached[0], seen.get());
  }

  private Outcome send(String authorization) throws Exception {
    return send(filter, authorization);
  }

  @Test
  void anAccessTokenBecomesTheAuthenticationWithRolesAndPermissionsAsAuthorities() throws Exception {
    String token = TestJwts.access().tenantId(TestUser.TENANT_ID)
        .roles(List.of(Map.of("id", "r1", "name", "editor", "guard", "web"), "admin"))
        .claim("permissions", List.of("users.invite", "posts.write"))
        .build();

    Outcome outcome = send("Bearer " + token);

    assertThat(outcome.reachedTheApp()).isTrue();
    NestAuthAuthentication authentication = (NestAuthAuthentication) outcome.authentication();
    assertThat(authentication.isAuthenticated()).isTrue();
    assertThat(authentication.getName()).isEqualTo(TestUser.USER_ID);
    assertThat(authentication.tenantId()).contains(TestUser.TENANT_ID);
    assertThat(authentication.getPrincipal()).isInstanceOf(NestAuthPrincipal.class);
    assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactly("ROLE_editor", "ROLE_admin", "users.invite", "posts.write");
    assertThat(authentication.getCredentials()).isNull();
    assertThat(authentication.toString()).doesNotContain(token).doesNotContain(TestUser.EMAIL);
  }

  @Test
  void theSchemeIsCaseInsensitiveAsOnTheServer() throws Exception {
    assertThat(send("bearer " + TestJwts.access().build()).authentication()).isNotNull();
  }

  @Test
  void refusedTokensGet401WithAReasonAndNeverReachTheApp() throws Exception {
    assertRefused(TestJwts.refreshToken(), "Not an access token");
    assertRefused(TestJwts.expiredAccess(), "The access token expired");
    assertRefused(TestJwts.pendingAccess(), "The session has not passed its second factor");
    String token = TestJwts.access().build();
    assertRefused(token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"),
        "The access token is invalid");
    assertRefused("not-a-jwt", "The access token is invalid");
  }

  private void assertRefused(String token, String description) throws Exception {
    log.reset();
    Outcome outcome = send("Bearer " + token);

    assertThat(outcome.reachedTheApp()).isFalse();
    assertThat(outcome.response().getStatus()).isEqualTo(401);
    assertThat(outcome.response().getHeader("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
    assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    // the refusal is logged at debug level, with its reason and without the token
    assertThat(logged()).containsOnlyOnce("Nest Auth token refused for GET /orders: ").doesNotContain(token);
  }

  @Test
  void requestsWithoutABearerTokenGoOnUnauthenticated() throws Exception {
    for (String authorization : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer"}) {
      Outcome outcome = send(authorization);
      assertThat(outcome.reachedTheApp()).as(String.valueOf(authorization)).isTrue();
      assertThat(outcome.authentication()).isNull();
    }
  }

  @Test
  void aServerThatCannotBeAskedAnswers503NotAnAuthenticationChallenge() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(MockResponses.json(500, "{}"));
      server.start();
      NestAuthBearerTokenFilter remote = new NestAuthBearerTokenFilter(NestAuthTokenVerifier.builder()
          .secret(TestJwts.SECRET)
          .remoteCheck(RemoteSessionCheck.builder(server.url("/api").toString()).build())
          .build());

      Outcome outcome = send(remote, "Bearer " + TestJwts.access().build());

      assertThat(outcome.reachedTheApp()).isFalse();
      assertThat(outcome.response().getStatus()).isEqualTo(503);
      assertThat(outcome.response().getHeader("WWW-Authenticate")).isNull();
    }
  }
}
