package io.nestauth.benchmarks;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.SessionUserDto;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.util.Objects;

/**
 * The two sides that are compared, signed in as one user of one server: the SDK and the raw
 * baseline ({@link RawClient}), and the two calls each is measured on. Both rest on one default
 * {@code new OkHttpClient()}: raw uses it as it is, the SDK derives its own from it (which shares the
 * connection pool), so both talk over the same keep-alive connection.
 */
public final class Clients implements AutoCloseable {
  private final OkHttpClient http = new OkHttpClient();
  private final NestAuthClient sdk;
  private final RawClient raw;
  private final String email;
  private final String password;

  /** Builds both clients and signs both in; throws when they disagree about the user. */
  public Clients(String baseUrl, String email, String password) throws IOException {
    this.email = email;
    this.password = password;
    sdk = NestAuthClient.builder().baseUrl(baseUrl).tokenStore(new InMemoryTokenStore()).httpClient(http).build();
    raw = new RawClient(http, baseUrl);
    sdkLogin();
    rawLogin();
    if (!Objects.equals(sdkMe().id(), String.valueOf(rawMe().getId()))) {
      throw new IllegalStateException("the SDK and the raw client see different users");
    }
  }

  /** @return {@code POST /auth/login} through the SDK (the tokens are stored) */
  public AuthResponse sdkLogin() {
    return sdk.loginWithEmail(email, password).execute();
  }

  /** @return {@code POST /auth/login} by hand (the tokens are kept in fields) */
  public AuthTokensResponseDto rawLogin() throws IOException {
    return raw.loginWithEmail(email, password);
  }

  /** @return {@code GET /auth/me} through the SDK */
  public SessionUser sdkMe() {
    return sdk.getSessionUserData().execute();
  }

  /** @return {@code GET /auth/me} by hand, parsed into the same generated model */
  public SessionUserDto rawMe() throws IOException {
    return raw.getSessionUser();
  }

  @Override
  public void close() {
    sdk.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
