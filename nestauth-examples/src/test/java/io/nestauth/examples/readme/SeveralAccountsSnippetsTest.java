package io.nestauth.examples.readme;

import io.nestauth.client.Account;
import io.nestauth.client.FileAccountStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.testkit.NestAuthTestServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The "Several accounts" snippet against the real server, and what a restart of the app finds. */
class SeveralAccountsSnippetsTest {
  private static final String PASSWORD = "Accounts-Passw0rd!1";

  @RegisterExtension
  static final NestAuthTestServer SERVER = NestAuthTestServer.builder().build();

  @TempDir
  Path folder;

  @Test
  void theWorkAccountIsReadAndSignedOutWhileTheHomeAccountStays() {
    String work = "work-" + UUID.randomUUID() + "@example.com";
    String home = "home-" + UUID.randomUUID() + "@example.com";
    OkHttpClient http = new OkHttpClient();
    try (NestAuthClient auth = NestAuthClient.builder().baseUrl(SERVER.baseUrl()).httpClient(http).build()) {
      for (String email : new String[] {work, home}) {
        try (NestAuthClient signup = auth.newBuilder().tokenStore(new InMemoryTokenStore()).build()) {
          signup.signupWithEmail(email, PASSWORD).execute();
        }
      }

      assertThat(SeveralAccountsSnippets.workAndHome(auth, http, folder, work, PASSWORD, home, PASSWORD).email())
          .contains(work);

      // the app restarted: home is still signed in, and active
      assertThat(auth.accounts(new FileAccountStore(folder)).list())
          .extracting(account -> account.email().orElseThrow(), Account::isActive)
          .containsExactly(tuple(home, true));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
