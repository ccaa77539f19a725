package io.nestauth.client.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nestauth.client.reliability.ReliabilitySupport.error;
import static io.nestauth.client.reliability.ReliabilitySupport.json;

/**
 * A MockWebServer dispatcher that behaves like a Nest Auth server where it matters for tokens
 * (spec/SERVER-BEHAVIOUR.md §7, §8): login opens a server-side session; access tokens are JWTs
 * that expire after {@code accessTtl}; every refresh rotates the refresh token; presenting an
 * already rotated refresh token is reuse, answered {@code 401 REFRESH_TOKEN_INVALID}, and
 * REVOKES the whole session, whose tokens then get {@code 401 "Session not found"} (no code).
 * Expired or unknown access tokens get {@code 401 INVALID_TOKEN}. Thread-safe.
 */
final class FaithfulServer extends Dispatcher {
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
  private final AtomicInteger sessionCounter = new AtomicInteger();

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
        return authorized(request, ReliabilitySupport.sessionUserBody());
      case "GET /api/auth/mfa/status":
        return authorized(request, ReliabilitySupport.mfaStatusBody());
      case "GET /api/auth/verify-session":
        return authorized(request, ReliabilitySupport.verifySessionBody());
      case "GET /app/data":
        return authorized(request, "{\"data\":\"app\"}");
      default:
        return error(404, "Not Found", "Cannot " + request.getMethod() + " " + path, null);
    }
  }

  private MockResponse login() {
    logins.incrementAndGet();
    Session session = new Session("session-" + sessionCounter.incrementAndGet());
    synchronized (session) {
      return json(200, issue(session, "Login successful"));
    }
  }

  private MockResponse refresh(RecordedRequest request) {
    String token;
    try {
      JsonNode body = ReliabilitySupport.JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
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
        return error(401, "Unauthorized", "Session not found", null);
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
    String access = ReliabilitySupport.jwt("access", now.plusSeconds(ttlSeconds), false, false);
    String refresh = ReliabilitySupport.jwt("refresh", now.plus(Duration.ofDays(7)), false, false);
    accessTokens.put(access, new Access(session, System.nanoTime() + accessTtl.toNanos()));
    refreshTokens.put(refresh, session);
    session.currentRefresh = refresh;
    return ReliabilitySupport.tokensBody(access, refresh, message);
  }

  private MockResponse authorized(RecordedRequest request, String body) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return error(401, "UnauthorizedException", "No authentication provided", "NO_AUTH_PROVIDED");
    }
    Access access = accessTokens.get(header.substring("Bearer ".length()));
    if (access == null) {
      return ReliabilitySupport.invalidToken();
    }
    if (access.session.revoked) {
      return error(401, "Unauthorized", "Session not found", null);
    }
    if (System.nanoTime() - access.expiresAtNanos > 0) {
      expiredRejections.incrementAndGet();
      return ReliabilitySupport.invalidToken();
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
