package io.nestauth.client.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nestauth.testfixtures.MockResponses.error;
import static io.nestauth.testfixtures.MockResponses.json;

/**
 * A MockWebServer dispatcher that behaves like a Nest Auth server where it matters for tokens
 * (spec/SERVER-BEHAVIOUR.md §7, §8): login opens a server-side session; access tokens are JWTs
 * that expire after {@code accessTtl}; every refresh rotates the refresh token; presenting an
 * already rotated refresh token is reuse, answered {@code 401 REFRESH_TOKEN_INVALID}, and
 * REVOKES the whole session, whose tokens then get {@code 401 "Session not found"} (no code).
 * Expired or unknown access tokens get {@code 401 INVALID_TOKEN}. Tokens and bodies are the
 * fixtures' ({@link TestJwts}, {@link ServerAnswers}), each session's tokens carrying its own
 * {@code sessionId}. Thread-safe.
 */
final class FaithfulServer extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Session {
    final String id;
    String currentRefresh;
    final Set<String> rotated = ConcurrentHashMap.newKeySet();
    volatile boolean revoked;

    Session(String id) {
      this.id = id;
    }
  }

  private static final class Access {
    final Session session;
    final long expiresAtNanos;

    Access(Session session, long expiresAtNanos) {
      this.session = session;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  private final Duration accessTtl;
  private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, Session> refreshTokens = new ConcurrentHashMap<>();

  final AtomicInteger logins = new AtomicInteger();
  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger replays = new AtomicInteger();
  final AtomicInteger revocations = new AtomicInteger();
  final AtomicInteger expiredRejections = new AtomicInteger();
  final AtomicInteger served = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();

  FaithfulServer(Duration accessTtl) {
    this.accessTtl = accessTtl;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.incrementAndGet();
    String path = request.getUrl().encodedPath();
    switch (request.getMethod() + " " + path) {
      case "POST /api/auth/login":
        return login();
      case "POST /api/auth/refresh-token":
        return refresh(request);
      case "GET /api/auth/me":
        return authorized(request, ServerAnswers.sessionUserBody());
      case "GET /api/auth/mfa/status":
        return authorized(request, ServerAnswers.mfaStatusBody());
      case "GET /api/auth/verify-session":
        return authorized(request, ServerAnswers.verifySessionBody());
      case "GET /app/data":
        return authorized(request, "{\"data\":\"app\"}");
      default:
        return json(404, ServerAnswers.notFoundBody(request.getMethod(), path));
    }
  }

  private MockResponse login() {
    logins.incrementAndGet();
    Session session = new Session(UUID.randomUUID().toString());
    synchronized (session) {
      return json(200, issue(session, "Login successful"));
    }
  }

  private MockResponse refresh(RecordedRequest request) {
    String token;
    try {
      JsonNode body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
      token = body == null ? null : body.path("refreshToken").asText(null);
    } catch (IOException e) {
      return error(400, "Bad Request", "Unexpected token in JSON", null);
    }
    if (token == null) {
      return error(401, "UnauthorizedException", "refreshToken is required", "REFRESH_TOKEN_INVALID");
    }
    Session session = refreshTokens.get(token);
    if (session == null) {
      return error(401, "UnauthorizedException", "Refresh token expired", "REFRESH_TOKEN_EXPIRED");
    }
    synchronized (session) {
      if (session.revoked) {
        return MockResponses.sessionNotFound();
      }
      if (!token.equals(session.currentRefresh)) {
        // reuse of a rotated refresh token: the real server revokes the whole session
        replays.incrementAndGet();
        revocations.incrementAndGet();
        session.revoked = true;
        return error(401, "UnauthorizedException", "Invalid refresh token", "REFRESH_TOKEN_INVALID");
      }
      session.rotated.add(token);
      refreshes.incrementAndGet();
      return json(200, issue(session, "Token refreshed successfully"));
    }
  }

  /** Issues a new token pair for the session (caller holds its lock). */
  private String issue(Session session, String message) {
    Instant now = Instant.now();
    long ttlSeconds = Math.max(1, (accessTtl.toMillis() + 999) / 1000);
    String access = TestJwts.access().sessionId(session.id).expiresAt(now.plusSeconds(ttlSeconds)).build();
    String refresh = TestJwts.refresh().sessionId(session.id).build();
    accessTokens.put(access, new Access(session, System.nanoTime() + accessTtl.toNanos()));
    refreshTokens.put(refresh, session);
    session.currentRefresh = refresh;
    return ServerAnswers.tokensBody(access, refresh, message);
  }

  private MockResponse authorized(RecordedRequest request, String body) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return json(401, ServerAnswers.noAuthBody());
    }
    Access access = accessTokens.get(header.substring("Bearer ".length()));
    if (access == null) {
      return MockResponses.invalidToken();
    }
    if (access.session.revoked) {
      return MockResponses.sessionNotFound();
    }
    if (System.nanoTime() - access.expiresAtNanos > 0) {
      expiredRejections.incrementAndGet();
      return MockResponses.invalidToken();
    }
    served.incrementAndGet();
    return json(200, body);
  }

  /** @return true when {@code refreshToken} is the one the session accepts next */
  boolean isCurrent(String refreshToken) {
    Session session = refreshTokens.get(refreshToken);
    if (session == null) {
      return false;
    }
    synchronized (session) {
      return !session.revoked && refreshToken.equals(session.currentRefresh);
    }
  }
}
