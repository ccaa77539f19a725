package io.nestauth.benchmarks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.SessionUserDto;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;

/**
 * The baseline: what a careful developer writes by hand with OkHttp and Jackson for the same two
 * calls, sending the same headers and body and parsing the answer into the same generated model
 * classes. Everything that can be set up once is (client, mapper, URLs, media type); the bearer
 * header is built per call from the current token, as any client whose token can change must.
 */
public final class RawClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final HttpUrl loginUrl;
  private final HttpUrl meUrl;
  private volatile String accessToken;
  private volatile String refreshToken;

  /** @param baseUrl e.g. {@code http://127.0.0.1:1234/api} */
  public RawClient(OkHttpClient http, String baseUrl) {
    this.http = http;
    this.mapper = newMapper();
    HttpUrl base = HttpUrl.get(baseUrl);
    this.loginUrl = base.newBuilder().addPathSegments("auth/login").build();
    this.meUrl = base.newBuilder().addPathSegments("auth/me").build();
  }

  /**
   * The mapper the generated models need (java.time for {@code OffsetDateTime}, enums by their wire
   * value, unknown fields ignored, nulls not written): the same features as the SDK's mapper.
   */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
        .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
        .addModule(new JavaTimeModule())
        .build();
  }

  public void setTokens(String accessToken, String refreshToken) {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
  }

  public String accessToken() {
    return accessToken;
  }

  /** {@code POST /auth/login} with email and password; keeps the tokens. */
  public AuthTokensResponseDto loginWithEmail(String email, String password) throws IOException {
    LoginRequestDto body = new LoginRequestDto().providerName("email")
        .credentials(new LoginCredentialsDto().email(email).password(password));
    Request request = new Request.Builder()
        .url(loginUrl)
        .header("Accept", "application/json")
        .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON))
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("login answered HTTP " + response.code());
      }
      AuthTokensResponseDto tokens = mapper.readValue(response.body().byteStream(), AuthTokensResponseDto.class);
      setTokens(tokens.getAccessToken(), tokens.getRefreshToken());
      return tokens;
    }
  }

  /** {@code GET /auth/me} with the bearer token. */
  public SessionUserDto getSessionUser() throws IOException {
    Request request = new Request.Builder()
        .url(meUrl)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + accessToken)
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("me answered HTTP " + response.code());
      }
      return mapper.readValue(response.body().byteStream(), SessionUserDto.class);
    }
  }
}
