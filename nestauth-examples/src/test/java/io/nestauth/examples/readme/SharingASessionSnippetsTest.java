package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;
import io.nestauth.testkit.NestAuthTestServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Sharing a session" snippets against the real server: many users' sessions in one database. */
class SharingASessionSnippetsTest {
  private static final String PASSWORD = "Sharing-Passw0rd!1";

  @RegisterExtension
  static final NestAuthTestServer SERVER = NestAuthTestServer.builder().build();

  @Test
  void eachAppSessionHasItsOwnUserAndASecondInstanceOfTheAppSeesThem() {
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:sessions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    String alice = "alice-" + UUID.randomUUID() + "@example.com";
    String bob = "bob-" + UUID.randomUUID() + "@example.com";

    try (SharingASessionSnippets.UserSessions instanceA =
             new SharingASessionSnippets.UserSessions(SERVER.baseUrl(), database)) {
      instanceA.of("app-session-1").signupWithEmail(alice, PASSWORD).execute();
      instanceA.of("app-session-2").signupWithEmail(bob, PASSWORD).execute();

      assertThat(instanceA.currentUser("app-session-1").email()).contains(alice);
      assertThat(instanceA.currentUser("app-session-2").email()).contains(bob);
    }
    // another instance of the app (or the same after a restart) over the same database
    try (SharingASessionSnippets.UserSessions instanceB =
             new SharingASessionSnippets.UserSessions(SERVER.baseUrl(), database)) {
      assertThat(instanceB.currentUser("app-session-1").email()).contains(alice);
      NestAuthClient bobsClient = instanceB.of("app-session-2");
      assertThat(bobsClient.isAuthenticated()).isTrue();
    }
  }
}
