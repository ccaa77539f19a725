package io.nestauth.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The resource server accepts what the real server issues for a signed-in session, and nothing else. */
@ExtendWith(OutputCaptureExtension.class)
class ResourceServerIT extends BootAppIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static void assertRefused(HttpResponse<String> response, String description) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
  }

  @Test
  void aSignedInUsersTokenIsAcceptedAsThatUser() throws Exception {
    try (NestAuthClient auth = signedUpUser(newEmail("accepted"))) {
      String userId = auth.getSessionUserData().execute().id();

      HttpResponse<String> response = getWithToken("/me", auth.accessToken().orElseThrow());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode me = json(response);
      assertThat(me.get("userId").asText()).isEqualTo(userId);
      assertThat(me.get("name").asText()).isEqualTo(userId);
      assertThat(me.get("tenantId").isNull()).isTrue();
    }
  }

  @Test
  void theTenantOfTheSessionIsAvailable() throws Exception {
    String email = newEmail("tenant");
    try (NestAuthClient auth = signedUpUser(email)) {
      String tenantId = hooks().createTenant("Acme", "acme-" + email.substring(7, 15)).id();
      hooks().addMember(email, tenantId);
      auth.switchTenant(tenantId).execute();

      JsonNode me = json(getWithToken("/me", auth.accessToken().orElseThrow()));

      assertThat(me.get("tenantId").asText()).isEqualTo(tenantId);
    }
  }

  @Test
  void aRoleGivenByTheServerIsAnAuthorityForPreAuthorize() throws Exception {
    String editor = newEmail("editor");
    try (NestAuthClient auth = signedUpUser(editor)) {
      hooks().giveRole(editor, "editor", "posts.write");
      auth.logout().execute();
      auth.loginWithEmail(editor, PASSWORD).execute();   // roles enter the session at login
      String token = auth.accessToken().orElseThrow();

      assertThat(json(getWithToken("/me", token)).get("authorities").toString()).contains("ROLE_editor");
      HttpResponse<String> allowed = getWithToken("/editors", token);
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("editors only");
    }
    try (NestAuthClient other = signedUpUser(newEmail("other"))) {
      assertThat(getWithToken("/editors", other.accessToken().orElseThrow()).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aRequestWithoutTokenIsChallenged() {
    HttpResponse<String> response = get("/me", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void refreshTokenMfaPendingExpiredAndTamperedTokensAreRefused(CapturedOutput output) {
    InMemoryTokenStore store = new InMemoryTokenStore();
    String email = newEmail("refused");
    List<String> refused = new ArrayList<>();
    try (NestAuthClient auth = NestAuthClient.builder().baseUrl(SERVER.baseUrl()).tokenStore(store)
        .build()) {
      auth.signupWithEmail(email, PASSWORD).execute();
      String access = auth.accessToken().orElseThrow();

      String refresh = store.load().orElseThrow().refreshToken();
      assertRefused(getWithToken("/me", refresh), "Not an access token");
      refused.add(refresh);

      String expired = hooks().expiredCopyOf(access);
      assertRefused(getWithToken("/me", expired), "The access token expired");
      refused.add(expired);

      String tampered = tamper(access, email);
      assertRefused(getWithToken("/me", tampered), "The access token is invalid");
      refused.add(tampered);

      auth.toggleMfa(true).execute();
      auth.logout().execute();
      AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
      assertThat(login.isRequiresMfa()).isTrue();
      String pending = auth.accessToken().orElseThrow();
      assertRefused(getWithToken("/me", pending), "The session has not passed its second factor");
      refused.add(pending);
    }
    // each refusal is logged (debug level is on) with its reason, never with the token
    assertThat(output.getOut()).contains("Nest Auth token refused for GET /me: WRONG_TYPE",
        "Nest Auth token refused for GET /me: MFA_PENDING");
    refused.forEach(token -> assertThat(output.getAll()).doesNotContain(token));
  }

  @Test
  void aLoggedOutSessionsTokenIsRefusedAtOnce() {
    try (NestAuthClient auth = signedUpUser(newEmail("logout"))) {
      String token = auth.accessToken().orElseThrow();
      assertThat(getWithToken("/me", token).statusCode()).isEqualTo(200);

      auth.logout().execute();

      // still signed and unexpired: only the remote check sees the logout
      assertRefused(getWithToken("/me", token), "The session has ended");
    }
  }
}
