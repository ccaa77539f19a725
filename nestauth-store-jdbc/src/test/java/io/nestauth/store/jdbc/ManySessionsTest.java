package io.nestauth.store.jdbc;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's way of holding a session per end user in one service: one factory, one store per
 * user's key, clients derived from one app-wide client so that all share its OkHttpClient. Building a
 * client restores the session its store holds.
 */
@ExtendWith(DatabaseExtension.class)
class ManySessionsTest {
  private final H2Database database;

  ManySessionsTest(H2Database database) {
    this.database = database;
  }

  @Test
  void eachUserGetsTheSessionOfItsKeyOverTheAppsOneOkHttpClient() throws Exception {
    JdbcTokenStores sessions = JdbcTokenStores.builder(database.pool()).build();
    sessions.createTableIfMissing();
    String aliceId = "alice-" + UUID.randomUUID();
    String bobId = "bob-" + UUID.randomUUID();
    StoredTokens alices = new StoredTokens(TestJwts.access().userId("alice").build(), TestJwts.refreshToken(),
        false, null);
    sessions.forKey(aliceId).save(alices);

    OkHttpClient http = new OkHttpClient();
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      server.enqueue(MockResponses.ok(ServerAnswers.sessionUserBody()));
      NestAuthClient app = NestAuthClient.builder().baseUrl(server.url("/api").toString()).httpClient(http).build();
      NestAuthClient alice = app.newBuilder().tokenStore(sessions.forKey(aliceId)).build();
      NestAuthClient bob = app.newBuilder().tokenStore(sessions.forKey(bobId)).build();
      try {
        assertThat(alice.isAuthenticated()).isTrue();
        assertThat(bob.isAuthenticated()).as("bob has not signed in").isFalse();
        assertThat(app.isAuthenticated()).as("the app-wide client holds no session").isFalse();

        alice.getSessionUserData().execute();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + alices.accessToken());
        assertThat(http.connectionPool().connectionCount()).as("alice's call went through the app's connection pool")
            .isEqualTo(1);
      } finally {
        bob.close();
        alice.close();
        app.close();
        http.connectionPool().evictAll(); // before the server closes, which waits for open connections
      }
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }
}
