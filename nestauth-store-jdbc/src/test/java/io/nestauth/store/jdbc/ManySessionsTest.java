package io.nestauth.store.jdbc;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.testfixtures.TestJwts;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's way of holding a session per end user in one service: one factory, one store per
 * user's key, clients derived from one app-wide client so that all share its OkHttpClient. Nothing is
 * sent: building a client restores the session its store holds.
 */
class ManySessionsTest {
  @Test
  void eachUserGetsTheSessionOfItsKeyAndEveryClientSharesTheOkHttpClient() {
    try (H2Database database = new H2Database()) {
      JdbcTokenStores sessions = JdbcTokenStores.builder(database.pool()).build();
      sessions.createTableIfMissing();
      StoredTokens alices = new StoredTokens(TestJwts.access().userId("alice").build(), TestJwts.refreshToken(),
          false, null);
      sessions.forKey("alice").save(alices);

      OkHttpClient http = new OkHttpClient();
      NestAuthClient app = NestAuthClient.builder().baseUrl("https://api.example.com/api").httpClient(http).build();
      NestAuthClient alice = app.newBuilder().tokenStore(sessions.forKey("alice")).build();
      NestAuthClient bob = app.newBuilder().tokenStore(sessions.forKey("bob")).build();
      try {
        assertThat(alice.isAuthenticated()).isTrue();
        assertThat(alice.accessTokenClaims()).get().satisfies(claims -> assertThat(claims.userId()).contains("alice"));
        assertThat(bob.isAuthenticated()).as("bob has not signed in").isFalse();
        assertThat(app.isAuthenticated()).as("the app-wide client holds no session").isFalse();
      } finally {
        bob.close();
        alice.close();
        app.close();
      }
      assertThat(http.dispatcher().executorService().isShutdown()).as("the OkHttpClient stays the app's").isFalse();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
