package io.nestauth.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a log line or a debugger shows of a client and a call: never a credential. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ToStringSecretsTest {
  private static final String USER = "u5er-in-url";
  private static final String URL_PASSWORD = "s3cret-in-url";

  @Test
  void aClientsToStringShowsNoUserInfoOfItsBaseUrl() {
    try (NestAuthClient client = NestAuthClient.builder()
        .baseUrl("https://" + USER + ":" + URL_PASSWORD + "@api.example.com/api").build()) {
      String text = client.toString();

      assertThat(text).contains("api.example.com").doesNotContain(USER).doesNotContain(URL_PASSWORD)
          .doesNotContain("@");
    }
  }

  @Test
  void aClientWithUserInfoOnPlainHttpLoopbackShowsNoUserInfoEither() {
    try (NestAuthClient client = NestAuthClient.builder()
        .baseUrl("http://" + USER + ":" + URL_PASSWORD + "@127.0.0.1:3000/api").build()) {
      assertThat(client.toString()).doesNotContain(USER).doesNotContain(URL_PASSWORD);
      assertThat(client.newBuilder().build().toString()).doesNotContain(USER).doesNotContain(URL_PASSWORD);
    }
  }

  @Test
  void aCallsToStringShowsNoArgument() {
    String password = "Corr3ct-Horse-Battery";
    String email = "alice.secret@example.com";
    try (NestAuthClient client = NestAuthClient.builder().baseUrl("https://api.example.com/api").build()) {
      NestAuthCall<AuthResponse> login = client.loginWithEmail(email, password);
      NestAuthCall<AuthResponse> phone = client.loginWithPhone("+15550100", password);
      NestAuthCall<String> reset = client.resetPassword("reset-token-value-123", password);
      NestAuthCall<String> change = client.changePassword(password, password + "-new");

      for (NestAuthCall<?> call : java.util.List.of(login, phone, reset, change)) {
        assertThat(call.toString()).startsWith("NestAuthCall[").doesNotContain(password)
            .doesNotContain(email).doesNotContain("+15550100").doesNotContain("reset-token-value-123");
      }
      assertThat(login.toString()).contains("login");
    }
  }
}
