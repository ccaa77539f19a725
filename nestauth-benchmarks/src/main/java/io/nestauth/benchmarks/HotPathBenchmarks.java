package io.nestauth.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.TokenClaims;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.SessionUserDto;
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
 * The pieces of the SDK's per-call work, without the network, each next to the hand-written baseline
 * and, where profiling led to a fix, next to what the SDK did before it. {@code sdk*} run the SDK's
 * code as it is now, {@code before*} reproduce the code a fix replaced (same mapper, same calls,
 * same order) and {@code raw*} are the baseline.
 */
@State(Scope.Benchmark)
public class HotPathBenchmarks {
  private static final Type RAW_OBJECT = new TypeReference<Map<String, Object>>() { }.getType();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
  private static final Type AUTH_TOKENS = new TypeReference<AuthTokensResponseDto>() { }.getType();
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private ObjectMapper mapper;
  private ApiClient apiClient;
  private HttpUrl baseUrl;
  private HttpUrl meUrl;
  private String meBody;
  private byte[] meBytes;
  private JavaType sessionUserType;
  private String accessToken;
  private String userAgent;
  private byte[] loginBody;

  @Setup
  public void setUp() {
    mapper = ApiClient.defaultObjectMapper();
    userAgent = "nestauth-java/0.1.0-SNAPSHOT";
    apiClient = new ApiClient(new OkHttpClient(), "http://127.0.0.1:8080/api", mapper, ApiClient.DEFAULT_MAX_RESPONSE_BYTES,
        userAgent);
    baseUrl = HttpUrl.get("http://127.0.0.1:8080/api");
    meUrl = HttpUrl.get("http://127.0.0.1:8080/api/auth/me");
    meBody = Wire.meBody();
    meBytes = meBody.getBytes(StandardCharsets.UTF_8);
    sessionUserType = mapper.constructType(SessionUserDto.class);
    long now = Instant.now().getEpochSecond();
    accessToken = Wire.jwt("access", now, now + 900, 1);
    loginBody = Wire.tokensBody(accessToken, Wire.jwt("refresh", now, now + 604800, 1), "Login successful")
        .getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ the /auth/me body

  /**
   * Before: ApiClient parsed the body into a {@code Map<String, Object>}, then {@code
   * mapper.convertValue(raw, SessionUserDto.class)} turned the map into the model.
   */
  @Benchmark
  public Object beforeMeBodyMapThenConvert() throws IOException {
    JavaType type = mapper.getTypeFactory().constructType(RAW_OBJECT);
    Map<String, Object> raw = mapper.readValue(meBody, type);
    return mapper.convertValue(raw, SessionUserDto.class);
  }

  /** Before (second step): one parse into a tree, the model read from the tree. */
  @Benchmark
  public Object beforeMeBodyTreeThenModel() throws IOException {
    JsonNode tree = mapper.readTree(meBody);
    return mapper.treeToValue(tree, SessionUserDto.class);
  }

  /**
   * Before (fix 10): ApiClient decoded the buffered body into a String (kept for {@code raw()}) and
   * the SDK parsed the String into the model.
   */
  @Benchmark
  public Object beforeMeBodyTextThenModel() throws IOException {
    Buffer buffer = new Buffer().write(meBytes);
    String text = buffer.readString(StandardCharsets.UTF_8);
    return mapper.readValue(text, SessionUserDto.class);
  }

  /**
   * Now: ApiClient keeps the buffered bytes (for {@code raw()}, parsed only when asked for) and the
   * SDK parses the model from them.
   */
  @Benchmark
  public Object sdkMeBodyBytes() throws IOException {
    Buffer buffer = new Buffer().write(meBytes);
    return new ApiClient.RawBody(buffer.readByteArray(), StandardCharsets.UTF_8).readAs(mapper, sessionUserType);
  }

  /** The raw baseline: Jackson reads the model from the response's byte stream. */
  @Benchmark
  public Object rawMeBodyStream() throws IOException {
    Buffer buffer = new Buffer().write(meBytes);
    return mapper.readValue(buffer.inputStream(), SessionUserDto.class);
  }

  // ------------------------------------------------------------------ the JWT claims

  /**
   * Now: {@code TokenClaims.parse}, at most once per token and only when something asks (fix 11: not
   * inside the login): a plain scan of the payload picks out the claims the SDK reads; the full map
   * waits for {@code asMap()}.
   */
  @Benchmark
  public Object sdkTokenClaimsParse() {
    return TokenClaims.parse(accessToken);
  }

  /** Before (fix 7): the payload parsed by Jackson into the whole claim map, once per login. */
  @Benchmark
  public Object beforeTokenClaimsMap() throws IOException {
    int first = accessToken.indexOf('.');
    int second = accessToken.indexOf('.', first + 1);
    byte[] payload = Base64.getUrlDecoder().decode(accessToken.substring(first + 1, second));
    return mapper.readValue(payload, Object.class);
  }

  /**
   * Before (fix 2): bytes decoded to a String, parsed to an Object, then {@code convertValue(MAP)};
   * and that twice per login (SessionManager.accept and AuthResponse).
   */
  @Benchmark
  public Object beforeTokenClaimsTwice(Blackhole blackhole) throws IOException {
    for (int i = 0; i < 2; i++) {
      int first = accessToken.indexOf('.');
      int second = accessToken.indexOf('.', first + 1);
      byte[] payload = Base64.getUrlDecoder().decode(accessToken.substring(first + 1, second));
      Object value = mapper.readValue(new String(payload, StandardCharsets.UTF_8), Object.class);
      blackhole.consume(mapper.convertValue(value, MAP));
    }
    return accessToken;
  }

  // ------------------------------------------------------------------ the request

  /**
   * Now: ApiClient.buildRequest with the operation's URL resolved once and the User-Agent set by the
   * builder; the AuthInterceptor's copy adds the bearer token.
   */
  @Benchmark
  public Request sdkBuildMeRequest() throws ApiException {
    Request built = apiClient.buildRequest(SessionApi.GET_SESSION_USER, Map.of(), List.of(), Map.of(), null);
    return built.newBuilder().header("Authorization", "Bearer " + accessToken).build();
  }

  /**
   * Before: the URL built per call from the path template, then a User-Agent interceptor and the
   * AuthInterceptor each copied the request to add one header.
   */
  @Benchmark
  public Request beforeBuildMeRequest() {
    HttpUrl.Builder url = baseUrl.newBuilder();
    for (String segment : SessionApi.GET_SESSION_USER.pathTemplate().substring(1).split("/")) {
      url.addPathSegments(segment);
    }
    Request built = new Request.Builder().url(url.build()).method("GET", null).header("Accept", "application/json")
        .tag(ApiClient.Operation.class, SessionApi.GET_SESSION_USER).build();
    Request withAgent = built.newBuilder().header("User-Agent", userAgent).build();
    return withAgent.newBuilder().header("Authorization", "Bearer " + accessToken).build();
  }

  /** The raw baseline: one builder over a pre-built URL. */
  @Benchmark
  public Request rawBuildMeRequest() {
    return new Request.Builder().url(meUrl).header("Accept", "application/json")
        .header("Authorization", "Bearer " + accessToken).build();
  }

  // ------------------------------------------------------------------ the response

  /**
   * Before (fix 4): ApiClient.handle called {@code response.body().contentType()} twice per call;
   * OkHttp parses the header with regular expressions each time. Then once per call; now (fix 9)
   * once per distinct header value, remembered.
   */
  @Benchmark
  public void beforeResponseContentTypeTwice(Blackhole blackhole) {
    blackhole.consume(MediaType.parse(CONTENT_TYPE));
    blackhole.consume(MediaType.parse(CONTENT_TYPE));
  }

  /**
   * Before (fix 8): ApiClient.handle decoded the buffered login answer (1.3 KB with two JWTs) into a
   * String, and Jackson parsed the String (copying it once more into its char buffer).
   */
  @Benchmark
  public Object beforeLoginBodyStringThenParse() throws IOException {
    Buffer buffer = new Buffer().write(loginBody);
    String text = buffer.readString(StandardCharsets.UTF_8);
    JavaType type = mapper.getTypeFactory().constructType(AUTH_TOKENS);
    return mapper.readValue(text, type);
  }

  /** Now: Jackson parses the buffered UTF-8 bytes as they are (the text is decoded only for errors and raw bodies). */
  @Benchmark
  public Object sdkLoginBodyBytes() throws IOException {
    Buffer buffer = new Buffer().write(loginBody);
    JavaType type = mapper.getTypeFactory().constructType(AUTH_TOKENS);
    return mapper.readValue(buffer.inputStream(), type);
  }
}
