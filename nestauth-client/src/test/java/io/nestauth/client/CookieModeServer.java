package io.nestauth.client;

import static io.nestauth.testfixtures.MockResponses.cookieTokens;
import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.json;
import static io.nestauth.testfixtures.MockResponses.message;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;

import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A MockWebServer dispatcher that behaves as {@code @ackplus/nest-auth} 2.11.1 does with
 * {@code session.accessTokenType: 'cookie'} (read from its {@code NestAuthAuthGuard},
 * {@code TokenResponseInterceptor} and {@code CsrfService}): token answers carry the tokens in
 * {@code Set-Cookie} only; the guard reads the {@code accessToken} cookie and ignores
 * {@code Authorization}; with CSRF on, a state-changing request authenticated by that cookie needs the
 * CSRF cookie and header with equal values, else {@code 403 CSRF_TOKEN_INVALID}; refresh reads the
 * body's {@code refreshToken}; {@code GET /auth/csrf} issues a token. Records every request.
 */
final class CookieModeServer extends Dispatcher {
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  final AtomicBoolean csrfProtection = new AtomicBoolean(true);
  /** When set, {@code GET /auth/csrf} answers these names (a server with its own {@code security.csrf} names). */
  final AtomicReference<String[]> csrfNames = new AtomicReference<>(new String[] {"x-csrf-token", "nest_auth_csrf"});
  /** When true, every CSRF check fails (a server whose tokens never match). */
  final AtomicBoolean rejectEveryCsrf = new AtomicBoolean();
  /** Access tokens the server accepts. */
  final Set<String> liveAccessTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final AtomicReference<String> liveRefreshToken = new AtomicReference<>();
  /** The next login answer's MFA state. */
  final AtomicBoolean loginNeedsMfa = new AtomicBoolean();
  final AtomicInteger refreshes = new AtomicInteger();
  /** Extra Set-Cookie values added to every answer (e.g. a load balancer's cookie). */
  final List<String> extraSetCookies = new CopyOnWriteArrayList<>();
  /** When set, the answer to a path, instead of the emulation. */
  final Map<String, MockResponse> overrides = new java.util.concurrent.ConcurrentHashMap<>();

  /** The tokens of the last token answer. */
  volatile String lastAccess;
  volatile String lastRefresh;
  volatile String lastTrust;
  volatile String lastCsrf;

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    String path = request.getUrl().encodedPath().replaceFirst("^/api", "");
    MockResponse override = overrides.get(path);
    if (override != null) {
      return override;
    }
    MockResponse answer = answer(request, path);
    if (extraSetCookies.isEmpty()) {
      return answer;
    }
    MockResponse.Builder withCookies = answer.newBuilder();
    extraSetCookies.forEach(value -> withCookies.addHeader("Set-Cookie", value));
    return withCookies.build();
  }

  private MockResponse answer(RecordedRequest request, String path) {
    switch (path) {
      case "/auth/login":
      case "/auth/signup":
        return issue(loginNeedsMfa.get(), path.endsWith("login") ? "Login successful" : "Signup successful", false);
      case "/auth/refresh-token": {
        String presented = ClientTestSupport.bodyJson(request).path("refreshToken").asText(null);
        if (presented == null || !presented.equals(liveRefreshToken.get())) {
          return error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID");
        }
        refreshes.incrementAndGet();
        return issue(false, "Token refreshed successfully", false);
      }
      case "/auth/csrf": {
        if (!csrfProtection.get()) {
          return ok("{\"enabled\":false}");
        }
        String token = csrfValue();
        String[] names = csrfNames.get();
        return json(200, "{\"enabled\":true,\"csrfToken\":\"" + token + "\",\"headerName\":\"" + names[0]
            + "\",\"cookieName\":\"" + names[1] + "\"}").newBuilder()
            .addHeader("Set-Cookie", names[1] + "=" + token + "; Path=/; SameSite=Lax").build();
      }
      case "/auth/logout":
        // the logout route accepts no token (optional auth) but checks one it is given
        if (cookie(request, "accessToken") != null) {
          MockResponse refused = guard(request);
          if (refused != null) {
            return refused;
          }
        }
        return message("Logged out successfully").newBuilder()
            .addHeader("Set-Cookie", "accessToken=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
            .addHeader("Set-Cookie", "refreshToken=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT").build();
      default: {
        MockResponse refused = guard(request);
        if (refused != null) {
          return refused;
        }
        switch (path) {
          case "/auth/me":
            return ok(sessionUserBody());
          case "/auth/mfa/verify":
            return issue(false, "2FA verification successful", ClientTestSupport.bodyJson(request)
                .path("trustDevice").asBoolean());
          default:
            return message("done " + path);
        }
      }
    }
  }

  /** What the guard does: the cookie only, then the CSRF check on state-changing requests. */
  private MockResponse guard(RecordedRequest request) {
    String access = cookie(request, "accessToken");
    if (access == null) {
      return error(401, "UnauthorizedException", ServerAnswers.NO_AUTH_MESSAGE, "NO_AUTH_PROVIDED");
    }
    if (csrfProtection.get() && !Set.of("GET", "HEAD", "OPTIONS").contains(request.getMethod())) {
      String[] names = csrfNames.get();
      String cookieToken = cookie(request, names[1]);
      String headerToken = request.getHeaders().get(names[0]);
      if (rejectEveryCsrf.get() || cookieToken == null || !cookieToken.equals(headerToken)) {
        return error(403, "ForbiddenException", "Invalid or missing CSRF token.", "CSRF_TOKEN_INVALID");
      }
    }
    if (!liveAccessTokens.contains(access)) {
      return error(401, "UnauthorizedException", ServerAnswers.INVALID_TOKEN_MESSAGE, "INVALID_TOKEN");
    }
    return null;
  }

  private MockResponse issue(boolean pending, String text, boolean trust) {
    String access = pending ? TestJwts.pendingAccess() : TestJwts.verifiedAccess();
    String refresh = TestJwts.refreshToken();
    liveAccessTokens.add(access);
    liveRefreshToken.set(refresh);
    lastAccess = access;
    lastRefresh = refresh;
    lastTrust = trust ? "trust-" + UUID.randomUUID() : null;
    return cookieTokens(access, refresh, pending, text, lastTrust, csrfProtection.get() ? csrfValue() : null);
  }

  private String csrfValue() {
    String token = UUID.randomUUID().toString().replace("-", "");
    lastCsrf = token;
    return token;
  }

  /** The value of a cookie of the request's {@code Cookie} header, or null. */
  static String cookie(RecordedRequest request, String name) {
    return cookies(request).get(name);
  }

  static Map<String, String> cookies(RecordedRequest request) {
    Map<String, String> cookies = new HashMap<>();
    for (String header : request.getHeaders().values("Cookie")) {
      for (String pair : header.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
      }
    }
    return cookies;
  }

  /** The paths of the recorded requests, in order ({@code METHOD /path} below {@code /api}). */
  List<String> calls() {
    return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath().replaceFirst("^/api", ""))
        .collect(java.util.stream.Collectors.toList());
  }
}
