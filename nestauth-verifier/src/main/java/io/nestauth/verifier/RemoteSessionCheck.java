package io.nestauth.verifier;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.verifier.TokenVerificationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Asks the Nest Auth server whether a token's session is still alive, so that a logged-out or
 * revoked session is refused before its access tokens expire. Given to
 * {@link NestAuthTokenVerifier.Builder#remoteCheck(RemoteSessionCheck)}; runs only after the local
 * checks passed. Immutable and thread-safe.
 *
 * <p>It calls {@code GET <baseUrl>/<routePrefix>/verify-session} (the route prefix is {@code auth}
 * unless {@linkplain Builder#routePrefix(String) set}) with the token as bearer. The real server
 * (2.11.1) answers {@code 200 {"valid": true, "userId", "expiresAt"}} for a live session and
 * {@code 401 "Session not found"} once the session was logged out or revoked
 * ({@code 401 ACCOUNT_INACTIVE} for a deactivated user). It accepts MFA-pending sessions and does
 * not apply the must-change-password block, unlike {@code GET /auth/me}, which also reads the whole
 * user. Answers:
 * <ul>
 *   <li>200 with {@code valid: true} for the token's user: alive;</li>
 *   <li>401 (or 200 with {@code valid: false}): {@link Reason#REVOKED}. The server allows no clock
 *       leeway, so a token that the verifier's leeway still accepts but the server already sees
 *       as expired also gets a 401 ({@code INVALID_TOKEN}, kept in the message);</li>
 *   <li>anything else, no answer within the timeout, or a redirect (never followed):
 *       {@link Reason#CHECK_FAILED}, so the token is refused (fail closed) but the caller can tell
 *       a server outage from a bad token.</li>
 * </ul>
 *
 * <p>Alive and revoked answers are cached for {@linkplain Builder#cacheTtl(Duration) a short time}
 * (default 10 s, at most {@linkplain Builder#maxCacheEntries(int) 10,000} entries, least recently
 * used evicted first) under the SHA-256 of the token, never the token itself; a logout is thus seen
 * within the TTL. Failed checks are not cached. Concurrent checks of one token share one request.
 */
public final class RemoteSessionCheck {
  /** The server's {@code routePrefix} a builder starts with: {@code auth}, Nest Auth's default. */
  public static final String DEFAULT_ROUTE_PREFIX = ApiClient.DEFAULT_ROUTE_PREFIX;

  /** The cache TTL a builder starts with. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(10);

  /** The cache size a builder starts with. */
  public static final int DEFAULT_MAX_CACHE_ENTRIES = 10_000;

  /** The time a check may take, connection included, unless the builder says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The most of an answer's body that is read. */
  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final HttpUrl verifySessionUrl;
  private final OkHttpClient http;
  private final SessionCache cache;
  private final ConcurrentHashMap<String, CompletableFuture<SessionCache.Answer>> inFlight =
      new ConcurrentHashMap<>();

  private RemoteSessionCheck(HttpUrl verifySessionUrl, OkHttpClient http, SessionCache cache) {
    this.verifySessionUrl = verifySessionUrl;
    this.http = http;
    this.cache = cache;
  }

  /**
   * Starts a builder for a server.
   *
   * @param baseUrl the server's URL including the app's global prefix, e.g.
   *     {@code https://auth.example.com/api}: https, or plain http to a loopback host
   *     ({@code localhost}, {@code 127.x.x.x}, {@code ::1})
   * @return a new builder
   * @throws IllegalArgumentException when {@code baseUrl} is not such a URL, or has a query or
   *     user info
   */
  public static Builder builder(String baseUrl) {
    return new Builder(parseBaseUrl(baseUrl));
  }

  /** Refuses the token unless the server still accepts its session. */
  void requireAlive(String token, NestAuthPrincipal principal) {
    String key = cacheKey(token);
    SessionCache.Answer answer = cache.get(key);
    if (answer == null) {
      answer = askOnce(key, token, principal);
    }
    if (!answer.alive()) {
      throw new TokenVerificationException(Reason.REVOKED, answer.detail());
    }
  }

  /** Asks the server; concurrent callers with the same token wait for the one request. */
  private SessionCache.Answer askOnce(String key, String token, NestAuthPrincipal principal) {
    CompletableFuture<SessionCache.Answer> mine = new CompletableFuture<>();
    CompletableFuture<SessionCache.Answer> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return await(running);
    }
    try {
      SessionCache.Answer answer = ask(token, principal);
      cache.put(key, answer);
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      if (!mine.isDone()) {
        // an Error: waiting callers must not wait forever
        mine.completeExceptionally(new IllegalStateException("the session check ended abnormally"));
      }
      inFlight.remove(key, mine);
    }
  }

  private static SessionCache.Answer await(CompletableFuture<SessionCache.Answer> running) {
    try {
      return running.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TokenVerificationException) {
        TokenVerificationException failure = (TokenVerificationException) cause;
        throw new TokenVerificationException(failure.reason(), failure.getMessage() == null ? "" : failure.getMessage(),
            failure);
      }
      throw new TokenVerificationException(Reason.CHECK_FAILED, "the session check failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenVerificationException(Reason.CHECK_FAILED, "interrupted while waiting for the session check", e);
    }
  }

  private SessionCache.Answer ask(String token, NestAuthPrincipal principal) {
    Request request = new Request.Builder()
        .url(verifySessionUrl)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .get()
        .build();
    try (Response response = http.newCall(request).execute()) {
      int status = response.code();
      String body = response.peekBody(MAX_BODY_BYTES).string();
      if (status == 200) {
        return aliveAnswer(body, principal);
      }
      if (status == 401) {
        return new SessionCache.Answer(false,
            "the server no longer accepts the session (HTTP 401" + serverSays(body) + ")");
      }
      throw new TokenVerificationException(Reason.CHECK_FAILED, "GET " + verifySessionUrl.encodedPath()
          + " answered HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    } catch (IOException e) {
      throw new TokenVerificationException(Reason.CHECK_FAILED,
          "GET " + verifySessionUrl.encodedPath() + " got no answer: " + e.getClass().getSimpleName(), e);
    }
  }

  private SessionCache.Answer aliveAnswer(String body, NestAuthPrincipal principal) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(body, MAX_BODY_BYTES);
    } catch (java.text.ParseException | RuntimeException e) {
      throw new TokenVerificationException(Reason.CHECK_FAILED,
          "GET " + verifySessionUrl.encodedPath() + " answered 200 without a JSON object");
    }
    Object valid = json.get("valid");
    Object userId = json.get("userId");
    if (Boolean.FALSE.equals(valid)) {
      return new SessionCache.Answer(false, "the server says the session is not valid");
    }
    if (!Boolean.TRUE.equals(valid)) {
      throw new TokenVerificationException(Reason.CHECK_FAILED,
          "GET " + verifySessionUrl.encodedPath() + " answered 200 without \"valid\": true");
    }
    if (userId != null && !principal.userId().equals(userId)) {
      throw new TokenVerificationException(Reason.CHECK_FAILED,
          "GET " + verifySessionUrl.encodedPath() + " answered for another user than the token's");
    }
    return new SessionCache.Answer(true, "alive");
  }

  /** ", code X: message" from an error body, printable and short; empty when there is none. */
  private static String serverSays(String body) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(body, MAX_BODY_BYTES);
    } catch (java.text.ParseException | RuntimeException e) {
      return "";
    }
    Object code = json.get("code");
    Object message = json.get("message");
    if (message instanceof List && !((List<?>) message).isEmpty()) {
      message = ((List<?>) message).get(0);
    }
    StringBuilder out = new StringBuilder();
    if (code instanceof String) {
      out.append(", code ").append(printable((String) code));
    }
    if (message instanceof String) {
      out.append(": ").append(printable((String) message));
    }
    return out.toString();
  }

  private static String printable(String text) {
    String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() <= 100 ? cleaned : cleaned.substring(0, 100) + "...";
  }

  /** The cache's key for a token: the Base64 of its SHA-256, so that no token is kept. */
  static String cacheKey(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static HttpUrl parseBaseUrl(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("baseUrl must not be blank");
    }
    HttpUrl url = HttpUrl.parse(baseUrl.trim());
    if (url == null) {
      throw new IllegalArgumentException("baseUrl is not an http(s) URL");
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new IllegalArgumentException("baseUrl must use https (plain http only to a loopback host)");
    }
    if (url.query() != null || !url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("baseUrl must have no query and no user info");
    }
    return url.newBuilder().fragment(null).build();
  }

  /**
   * Loopback by the host's text alone: {@code localhost}, an IPv4 literal in 127.0.0.0/8 or the
   * IPv6 literal {@code ::1} (OkHttp gives hosts in canonical form). No name is ever looked up.
   */
  static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host) || "::1".equals(host)) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !"127".equals(parts[0])) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Number of answers held in the cache now; for tests. */
  int cachedAnswers() {
    return cache.size();
  }

  /**
   * The endpoint and the cache's limits.
   *
   * @return a description for diagnostics
   */
  @Override
  public String toString() {
    return "RemoteSessionCheck[GET " + verifySessionUrl + ", " + cache + "]";
  }

  /** Configures a {@link RemoteSessionCheck}; not thread-safe, build once at start-up. */
  public static final class Builder {
    private final HttpUrl baseUrl;
    private String routePrefix = DEFAULT_ROUTE_PREFIX;
    private @Nullable OkHttpClient httpClient;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private int maxCacheEntries = DEFAULT_MAX_CACHE_ENTRIES;
    private Clock clock = Clock.systemUTC();

    private Builder(HttpUrl baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * Sets the prefix of the server's routes below the base URL: the server's {@code routePrefix}
     * option, {@link RemoteSessionCheck#DEFAULT_ROUTE_PREFIX} ({@code auth}) by default. A server
     * configured with {@code routePrefix: 'identity'} is asked at {@code <baseUrl>/identity/verify-session}.
     * The rule is the SDK client's ({@code NestAuthClientBuilder.routePrefix}), so one value fits both.
     *
     * @param routePrefix path segments of letters, digits, {@code - . _ ~} joined by {@code /}, e.g.
     *     {@code identity} or {@code v1/auth}; slashes around it are dropped
     * @return this builder
     * @throws IllegalArgumentException when it is null, empty, only slashes, longer than 200 characters,
     *     contains another character or an empty, {@code .} or {@code ..} segment
     */
    public Builder routePrefix(String routePrefix) {
      this.routePrefix = ApiClient.checkRoutePrefix(routePrefix);
      return this;
    }

    /**
     * Sets the OkHttp client to share (its connection pool, dispatcher, proxy, TLS settings);
     * default a new one. The check derives its own client from it: without its interceptors,
     * event listener, cookie jar, cache and authenticator (so that nothing logs or replaces the
     * token), with redirects off and the {@linkplain #timeout(Duration) timeout} as call timeout.
     *
     * @param httpClient the client
     * @return this builder
     * @throws IllegalArgumentException when {@code httpClient} is null
     */
    public Builder httpClient(OkHttpClient httpClient) {
      if (httpClient == null) {
        throw new IllegalArgumentException("httpClient must not be null");
      }
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Sets how long one check may take in all, connecting included; default
     * {@link RemoteSessionCheck#DEFAULT_TIMEOUT} (5 s). A check that takes longer fails with
     * {@link Reason#CHECK_FAILED}.
     *
     * @param timeout the time limit, positive
     * @return this builder
     * @throws IllegalArgumentException when {@code timeout} is null, zero or negative
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long an answer is reused for the same token; default
     * {@link RemoteSessionCheck#DEFAULT_CACHE_TTL} (10 s). It is also how long a logout may go
     * unnoticed. Zero turns the cache off.
     *
     * @param cacheTtl the time to live, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code cacheTtl} is null or negative
     */
    public Builder cacheTtl(Duration cacheTtl) {
      if (cacheTtl == null || cacheTtl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must be zero or positive");
      }
      this.cacheTtl = cacheTtl;
      return this;
    }

    /**
     * Sets how many answers the cache holds at most; default
     * {@link RemoteSessionCheck#DEFAULT_MAX_CACHE_ENTRIES} (10,000). Zero turns the cache off.
     *
     * @param maxCacheEntries the bound, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code maxCacheEntries} is negative
     */
    public Builder maxCacheEntries(int maxCacheEntries) {
      if (maxCacheEntries < 0) {
        throw new IllegalArgumentException("maxCacheEntries must be zero or positive");
      }
      this.maxCacheEntries = maxCacheEntries;
      return this;
    }

    /**
     * Sets the clock the cache's time to live is measured with; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the check.
     *
     * @return a new, immutable check
     */
    public RemoteSessionCheck build() {
      OkHttpClient base = httpClient;
      OkHttpClient.Builder http = base == null
          ? new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
          : base.newBuilder();
      // the request carries the token: none of the shared client's interceptors (a logging one would
      // write it out, the SDK's AuthInterceptor would replace it), listeners, cookies or caches see it
      http.interceptors().clear();
      http.networkInterceptors().clear();
      http.eventListener(EventListener.NONE)
          .cookieJar(CookieJar.NO_COOKIES)
          .cache(null)
          .authenticator(Authenticator.NONE)
          .followRedirects(false)
          .followSslRedirects(false)
          .callTimeout(timeout);
      HttpUrl verifySessionUrl = baseUrl.newBuilder().addPathSegments(routePrefix).addPathSegment("verify-session").build();
      return new RemoteSessionCheck(verifySessionUrl, http.build(), new SessionCache(cacheTtl, maxCacheEntries, clock));
    }
  }
}
