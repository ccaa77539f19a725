package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;

/** Cold start, SDK side: a fresh JVM builds a client and logs in once; prints LOGIN_OK. */
public final class ColdStartSdkMain {
  private ColdStartSdkMain() {
  }

  public static void main(String[] args) {
    NestAuthClient auth = NestAuthClient.builder().baseUrl(args[0]).build();
    auth.loginWithEmail("alice@example.com", "Passw0rd!23").execute();
    if (!auth.isAuthenticated()) {
      System.out.println("LOGIN_FAILED");
      System.exit(1);
    }
    System.out.println("LOGIN_OK");
    System.out.flush();
    System.exit(0);
  }
}
