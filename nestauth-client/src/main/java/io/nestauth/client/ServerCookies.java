package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.client.internal.Log;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The server's cookies. A Nest Auth server with {@code session.accessTokenType: 'cookie'} moves the
 * tokens of its token answers from the body into httpOnly cookies, authenticates requests by the
 * {@code accessToken} cookie alone (its guard then ignores {@code Authorization}) and, with
 * {@code security.csrf}, wants a double-submit token on state-changing requests authenticated that
 * way: a CSRF cookie and a CSRF header with the same value. No setting selects this; the SDK treats
 * every server alike:
 *
 * <ul>
 *   <li>Answers of SDK calls: token cookies go into a 2xx body that has no tokens, so the session
 *       keeps them exactly as if the server had put them there (store, refresh, listeners as
 *       always). Their {@code Max-Age} is not used: the tokens' {@code exp} decides, as for tokens in
 *       the body. A CSRF cookie becomes the CSRF token. A server with several accounts per browser
 *       ({@code session.allowMultipleAccounts}) names the pair after the user
 *       ({@code accessToken_<userId>}, {@code refreshToken_<userId>}); one such pair is taken alike.
 *       Its active-account cookie is never sent, so the guard falls back to the {@code accessToken}
 *       cookie: each client's requests are its own session's, whichever account the server made
 *       active last.</li>
 *   <li>Requests to the server's origin: with the bearer token, the access token travels as the
 *       {@code accessToken} cookie too (a header-mode server ignores it); a state-changing one also
 *       carries the CSRF cookie and header once a token is known. A {@code 403 CSRF_TOKEN_INVALID}
 *       fetches a token ({@code GET /auth/csrf}) and repeats the request once: the guard refused it
 *       before the route ran.</li>
 *   <li>Confinement: the cookies reach OkHttp through a cookie jar of that one call, which OkHttp
 *       asks hop by hop and which gives them to the server's origin only (scheme, host and port of
 *       the base URL); a request carrying the CSRF header is not followed to another origin at all.
 *       The app's own cookie jar keeps its cookies but never sees the server's session cookies.</li>
 *   <li>Hostile values: OkHttp's parser drops a cookie for another domain; the SDK refuses values
 *       longer than {@value #MAX_VALUE_LENGTH} characters or with characters a cookie value may not
 *       hold, CSRF names that are no header or cookie name or that would replace another credential,
 *       and never sends a stored token as a cookie when it is no legal cookie value.</li>
 * </ul>
 *
 * <p>One per client; the CSRF state is shared by the clients derived for the same origin. Thread-safe.
 */
final class ServerCookies {
  private static final Log LOG = Log.get(ServerCookies.class);

  static final String ACCESS_TOKEN = "accessToken";
  static final String REFRESH_TOKEN = "refreshToken";
  static final String DEVICE_TRUST = "nest_auth_device_trust";
  /** A several-accounts server's token cookies: {@code accessToken_<userId>}, {@code refreshToken_<userId>}. */
  private static final String ACCOUNT_ACCESS_PREFIX = ACCESS_TOKEN + "_";
  private static final String ACCOUNT_REFRESH_PREFIX = REFRESH_TOKEN + "_";
  /** The prefix of the library's own cookies (device trust, CSRF, "remember me", active account). */
  private static final String LIBRARY_PREFIX = "nest_auth_";
  static final String DEFAULT_CSRF_COOKIE = "nest_auth_csrf";
  static final String DEFAULT_CSRF_HEADER = "x-csrf-token";
  /** Far above the server's tokens; browsers keep no cookie over 4 KiB. */
  static final int MAX_VALUE_LENGTH = 8192;
  private static final int MAX_NAME_LENGTH = 64;
  private static final long PEEK_BYTES = 16 * 1024;
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  /** Headers a learned CSRF header name must never replace. */
  private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
      "cookie2", "host", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection",
      "keep-alive", "te", "trailer", "upgrade", "accept", "accept-encoding", "user-agent", "origin", "referer",
      DEVICE_TRUST);

  /** The server's CSRF names and the last token learned; a value. */
  static final class Csrf {
    final String headerName;
    final String cookieName;
    /** Null until the server issued one. */
    final String token;

    Csrf(String headerName, String cookieName, String token) {
      this.headerName = headerName;
      this.cookieName = cookieName;
      this.token = token;
    }

    Csrf withToken(String newToken) {
      return new Csrf(headerName, cookieName, newToken);
    }

    @Override
    public String toString() {
      return "Csrf{header=" + headerName + ", cookie=" + cookieName + ", token=" + Values.mask(token) + "}";
    }
  }

  /** What this process knows of one server's CSRF protection. */
  static final class CsrfState {
    private final AtomicReference<Csrf> current =
        new AtomicReference<>(new Csrf(DEFAULT_CSRF_HEADER, DEFAULT_CSRF_COOKIE, null));
    /** Performs {@code GET /auth/csrf}; set by the client that owns the state. */
    private volatile Supplier<CsrfToken> fetch;

    Csrf current() {
      return current.get();
    }

    void setFetch(Supplier<CsrfToken> fetch) {
      this.fetch = fetch;
    }

    /** Takes a token the server set as its CSRF cookie. */
    void learnCookie(Cookie cookie) {
      current.updateAndGet(csrf -> csrf.cookieName.equals(cookie.name()) && acceptableValue(cookie.value())
          ? csrf.withToken(cookie.value()) : csrf);
    }

    /** Takes what {@code GET /auth/csrf} answered: names the SDK cannot use safely are refused. */
    void learn(CsrfToken answer) {
      if (!answer.isEnabled() || !answer.token().filter(ServerCookies::acceptableValue).isPresent()) {
        return;
      }
      String header = answer.headerName().filter(ServerCookies::acceptableHeaderName).orElse(null);
      String cookie = answer.cookieName().filter(ServerCookies::acceptableCookieName).orElse(null);
      if (header == null || cookie == null) {
        LOG.debug(() -> "the server's CSRF names were refused (header " + answer.headerName().orElse("none")
            + ", cookie " + answer.cookieName().orElse("none") + "); keeping " + current.get().headerName);
        return;
      }
      current.set(new Csrf(header, cookie, answer.token().get()));
    }

    /**
     * A token to repeat a request with that the server refused with {@code used}: one learned
     * meanwhile, else a fresh one from the server.
     *
     * @return the CSRF state with a token other than {@code used}'s, or null when none can be had
     */
    Csrf renew(Csrf used) {
      Csrf now = current.get();
      if (now.token != null && !sameCsrf(now, used)) {
        return now;
      }
      Supplier<CsrfToken> fetcher = fetch;
      if (fetcher == null) {
        return null;
      }
      try {
        learn(fetcher.get());
      } catch (RuntimeException e) {
        LOG.debug(() -> "fetching a CSRF token failed: " + e.getClass().getSimpleName());
        return null;
      }
      now = current.get();
      return now.token != null && !sameCsrf(now, used) ? now : null;
    }

    private static boolean sameCsrf(Csrf a, Csrf b) {
      return a.token != null && a.token.equals(b.token) && a.headerName.equals(b.headerName)
          && a.cookieName.equals(b.cookieName);
    }
  }

  /** Thrown by {@link CallCookieJar} into OkHttp's redirect loop; turned into an IOException here. */
  private static final class RedirectRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String host;

    RedirectRefused(String host) {
      super(null, null, false, false);
      this.host = host;
    }
  }

  private final HttpUrl origin;
  private final CsrfState csrf;
  private final ObjectMapper mapper;
  private final ErrorMapper errors;
  private final long maxResponseBytes;

  ServerCookies(HttpUrl origin, CsrfState csrf, ObjectMapper mapper, ErrorMapper errors, long maxResponseBytes) {
    this.origin = origin;
    this.csrf = csrf;
    this.mapper = mapper;
    this.errors = errors;
    this.maxResponseBytes = maxResponseBytes;
  }

  CsrfState csrf() {
    return csrf;
  }

  /** True for the server's origin: scheme, host and port of the base URL. */
  boolean isServerOrigin(HttpUrl url) {
    return origin.scheme().equals(url.scheme()) && origin.host().equals(url.host()) && origin.port() == url.port();
  }

  /** For the SDK's request log: the CSRF header is a credential under whatever name the server chose. */
  boolean isCsrfHeader(String name) {
    return DEFAULT_CSRF_HEADER.equalsIgnoreCase(name) || csrf.current().headerName.equalsIgnoreCase(name);
  }

  /**
   * Sends a request to the server's origin with the session's cookies: the access token as its
   * cookie (when it is a legal cookie value) and, on a state-changing request, the CSRF cookie and
   * header; repeats it once with a new CSRF token when the server refused the old one. For an SDK call
   * ({@code sdkCall}) the answer's cookies are read into the body and the CSRF state.
   *
   * @param accessToken the session's access token, or null (public operations, no session)
   */
  Response proceed(Interceptor.Chain chain, Request request, String accessToken, boolean sdkCall) throws IOException {
    String cookieToken = accessToken != null && acceptableValue(accessToken) ? accessToken : null;
    boolean csrfNeeded = cookieToken != null && !SAFE_METHODS.contains(request.method());
    Csrf used = csrfNeeded ? csrf.current() : null;
    Response response = exchange(chain, request, cookieToken, used);
    if (csrfNeeded && response.code() == 403
        && ErrorCode.CSRF_TOKEN_INVALID.code().equals(errors.codeOf(response.peekBody(PEEK_BYTES).string()))) {
      Csrf renewed = csrf.renew(used);
      if (renewed != null) {
        response.close();
        response = exchange(chain, request, cookieToken, renewed);
      }
    }
    return sdkCall ? readAnswer(response) : response;
  }

  private Response exchange(Interceptor.Chain chain, Request request, String accessToken, Csrf withCsrf)
      throws IOException {
    Csrf sent = withCsrf != null && withCsrf.token != null ? withCsrf : null;
    Request outgoing = sent == null ? request : request.newBuilder().header(sent.headerName, sent.token).build();
    CallCookieJar jar = new CallCookieJar(chain.getCookieJar(), accessToken, sent);
    try {
      return chain.withCookieJar(jar).proceed(outgoing);
    } catch (RedirectRefused refused) {
      throw new ProtocolException("a redirect from " + origin.host() + " to another origin (" + refused.host
          + ") was not followed: the request carries the session's CSRF token");
    }
  }

  /**
   * The cookies of one call: OkHttp asks it before each hop (the first request and every redirect)
   * and hands it each answer's cookies.
   */
  private final class CallCookieJar implements CookieJar {
    private final CookieJar app;
    private final String accessToken;
    private final Csrf csrfSent;

    CallCookieJar(CookieJar app, String accessToken, Csrf csrfSent) {
      this.app = app;
      this.accessToken = accessToken;
      this.csrfSent = csrfSent;
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
      if (!isServerOrigin(url)) {
        if (csrfSent != null) {
          // the CSRF header is on the request: OkHttp would take it along to the other origin
          throw new RedirectRefused(url.host());
        }
        return app.loadForRequest(url);
      }
      List<Cookie> cookies = new ArrayList<>();
      for (Cookie cookie : app.loadForRequest(url)) {
        if (!isSessionCookie(cookie.name())) {
          cookies.add(cookie);
        }
      }
      if (accessToken != null) {
        cookies.add(cookie(url, ACCESS_TOKEN, accessToken));
      }
      if (csrfSent != null) {
        cookies.add(cookie(url, csrfSent.cookieName, csrfSent.token));
      }
      return cookies;
    }

    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
      if (!isServerOrigin(url)) {
        app.saveFromResponse(url, cookies);
        return;
      }
      List<Cookie> apps = new ArrayList<>();
      for (Cookie cookie : cookies) {
        if (!isSessionCookie(cookie.name())) {
          apps.add(cookie);
        }
      }
      if (!apps.isEmpty()) {
        app.saveFromResponse(url, apps);
      }
    }
  }

  private static Cookie cookie(HttpUrl url, String name, String value) {
    return new Cookie.Builder().name(name).value(value).hostOnlyDomain(url.host()).path("/").build();
  }

  /** The server's session cookies: tokens (per-account ones too) and the library's own cookies. */
  private boolean isSessionCookie(String name) {
    return name.startsWith(ACCESS_TOKEN) || name.startsWith(REFRESH_TOKEN) || name.startsWith(LIBRARY_PREFIX)
        || name.equals(csrf.current().cookieName);
  }

  /**
   * Reads the cookies of an SDK call's answer: the CSRF cookie into the CSRF state, token cookies
   * into a 2xx JSON body that carries no tokens.
   */
  private Response readAnswer(Response response) throws IOException {
    HttpUrl url = response.request().url();
    if (!isServerOrigin(url) || response.headers("Set-Cookie").isEmpty()) {
      return response;
    }
    String access = null;
    String refresh = null;
    String trust = null;
    // several-accounts servers name the pair after the account: accessToken_<userId>, refreshToken_<userId>
    Map<String, String> accountAccess = new HashMap<>();
    Map<String, String> accountRefresh = new HashMap<>();
    List<String> parsed = new ArrayList<>();
    for (Cookie cookie : Cookie.parseAll(url, response.headers())) {
      String name = cookie.name();
      parsed.add(name);
      if (name.equals(csrf.current().cookieName)) {
        csrf.learnCookie(cookie);
      } else if (isTokenCookie(name) && !cookie.value().isEmpty()) { // an empty one clears it: the SDK's state decides
        if (!acceptableValue(cookie.value())) {
          LOG.debug(() -> "refused the server's cookie " + name + ": longer than " + MAX_VALUE_LENGTH
              + " characters or with characters a cookie value may not hold");
        } else if (name.equals(ACCESS_TOKEN)) {
          access = cookie.value();
        } else if (name.equals(REFRESH_TOKEN)) {
          refresh = cookie.value();
        } else if (name.startsWith(ACCOUNT_ACCESS_PREFIX)) {
          accountAccess.put(name.substring(ACCOUNT_ACCESS_PREFIX.length()), cookie.value());
        } else if (name.startsWith(ACCOUNT_REFRESH_PREFIX)) {
          accountRefresh.put(name.substring(ACCOUNT_REFRESH_PREFIX.length()), cookie.value());
        } else {
          trust = cookie.value();
        }
      }
    }
    if (access == null && refresh == null && accountAccess.size() == 1
        && accountRefresh.keySet().equals(accountAccess.keySet())) {
      // exactly one account's pair (several would leave open whose session this is)
      String account = accountAccess.keySet().iterator().next();
      access = accountAccess.get(account);
      refresh = accountRefresh.get(account);
    }
    if (LOG.isDebugEnabled()) {
      for (String header : response.headers("Set-Cookie")) {
        int equals = header.indexOf('=');
        String name = (equals < 0 ? header : header.substring(0, equals)).trim();
        if (isTokenCookie(name) && !parsed.contains(name)) {
          LOG.debug(() -> "refused the server's cookie " + name + ": not a cookie of " + origin.host()
              + " or not parseable");
        }
      }
    }
    boolean pair = access != null && refresh != null;
    if (!response.isSuccessful() || !pair && trust == null) {
      return response;
    }
    return withTokens(response, pair ? access : null, pair ? refresh : null, trust);
  }

  private static boolean isTokenCookie(String name) {
    return name.equals(ACCESS_TOKEN) || name.equals(REFRESH_TOKEN) || name.equals(DEVICE_TRUST)
        || isAccountCookie(name, ACCOUNT_ACCESS_PREFIX) || isAccountCookie(name, ACCOUNT_REFRESH_PREFIX);
  }

  /** {@code <prefix><account>} with an account key that is a plain token (the server uses the user id). */
  private static boolean isAccountCookie(String name, String prefix) {
    return name.startsWith(prefix) && isToken(name.substring(prefix.length()));
  }

  /** The answer with the cookie tokens in its body, where the body has none of its own. */
  private Response withTokens(Response response, String access, String refresh, String trust) throws IOException {
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    if (type == null || !"json".equals(type.subtype())) {
      return response;
    }
    BufferedSource source = body.source();
    if (source.request(maxResponseBytes + 1)) {
      return response; // too large: the SDK refuses it anyway
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(source.getBuffer().clone().readByteArray());
    } catch (IOException notJson) {
      return response; // the SDK reports the body as it is
    }
    if (!(tree instanceof ObjectNode)) {
      return response;
    }
    ObjectNode object = (ObjectNode) tree;
    boolean changed = false;
    if (access != null && absent(object, "accessToken") && absent(object, "refreshToken")) {
      object.put("accessToken", access);
      object.put("refreshToken", refresh);
      changed = true;
    }
    if (trust != null && absent(object, "trustToken")) {
      object.put("trustToken", trust);
      changed = true;
    }
    if (!changed) {
      return response;
    }
    byte[] merged = mapper.writeValueAsBytes(object);
    body.close();
    return response.newBuilder().removeHeader("Content-Length").body(ResponseBody.create(merged, type)).build();
  }

  private static boolean absent(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull();
  }

  /**
   * A value the SDK takes from a cookie or puts into one: non-empty, at most
   * {@value #MAX_VALUE_LENGTH} characters, cookie octets only (RFC 6265: printable ASCII without
   * space, {@code "}, {@code ,}, {@code ;} and {@code \}). JWTs and base64url tokens are.
   */
  static boolean acceptableValue(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** An HTTP token that names no header the SDK or HTTP itself uses for something else. */
  static boolean acceptableHeaderName(String name) {
    return isToken(name) && !RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** A token that is not the name of a session token cookie. */
  static boolean acceptableCookieName(String name) {
    return isToken(name) && !name.startsWith(ACCESS_TOKEN) && !name.startsWith(REFRESH_TOKEN)
        && !name.equals(DEVICE_TRUST);
  }

  private static boolean isToken(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
