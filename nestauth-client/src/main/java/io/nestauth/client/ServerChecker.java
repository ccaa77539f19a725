package io.nestauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestauth.client.ServerCheck.Finding;
import io.nestauth.client.ServerCheck.Finding.Topic;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.internal.HttpLogInterceptor;
import io.nestauth.generated.api.ConfigApi;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.ClientConfigDto;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The checks behind {@link NestAuthClient#checkServer()}. It only reads: the public client
 * configuration, the CSRF state and two unauthenticated requests to {@code me}; with a session also
 * the user's MFA status. When the configured place has no Nest Auth server it tries a few likely
 * others on the same origin (the app's global prefix added or removed, common route prefixes) to
 * name the fix. Probes go through the app's OkHttpClient without the SDK's interceptors: no token,
 * no cookie jar, no redirect followed.
 */
final class ServerChecker {
  /** Probes read at most this much of an answer. */
  private static final long PROBE_BYTES = 64 * 1024;
  /** Sent as an access-token cookie: a server that reads cookies refuses it as a bad token. */
  private static final String PROBE_COOKIE = "accessToken=nestauth-server-check";
  /** Global prefixes apps commonly set ({@code app.setGlobalPrefix}). */
  private static final List<String> GLOBAL_PREFIXES = List.of("api", "api/v1", "v1");
  /** Route prefixes tried after the configured one, most likely first. */
  private static final List<String> ROUTE_PREFIXES = List.of("auth", "identity", "authentication", "v1/auth");
  /** Fields of the client configuration: an answer with none of them is not Nest Auth's. */
  private static final Set<String> CONFIG_FIELDS = Set.of("accessTokenType", "tenants", "multipleAccounts",
      "emailAuth", "phoneAuth", "passwordless", "registration", "mfa");

  private final ClientCore core;
  private final Supplier<NestAuthCall<MfaStatus>> mfaStatus;

  ServerChecker(ClientCore core, Supplier<NestAuthCall<MfaStatus>> mfaStatus) {
    this.core = core;
    this.mfaStatus = mfaStatus;
  }

  NestAuthCall<ServerCheck> checkServer() {
    return new NestAuthCall<ServerCheck>() {
      @Override
      public ServerCheck execute() {
        core.ensureOpen();
        return check();
      }

      @Override
      public CompletableFuture<ServerCheck> executeAsync() {
        // several exchanges in turn: one blocking task on OkHttp's dispatcher threads
        return core.supplyOnDispatcher(this::execute);
      }

      @Override
      public String toString() {
        return "NestAuthCall[checkServer]";
      }
    };
  }

  /** One answer to a probe, read up to {@link #PROBE_BYTES}. */
  private static final class Answer {
    final HttpUrl url;
    final int status;
    final @Nullable MediaType contentType;
    final String body;
    final @Nullable HttpUrl redirect;
    final @Nullable JsonNode json;
    /** Why no answer came (status 0), e.g. {@code ConnectException}. */
    final @Nullable String failure;

    Answer(HttpUrl url, int status, @Nullable MediaType contentType, String body, @Nullable HttpUrl redirect,
        @Nullable JsonNode json, @Nullable String failure) {
      this.url = url;
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.redirect = redirect;
      this.json = json;
      this.failure = failure;
    }

    static Answer none(HttpUrl url, IOException failure) {
      return new Answer(url, 0, null, "", null, null, failure.getClass().getSimpleName());
    }

    @Nullable String code() {
      return json != null && json.path("code").isTextual() ? json.path("code").asText() : null;
    }

    boolean isHtml() {
      return contentType != null && "html".equals(contentType.subtype());
    }

    /** Nest's own answer for a path no controller serves: {@code 404 "Cannot GET /api/auth/x"}. */
    boolean isNestNoSuchRoute() {
      return status == 404 && json != null && json.path("message").asText("").startsWith("Cannot ");
    }

    /** What came back, in words; never the body's text. */
    String describe() {
      if (failure != null) {
        return "no answer (" + failure + ")";
      }
      if (redirect != null) {
        return "HTTP " + status + " redirecting to " + display(redirect);
      }
      if (isNestNoSuchRoute()) {
        return "HTTP 404 from NestJS: no such route";
      }
      if (isHtml()) {
        return "HTTP " + status + " with an HTML page";
      }
      if (json != null) {
        String code = code();
        return "HTTP " + status + (code != null ? " " + code : " with JSON");
      }
      if (body.isEmpty()) {
        return "HTTP " + status + " with an empty body";
      }
      return "HTTP " + status + " with a body that is not JSON"
          + (contentType == null ? "" : " (" + contentType.type() + "/" + contentType.subtype() + ")");
    }
  }

  /** Where a Nest Auth server answered, and its client configuration. */
  private static final class Location {
    final HttpUrl base;
    final String routePrefix;
    final ServerConfig config;
    final JsonNode configJson;

    Location(HttpUrl base, String routePrefix, ServerConfig config, JsonNode configJson) {
      this.base = base;
      this.routePrefix = routePrefix;
      this.config = config;
      this.configJson = configJson;
    }
  }

  private ServerCheck check() {
    ClientSettings settings = core.settings;
    OkHttpClient probes = probeClient();
    HttpUrl base = settings.baseUrl;
    String prefix = settings.routePrefix;
    Answer first = probeOrThrow(probes, base, prefix);
    Location location = asLocation(first, base, prefix);
    if (location == null) {
      location = discover(probes, base, prefix);
    }
    List<Finding> findings = new ArrayList<>();
    if (location == null) {
      findings.add(notFound(first, base, prefix));
      return new ServerCheck(display(base), prefix, null, findings);
    }
    findings.addAll(placeFindings(first, location, base, prefix));
    Answer anonymous = probe(probes, location, SessionApi.GET_SESSION_USER, Map.of());
    findings.add(errorsFinding(anonymous, location));
    Answer withCookie = probe(probes, location, SessionApi.GET_SESSION_USER, Map.of("Cookie", PROBE_COOKIE));
    String delivery = tokenDelivery(location.config, withCookie);
    findings.add(deliveryFinding(delivery));
    findings.add(csrfFinding(probe(probes, location, ConfigApi.GET_CSRF_TOKEN, Map.of()), delivery));
    boolean configuredPlace = location.base.equals(base) && location.routePrefix.equals(prefix);
    findings.add(mfaFinding(location, configuredPlace));
    findings.add(tenantFinding(location.config));
    if (location.config.isMultipleAccountsEnabled()) {
      findings.add(Finding.fits(Topic.ACCOUNTS, "several accounts per browser are on (session.allowMultipleAccounts): "
          + "the server keeps them apart by cookies; this SDK keeps several accounts itself, with "
          + "auth.accounts(store)"));
    }
    return new ServerCheck(display(base), prefix, location.config, findings);
  }

  /** The app's OkHttpClient as probes need it: no SDK interceptor (so no token), no cookies, no redirects. */
  private OkHttpClient probeClient() {
    OkHttpClient.Builder builder = core.http.httpClient.newBuilder()
        .cookieJar(CookieJar.NO_COOKIES)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false);
    // the app may have put a NestAuthClient's authInterceptor() on this OkHttpClient: probes go without a token
    builder.interceptors().removeIf(interceptor -> interceptor instanceof AuthInterceptor);
    builder.networkInterceptors().removeIf(interceptor -> interceptor instanceof AuthInterceptor);
    return builder.addInterceptor(new HttpLogInterceptor()).build();
  }

  /** The configured place: no answer at all is the check's failure (a typed network exception). */
  private Answer probeOrThrow(OkHttpClient probes, HttpUrl base, String prefix) {
    ApiClient api = core.apiClient.withBaseUrl(base.toString()).withRoutePrefix(prefix);
    try {
      return send(probes, api, ConfigApi.GET_CLIENT_CONFIG, Map.of());
    } catch (IOException e) {
      throw core.mapFailure(new ApiException(ConfigApi.GET_CLIENT_CONFIG + " failed: " + e.getClass().getSimpleName(),
          e, ConfigApi.GET_CLIENT_CONFIG));
    }
  }

  /** A probe at a found place; no answer reads as a status-0 answer. */
  private Answer probe(OkHttpClient probes, Location location, ApiClient.Operation operation,
      Map<String, String> headers) {
    ApiClient api = core.apiClient.withBaseUrl(location.base.toString()).withRoutePrefix(location.routePrefix);
    try {
      return send(probes, api, operation, headers);
    } catch (IOException e) {
      return Answer.none(location.base, e);
    }
  }

  private Answer send(OkHttpClient probes, ApiClient api, ApiClient.Operation operation, Map<String, String> headers)
      throws IOException {
    Request request;
    try {
      request = api.buildRequest(operation, Map.of(), List.of(), headers, null);
    } catch (ApiException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
    try (Response response = probes.newCall(request).execute()) {
      MediaType contentType = response.body().contentType();
      String body = response.peekBody(PROBE_BYTES).string();
      String location = response.isRedirect() ? response.header("Location") : null;
      HttpUrl redirect = location == null ? null : request.url().resolve(location);
      JsonNode json = null;
      if (!body.isEmpty() && (contentType == null || "json".equals(contentType.subtype()))) {
        try {
          json = core.mapper.readTree(body);
        } catch (IOException | RuntimeException notJson) {
          json = null;
        }
      }
      return new Answer(request.url(), response.code(), contentType, body, redirect, json, null);
    }
  }

  /** The place, when the answer is Nest Auth's client configuration. */
  private @Nullable Location asLocation(Answer answer, HttpUrl base, String prefix) {
    if (answer.status != 200 || answer.json == null || !answer.json.isObject()) {
      return null;
    }
    boolean known = false;
    for (String field : CONFIG_FIELDS) {
      known |= answer.json.has(field);
    }
    if (!known) {
      return null;
    }
    try {
      ServerConfig config = ServerConfig.from(core.mapper.treeToValue(answer.json, ClientConfigDto.class));
      return new Location(base, prefix, config, answer.json);
    } catch (IOException | RuntimeException wrongShape) {
      return null;
    }
  }

  /** Likely other places on the same origin, the configured route prefix and {@code auth} first. */
  private @Nullable Location discover(OkHttpClient probes, HttpUrl base, String prefix) {
    List<HttpUrl> bases = candidateBases(base);
    Set<String> likely = new LinkedHashSet<>(Arrays.asList(prefix, ApiClient.DEFAULT_ROUTE_PREFIX));
    Set<String> others = new LinkedHashSet<>(ROUTE_PREFIXES);
    others.removeAll(likely);
    for (Set<String> prefixes : List.of(likely, others)) {
      for (HttpUrl candidate : bases) {
        for (String routePrefix : prefixes) {
          if (candidate.equals(base) && routePrefix.equals(prefix)) {
            continue;
          }
          ApiClient api = core.apiClient.withBaseUrl(candidate.toString()).withRoutePrefix(routePrefix);
          try {
            Location found = asLocation(send(probes, api, ConfigApi.GET_CLIENT_CONFIG, Map.of()), candidate,
                routePrefix);
            if (found != null) {
              return found;
            }
          } catch (IOException noAnswer) {
            // this place does not answer; the next one may
          }
        }
      }
    }
    return null;
  }

  /**
   * The base URL and each of its ancestors up to the root, each also with a common global prefix
   * added: the configured one first, then the nearest.
   */
  private static List<HttpUrl> candidateBases(HttpUrl base) {
    List<String> segments = segments(base);
    Set<HttpUrl> bases = new LinkedHashSet<>();
    for (int keep = segments.size(); keep >= 0; keep--) {
      List<String> kept = segments.subList(0, keep);
      HttpUrl root = keep == segments.size() ? base : withPath(base, kept);
      bases.add(root);
      for (String global : GLOBAL_PREFIXES) {
        // not /api/api...: a base ending in the prefix's first segment has it already
        if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(global.split("/")[0])) {
          bases.add(withPath(base, concat(kept, global.split("/"))));
        }
      }
    }
    return new ArrayList<>(bases);
  }

  private static List<String> concat(List<String> first, String[] second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(Arrays.asList(second));
    return all;
  }

  private static HttpUrl withPath(HttpUrl url, List<String> segments) {
    HttpUrl.Builder builder = url.newBuilder().encodedPath("/");
    for (String segment : segments) {
      builder.addPathSegment(segment);
    }
    return builder.build();
  }

  private static List<String> segments(HttpUrl url) {
    List<String> segments = new ArrayList<>();
    for (String segment : url.pathSegments()) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  // ---------------------------------------------------------------- findings

  private static Finding notFound(Answer first, HttpUrl base, String prefix) {
    String found = "GET " + display(first.url) + " answered " + first.describe() + ", and no likely other place on "
        + "this origin (global prefix " + String.join(", ", GLOBAL_PREFIXES) + " added or path segments removed; "
        + "route prefix " + String.join(", ", ROUTE_PREFIXES) + ") answers as Nest Auth";
    String problem;
    String fix = "set baseUrl to the Nest app's URL including its global prefix (app.setGlobalPrefix, often /api) "
        + "and routePrefix to the server's routePrefix option (auth unless changed)";
    if (first.redirect != null) {
      problem = "the server redirects, and the SDK follows no redirect";
      String target = display(first.redirect);
      String tail = "/" + prefix + "/client-config";
      if (target.endsWith(tail)) {
        fix = "baseUrl(\"" + target.substring(0, target.length() - tail.length()) + "\"): where the redirect points";
      }
    } else if (first.isNestNoSuchRoute()) {
      problem = "a NestJS app answers on this origin, but it serves no Nest Auth route under " + pathOf(base) + "/"
          + prefix;
    } else if (first.isHtml()) {
      problem = "an HTML page answers: this is a web site or a proxy, not the Nest app's API";
    } else {
      problem = "no Nest Auth client configuration at " + pathOf(base) + "/" + prefix + "/client-config";
    }
    return Finding.mismatch(Topic.BASE_URL, found, problem, fix);
  }

  private static List<Finding> placeFindings(Answer first, Location location, HttpUrl base, String prefix) {
    List<Finding> findings = new ArrayList<>();
    String missed = "GET " + display(first.url) + " answered " + first.describe() + "; ";
    if (location.base.equals(base)) {
      findings.add(Finding.fits(Topic.BASE_URL, "Nest Auth answers at " + display(base)));
    } else {
      String problem;
      List<String> configured = segments(base);
      List<String> actual = segments(location.base);
      if (actual.size() > configured.size() && actual.subList(0, configured.size()).equals(configured)) {
        problem = "the base URL lacks the app's global prefix /"
            + String.join("/", actual.subList(configured.size(), actual.size()));
      } else if (actual.size() < configured.size() && configured.subList(0, actual.size()).equals(actual)) {
        problem = "the base URL ends with /" + String.join("/", configured.subList(actual.size(), configured.size()))
            + ", which is not part of the app's prefix: its routes start at " + pathOf(location.base);
      } else {
        problem = "the app's routes start at " + pathOf(location.base) + ", not " + pathOf(base);
      }
      findings.add(Finding.mismatch(Topic.BASE_URL, missed + "Nest Auth answers at " + display(location.base),
          problem, "baseUrl(\"" + display(location.base) + "\")"));
    }
    String routes = pathOf(location.base) + "/" + location.routePrefix;
    if (location.routePrefix.equals(prefix)) {
      findings.add(Finding.fits(Topic.ROUTE_PREFIX, "the routes are under " + routes));
    } else {
      findings.add(Finding.mismatch(Topic.ROUTE_PREFIX,
          (location.base.equals(base) ? missed : "") + "the server's routes are under " + routes,
          "the client calls " + pathOf(location.base) + "/" + prefix + "/... (routePrefix \"" + prefix + "\")",
          "routePrefix(\"" + location.routePrefix + "\"): the server's routePrefix option"));
    }
    return findings;
  }

  private static Finding errorsFinding(Answer anonymous, Location location) {
    String what = "GET " + pathOf(location.base) + "/" + location.routePrefix + "/me without a token answered "
        + anonymous.describe();
    if (anonymous.status == 401 && anonymous.json != null && anonymous.code() != null) {
      return Finding.fits(Topic.ERRORS, what + ": Nest Auth's error format, which the SDK maps to typed exceptions");
    }
    if (anonymous.status == 401 && anonymous.json != null) {
      return Finding.note(Topic.ERRORS, what + " without an error code: the SDK then maps errors by status only",
          "register the library's AuthExceptionFilter globally (app.useGlobalFilters(new AuthExceptionFilter()))");
    }
    return Finding.mismatch(Topic.ERRORS, what,
        "Nest Auth answers 401 with a JSON error there: something between this client and the Nest app answers "
            + "instead (a gateway that wants credentials of its own, or another app on this path)",
        "let requests to " + display(location.base) + "/" + location.routePrefix + "/ reach the Nest app unchanged");
  }

  /** {@code header}, {@code cookie}, {@code client} (unset: each request chooses) or what the server said. */
  private static String tokenDelivery(ServerConfig config, Answer withCookie) {
    String said = config.accessTokenType().orElse(null);
    // a server that reads cookies refuses the probe's cookie as a bad token (INVALID_TOKEN); one that
    // ignores them finds no credentials at all
    String refusal = withCookie.status == 401 ? withCookie.code() : null;
    boolean readsCookies = refusal != null && !"NO_AUTH_PROVIDED".equals(refusal);
    if ("cookie".equals(said)) {
      return "cookie";
    }
    // an unset accessTokenType is reported as "header": only reading the probe cookie tells it apart
    if (said == null || "header".equals(said)) {
      return readsCookies ? "client" : "header";
    }
    return said;
  }

  private static Finding deliveryFinding(String delivery) {
    switch (delivery) {
      case "header":
        return Finding.fits(Topic.TOKEN_DELIVERY, "header delivery (session.accessTokenType 'header'): tokens come in "
            + "response bodies and go back as Authorization: Bearer");
      case "client":
        return Finding.fits(Topic.TOKEN_DELIVERY, "client-chosen delivery (session.accessTokenType unset): each "
            + "request chooses with the " + ClientCore.ACCESS_TOKEN_TYPE_HEADER + " header; the SDK asks for header "
            + "delivery on every request, so tokens come in response bodies");
      case "cookie":
        return Finding.fits(Topic.TOKEN_DELIVERY, "cookie delivery (session.accessTokenType 'cookie'): tokens come in "
            + "cookies, not in response bodies; the SDK keeps the session from the cookies, no setting needed");
      default:
        return Finding.note(Topic.TOKEN_DELIVERY, "the server names its token delivery \"" + printable(delivery)
            + "\", which is neither header nor cookie", null);
    }
  }

  private static Finding csrfFinding(Answer csrf, String delivery) {
    JsonNode json = csrf.json;
    if (csrf.status != 200 || json == null || !json.path("enabled").isBoolean()) {
      return Finding.note(Topic.CSRF, "GET csrf answered " + csrf.describe() + ": CSRF protection is unknown", null);
    }
    if (!json.path("enabled").asBoolean()) {
      return Finding.fits(Topic.CSRF, "off");
    }
    String on = "on (security.csrf; header " + printable(json.path("headerName").asText("x-csrf-token"))
        + ", cookie " + printable(json.path("cookieName").asText("nest_auth_csrf")) + ")";
    if ("cookie".equals(delivery)) {
      return Finding.note(Topic.CSRF, on + ": state-changing requests of a cookie session carry the CSRF token", null);
    }
    return Finding.fits(Topic.CSRF, on + ": it guards requests authenticated by cookie; this client authenticates "
        + "with the Authorization header");
  }

  private Finding mfaFinding(Location location, boolean configuredPlace) {
    ServerConfig config = location.config;
    if (!config.isMfaEnabled()) {
      return Finding.fits(Topic.MFA, "off");
    }
    List<String> methods = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (JsonNode method : location.configJson.path("mfa").path("methods")) {
      String name = printable(method.asText());
      methods.add(name);
      if (!MfaMethod.fromValue(method.asText()).isPresent()) {
        unknown.add(name);
      }
    }
    StringBuilder found = new StringBuilder("on, methods ").append(methods.isEmpty() ? "none named" : String.join(", ",
        methods)).append("; users ").append(config.isMfaUserToggleAllowed() ? "may" : "may not")
        .append(" switch it on and off");
    Boolean required = null;
    if (core.session().session() == null) {
      found.append("; required for everyone: unknown without a session (check again when signed in)");
    } else if (!configuredPlace) {
      found.append("; required for everyone: unknown until the client reaches the server");
    } else {
      try {
        required = mfaStatus.get().execute().isRequired();
        found.append(required ? "; required for everyone (mfa.required)" : "; not required for everyone");
      } catch (NestAuthException e) {
        found.append("; required for everyone: unknown (").append(e.getMessage()).append(')');
      }
    }
    if (!unknown.isEmpty()) {
      return Finding.note(Topic.MFA, found + "; methods the SDK does not know: " + String.join(", ", unknown),
          "offer only " + Arrays.toString(MfaMethod.values()).toLowerCase(Locale.ROOT) + " to users of this SDK");
    }
    if (Boolean.TRUE.equals(required)) {
      return Finding.note(Topic.MFA, found.toString(), "after every login, complete MFA while isMfaPending() "
          + "(sendMfaChallenge, verifyMfa)");
    }
    return Finding.fits(Topic.MFA, found.toString());
  }

  private Finding tenantFinding(ServerConfig config) {
    String tenant = core.settings.defaultTenantId;
    if (!config.isTenantsEnabled()) {
      if (tenant != null) {
        return Finding.mismatch(Topic.TENANTS, "off (tenant.enabled false)",
            "defaultTenantId is set, and the server refuses a tenant id on signup and login (TENANT_NOT_ENABLED)",
            "remove defaultTenantId(...) from the builder");
      }
      return Finding.fits(Topic.TENANTS, "off");
    }
    String mode = config.tenantMode().orElse("unknown");
    if ("isolated".equals(mode)) {
      if (tenant != null) {
        return Finding.fits(Topic.TENANTS, "isolated: every signup and login names a tenant; this client sends "
            + tenant + " unless a call names another");
      }
      return Finding.note(Topic.TENANTS, "isolated: every signup and login needs a tenant id (else "
          + "TENANT_ID_REQUIRED)", "set defaultTenantId(\"<tenant id>\") on the builder, or pass the tenant id to "
          + "each signup and login");
    }
    if ("shared".equals(mode)) {
      return Finding.fits(Topic.TENANTS, "shared: one account across tenants; a tenant id is optional"
          + (tenant != null ? " (this client sends " + tenant + ")" : "") + " and switchTenant moves a session");
    }
    return Finding.note(Topic.TENANTS, "on, in a mode the SDK does not know: \"" + printable(mode) + "\"", null);
  }

  // ---------------------------------------------------------------- text

  /** A URL for the report: scheme, host, port and path; never user info, query or fragment. */
  static String display(HttpUrl url) {
    String text = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** The path of a base URL without a trailing slash: {@code /api}, or empty for the root. */
  private static String pathOf(HttpUrl url) {
    List<String> segments = segments(url);
    return segments.isEmpty() ? "" : "/" + String.join("/", segments);
  }

  /** A server's value for the report: printable ASCII, at most 60 characters. */
  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 60; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
