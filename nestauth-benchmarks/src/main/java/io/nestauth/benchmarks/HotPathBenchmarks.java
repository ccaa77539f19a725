package io.nestauth.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.TokenClaims;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.AuthTokensResponse;
import io.nestauth.generated.model.SessionUser;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The pieces of the SDK's per-call work, without the network, each next to its cheaper alternative:
 * they size the fixes proposed in BENCHMARKS.md. The {@code sdk*} methods reproduce what the SDK's code
 * does today (same mapper, same calls, same order); the {@code alt*} methods are the proposals.
 */
@State(Scope.Benchmark)
public class HotPathBenchmarks {
  private static final Type RAW_OBJECT = new TypeReference<Map<String, Object>>() { }.getType();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
  private static final Type AUTH_TOKENS = new TypeReference<AuthTokensResponse>() { }.getType();
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private ObjectMapper mapper;
  private ApiClient apiClient;
  private HttpUrl meUrl;
  private String meBody;
  private String accessToken;
  private String userAgent;
  private byte[] loginBody;

  @Setup
  public void setUp() {
    mapper = ApiClient.defaultObjectMapper();
    apiClient = new ApiClient(new OkHttpClient(), "http://127.0.0.1:8080/api", mapper, ApiClient.DEFAULT_MAX_RESPONSE_BYTES);
    meUrl = HttpUrl.get("http://127.0.0.1:8080/api/auth/me");
    meBody = Wire.meBody();
    long now = Instant.now().getEpochSecond();
    accessToken = Wire.jwt("access", now, now + 900, 1);
    userAgent = "nestauth-java/0.1.0-SNAPSHOT";
    loginBody = Wire.tokensBody(accessToken, Wire.jwt("refresh", now, now + 604800, 1), "Login successful")
        .getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ the /auth/me body

  /**
   * What {@code getSessionUserData()} does with the body today: ApiClient parses it into a
   * {@code Map<String, Object>} (NestAuthClient.RAW_OBJECT), then {@code mapper.convertValue(raw,
   * SessionUser.class)} turns the map into the model (serialise to a token buffer, deserialise).
   */
  @Benchmark
  public Object sdkMeBodyMapThenConvert() throws IOException {
    JavaType type = mapper.getTypeFactory().constructType(RAW_OBJECT);
    Map<String, Object> raw = mapper.readValue(meBody, type);
    return mapper.convertValue(raw, SessionUser.class);
  }

  /** The raw baseline (and the generated SessionApi.getSessionUser): one parse into the model. */
  @Benchmark
  public Object altMeBodyDirect() throws IOException {
    return mapper.readValue(meBody, SessionUser.class);
  }

  /** Proposal: one parse into a tree, the model read from the tree; {@code raw()} built from it lazily. */
  @Benchmark
  public Object altMeBodyTreeThenModel() throws IOException {
    JsonNode tree = mapper.readTree(meBody);
    return mapper.treeToValue(tree, SessionUser.class);
  }

  // ------------------------------------------------------------------ the JWT claims

  /** {@code TokenClaims.parse}: the SDK runs it twice per login (SessionManager.accept and AuthResponse). */
  @Benchmark
  public Object sdkTokenClaimsParse() {
    return TokenClaims.parse(accessToken);
  }

  /**
   * Proposal: decode the payload straight into the map ({@code readValue(bytes, MAP)}) instead of
   * bytes → String → Object → {@code convertValue(MAP)}.
   */
  @Benchmark
  public Object altTokenClaimsDirect() throws IOException {
    int first = accessToken.indexOf('.');
    int second = accessToken.indexOf('.', first + 1);
    byte[] payload = Base64.getUrlDecoder().decode(accessToken.substring(first + 1, second));
    return mapper.readValue(payload, MAP);
  }

  // ------------------------------------------------------------------ the request

  /**
   * The SDK's request of {@code GET /auth/me} today: ApiClient.buildRequest (splits the path
   * template and runs HttpUrl.Builder per call, fresh param maps), then the User-Agent interceptor
   * and the AuthInterceptor each copy the request to add one header.
   */
  @Benchmark
  public Request sdkBuildMeRequest() throws ApiException {
    Request built = apiClient.buildRequest(SessionApi.GET_SESSION_USER, Map.of(), List.of(), Map.of(), null);
    Request withAgent = built.newBuilder().header("User-Agent", userAgent).build();
    return withAgent.newBuilder().header("Authorization", "Bearer " + accessToken).build();
  }

  /** The raw baseline: one builder over a pre-built URL. */
  @Benchmark
  public Request rawBuildMeRequest() {
    return new Request.Builder().url(meUrl).header("Accept", "application/json")
        .header("Authorization", "Bearer " + accessToken).build();
  }

  /**
   * Proposal: the operation's URL resolved once (it has no path parameters), User-Agent set by the
   * builder instead of an interceptor; only the bearer copy remains.
   */
  @Benchmark
  public Request altBuildMeRequest() {
    Request built = new Request.Builder().url(meUrl).header("Accept", "application/json")
        .header("User-Agent", userAgent).tag(ApiClient.Operation.class, SessionApi.GET_SESSION_USER).build();
    return built.newBuilder().header("Authorization", "Bearer " + accessToken).build();
  }

  // ------------------------------------------------------------------ the response

  /**
   * ApiClient.handle calls {@code response.body().contentType()} twice per call (readBounded and the
   * String check); OkHttp's RealResponseBody parses the header with regular expressions each time.
   */
  @Benchmark
  public void sdkResponseContentTypeTwice(Blackhole blackhole) {
    blackhole.consume(MediaType.parse(CONTENT_TYPE));
    blackhole.consume(MediaType.parse(CONTENT_TYPE));
  }

  /**
   * ApiClient.handle for the login answer (1.3 KB with two JWTs): the buffered body decoded into a
   * String, the type resolved, Jackson parsing the String.
   */
  @Benchmark
  public Object sdkLoginBodyStringThenParse() throws IOException {
    Buffer buffer = new Buffer().write(loginBody);
    String text = buffer.readString(StandardCharsets.UTF_8);
    JavaType type = mapper.getTypeFactory().constructType(AUTH_TOKENS);
    return mapper.readValue(text, type);
  }

  /** Proposal (and the raw baseline's way): Jackson parses the body's bytes; a String only for error bodies. */
  @Benchmark
  public Object altLoginBodyBytes() throws IOException {
    Buffer buffer = new Buffer().write(loginBody);
    return mapper.readValue(buffer.readByteArray(), AuthTokensResponse.class);
  }
}
