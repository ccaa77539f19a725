package io.nestauth.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.exception.ErrorDetails;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NotSignedInException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.internal.Args;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.client.internal.HttpLogInterceptor;
import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.api.ConfigApi;
import io.nestauth.generated.api.MfaApi;
import io.nestauth.generated.api.PasswordApi;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.api.TenantsApi;
import io.nestauth.generated.api.VerificationApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.MessageResponseDto;
import io.nestauth.generated.model.RefreshTokenRequestDto;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The plumbing behind one {@link NestAuthClient}: its OkHttpClient, the generated APIs, the error
 * mapping and the session it uses. Operations are built here as {@link OperationCall}s.
 */
final class ClientCore {
  /**
   * The OkHttpClient a client made for itself, shared with the clients derived from it: its threads
   * and connections are released when the last of them is closed.
   */
  static final class SharedHttp {
    final OkHttpClient httpClient;
    private final boolean owned;
    private final AtomicInteger users = new AtomicInteger();

    SharedHttp(OkHttpClient httpClient, boolean owned) {
      this.httpClient = httpClient;
      this.owned = owned;
    }

    void acquire() {
      users.incrementAndGet();
    }

    void release() {
      if (users.decrementAndGet() == 0 && owned) {
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
      }
    }
  }

  private static final String VERSION = readVersion();
  /**
   * Asked of a server that lets each request choose its token delivery (its
   * {@code session.accessTokenType} unset): tokens then come in response bodies. Servers configured
   * for header or cookie delivery ignore it.
   */
  static final String ACCESS_TOKEN_TYPE_HEADER = "x-access-token-type";

  final ClientSettings settings;
  final ObjectMapper mapper;
  final AuthenticationApi authApi;
  final SessionApi sessionApi;
  final PasswordApi passwordApi;
  final VerificationApi verificationApi;
  final MfaApi mfaApi;
  final TenantsApi tenantsApi;
  final ConfigApi configApi;
  /** The transport of the generated APIs, over the SDK's OkHttpClient (interceptors included). */
  final ApiClient apiClient;
  final AuthInterceptor authInterceptor;
  final ServerCookies cookies;
  final SharedHttp http;
  private final ErrorMapper errors;
  private final SessionManager session;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientCore(ClientSettings settings, ClientCore parent) {
    String userAgent = "nestauth-java/" + VERSION
        + (settings.userAgentSuffix != null ? " " + settings.userAgentSuffix : "");
    this.settings = settings;
    // a derived client shares its parent's OkHttpClient unless it was given one of its own
    this.http = parent != null && settings.httpClient == parent.settings.httpClient ? parent.http
        : settings.httpClient != null ? new SharedHttp(settings.httpClient, false)
        : new SharedHttp(new OkHttpClient(), true);
    this.http.acquire();
    // configured once and thread-safe after that: derived clients share it (a mapper per client made
    // most of an idle session's heap in a service holding one client per user)
    this.mapper = parent != null ? parent.mapper : ApiClient.defaultObjectMapper();
    this.errors = new ErrorMapper(mapper, settings.clock);
    // a derived client over the same store shares its parent's session (one refresh, one state)
    this.session = parent != null && parent.session.store() == settings.tokenStore
        ? parent.session : new SessionManager(settings.tokenStore, errors);
    List<HttpUrl> origins = new ArrayList<>();
    origins.add(settings.baseUrl);
    origins.addAll(settings.authorizedOrigins);
    // the CSRF token belongs to the server: a derived client of the same origin shares what was learned
    boolean sameServer = parent != null && parent.cookies.isServerOrigin(settings.baseUrl);
    ServerCookies.CsrfState csrf = sameServer ? parent.cookies.csrf() : new ServerCookies.CsrfState();
    this.cookies = new ServerCookies(settings.baseUrl, csrf, mapper, errors, settings.maxResponseBytes);
    this.authInterceptor = new AuthInterceptor(session, errors, origins, settings.allowInsecureHttp, settings.clock,
        settings.proactiveRefreshSkew, cookies);
    OkHttpClient.Builder sdkHttpClientBuilder = http.httpClient.newBuilder();
    // before the app's interceptors: one of them may be another client's authInterceptor()
    sdkHttpClientBuilder.interceptors().add(0, authInterceptor.ownCallsMarker());
    OkHttpClient sdkHttpClient = sdkHttpClientBuilder
        // OkHttp would otherwise silently re-send a request whose answer was lost on a reused
        // connection, POSTs included: a re-sent refresh replays the rotated refresh token (the
        // server then revokes the session) and a re-sent verification consumes its code twice.
        // Repeats of the SDK's own calls are the RetryPolicy's alone (idempotent GETs only).
        .retryOnConnectionFailure(false)
        // a redirect would carry bodies (passwords, refresh tokens) and the device-trust header to
        // wherever the Location points: the SDK's calls never follow one
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new RetryInterceptor(settings.retryPolicy, settings.sleeper, settings.clock))
        .addInterceptor(authInterceptor)
        .addInterceptor(new HttpLogInterceptor(cookies::isCsrfHeader))
        .build();
    this.apiClient = new ApiClient(sdkHttpClient, settings.baseUrl.toString(), mapper, settings.maxResponseBytes,
        userAgent).withRoutePrefix(settings.routePrefix).withDefaultHeader(ACCESS_TOKEN_TYPE_HEADER, "header");
    this.authApi = new AuthenticationApi(apiClient);
    this.sessionApi = new SessionApi(apiClient);
    this.passwordApi = new PasswordApi(apiClient);
    this.verificationApi = new VerificationApi(apiClient);
    this.mfaApi = new MfaApi(apiClient);
    this.tenantsApi = new TenantsApi(apiClient);
    this.configApi = new ConfigApi(apiClient);
    if (session.refreshCall() == null) {
      session.setRefreshCall(refreshToken -> {
        try {
          return authApi.refreshToken(new RefreshTokenRequestDto().refreshToken(refreshToken)).execute();
        } catch (ApiException e) {
          // the refresh is mapped by the session, not by mapFailure: a redirect must be reported the
          // same way here (status and target host; never the body, which repeats the Location)
          if (isRedirect(e)) {
            throw redirected(e);
          }
          throw e;
        }
      });
    }
    if (!sameServer) {
      csrf.setFetch(() -> {
        try {
          return CsrfToken.from(configApi.getCsrfToken().execute());
        } catch (ApiException e) {
          throw mapFailure(e);
        }
      });
    }
    for (AuthListener listener : settings.listeners) {
      session.addListener(listener);
    }
  }

  SessionManager session() {
    return session;
  }

  ErrorMapper errors() {
    return errors;
  }

  /** An operation whose answer is the result as it is. */
  <W> NestAuthCall<W> call(boolean needsSession, Supplier<ApiClient.PreparedCall<W>> prepare) {
    return new OperationCall<>(this, needsSession, true, prepare, (answer, startedIn) -> answer);
  }

  /** An operation whose answer the SDK turns into the result. */
  <W, R> NestAuthCall<R> call(boolean needsSession, Supplier<ApiClient.PreparedCall<W>> prepare,
      OperationCall.Finisher<W, R> finisher) {
    return new OperationCall<>(this, needsSession, true, prepare, finisher);
  }

  /** An operation with no answer the SDK reads. */
  <W, R> NestAuthCall<R> callWithoutBody(boolean needsSession, Supplier<ApiClient.PreparedCall<W>> prepare,
      OperationCall.Finisher<W, R> finisher) {
    return new OperationCall<>(this, needsSession, false, prepare, finisher);
  }

  /** Maps what a failed call ended with; SDK exceptions pass through. */
  RuntimeException mapFailure(Throwable failure) {
    if (failure instanceof ApiException) {
      ApiException answer = (ApiException) failure;
      if (isRedirect(answer)) {
        return redirected(answer);
      }
      return errors.map(answer);
    }
    if (failure instanceof RuntimeException) {
      return (RuntimeException) failure;
    }
    return new NestAuthException("the call failed: " + failure.getClass().getSimpleName(), ErrorDetails.none(), failure);
  }

  private static boolean isRedirect(ApiException answer) {
    return answer.getCode() >= 300 && answer.getCode() < 400 && answer.getOperation() != null;
  }

  /** A 3xx: the SDK follows no redirect; the message names the status and the target's host only. */
  private RuntimeException redirected(ApiException answer) {
    ApiClient.Operation operation = answer.getOperation();
    String location = answer.getResponseHeaders() == null ? null : answer.getResponseHeaders().get("Location");
    HttpUrl target = location == null ? null : settings.baseUrl.resolve(location);
    return UnexpectedResponseException.of(operation.method() + " " + operation.pathTemplate() + " answered HTTP "
        + answer.getCode() + " redirecting to " + (target == null ? "an unreadable location" : target.host())
        + "; the SDK does not follow redirects", operation.method(), operation.pathTemplate(), answer.getCode());
  }

  /**
   * Runs a blocking task as one task on OkHttp's dispatcher threads: for calls that are not one
   * HTTP exchange (a refresh holding the session's lock, the server check's probes).
   */
  <T> CompletableFuture<T> supplyOnDispatcher(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      http.httpClient.dispatcher().executorService().execute(() -> {
        try {
          result.complete(task.get());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      result.completeExceptionally(rejected);
    }
    return result;
  }

  void requireSession() {
    if (session.session() == null) {
      throw new NotSignedInException("not signed in: this operation needs a session");
    }
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this NestAuthClient is closed");
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  void close() {
    if (closed.compareAndSet(false, true)) {
      http.release();
    }
  }

  /** A wire answer that lacks what the contract promises; names the operation, never the body. */
  static UnexpectedResponseException unexpected(ApiClient.Operation operation, String what) {
    return UnexpectedResponseException.of(operation.method() + " " + operation.pathTemplate() + " answered HTTP 200 "
        + what, operation.method(), operation.pathTemplate(), 200);
  }

  /** The host of a base URL, for messages: never its user info. */
  static String hostOf(HttpUrl url) {
    return url.host();
  }

  /** The configured default tenant, for the requests that take one. */
  UUID defaultTenant() {
    return settings.defaultTenantId == null ? null : UUID.fromString(settings.defaultTenantId);
  }

  /** The server's confirmation text of an operation that answers only a message. */
  static String message(MessageResponseDto answer, SessionManager.Generation startedIn) {
    return answer.getMessage() == null ? "" : answer.getMessage();
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = NestAuthClient.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // the version only decorates the User-Agent
    }
    String version = properties.getProperty("version", "dev");
    return Args.isBlank(version) || version.contains("${") ? "dev" : version;
  }
}
