package io.nestauth.benchmarks;

import io.nestauth.generated.model.AuthTokensResponseDto;
import okhttp3.OkHttpClient;

/** Cold start, raw side: a fresh JVM builds OkHttp + Jackson and logs in once by hand; prints LOGIN_OK. */
public final class ColdStartRawMain {
  private ColdStartRawMain() {
  }

  public static void main(String[] args) throws Exception {
    RawClient raw = new RawClient(new OkHttpClient(), args[0]);
    AuthTokensResponseDto tokens = raw.loginWithEmail("alice@example.com", "Passw0rd!23");
    if (tokens.getAccessToken() == null) {
      System.out.println("LOGIN_FAILED");
      System.exit(1);
    }
    System.out.println("LOGIN_OK");
    System.out.flush();
    System.exit(0);
  }
}
