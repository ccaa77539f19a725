package io.nestauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the reference backend through the extension and drives it with plain OkHttp. An IT (failsafe).
 */
@ExtendWith(ReferenceBackendExtension.class)
class ReferenceBackendSmokeIT {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OkHttpClient HTTP = new OkHttpClient();

    private final ReferenceBackend backend;
    private final BackendHooks hooks;

    ReferenceBackendSmokeIT(ReferenceBackend backend, BackendHooks hooks) {
        this.backend = backend;
        this.hooks = hooks;
    }

    @AfterAll
    static void releaseClient() {
        HTTP.connectionPool().evictAll();
    }

    @Test
    void listensOnLoopbackWithTheApiPrefix() {
        assertThat(backend.isRunning()).isTrue();
        assertThat(backend.rootUrl()).isEqualTo("http://127.0.0.1:" + backend.port());
        assertThat(backend.baseUrl()).isEqualTo(backend.rootUrl() + "/api");
        assertThat(hooks.providerStateUrl()).isEqualTo(backend.rootUrl() + "/__test/provider-state");
    }

    @Test
    void clientConfigOffersTotp() throws IOException {
        Reply config = call("GET", "/auth/client-config", null, null);

        assertThat(config.status).isEqualTo(200);
        assertThat(config.body.path("mfa").path("methods"))
                .extracting(JsonNode::asText)
                .contains("email", "sms", "totp");
        assertThat(config.body.path("tenants").path("mode").asText()).isEqualTo("shared");
        assertThat(config.body.path("accessTokenType").asText()).isEqualTo("header");
    }

    @Test
    void passwordlessLoginWithTheCapturedCode() throws IOException {
        String email = "smoke-passwordless@example.com";
        Reply signup = call("POST", "/auth/signup", Map.of("email", email, "password", "Passw0rd!23"), null);
        assertThat(signup.status).isEqualTo(200);

        Reply sent = call("POST", "/auth/passwordless/send", Map.of("identifier", email, "channel", "email"), null);
        assertThat(sent.status).isEqualTo(200);
        String code = hooks.latestCode(email, BackendHooks.PASSWORDLESS);
        assertThat(code).matches("\\d{6}");

        Reply login = call("POST", "/auth/login", Map.of(
                "providerName", "passwordless",
                "credentials", Map.of("identifier", email, "channels", List.of("email"), "code", code)), null);

        assertThat(login.status).isEqualTo(200);
        assertThat(login.body.path("accessToken").asText()).startsWith("eyJ");
        assertThat(login.body.path("refreshToken").asText()).startsWith("eyJ");
    }

    @Test
    void expiredCopyIsRejectedAsAnInvalidToken() throws IOException {
        Reply signup = call("POST", "/auth/signup",
                Map.of("email", "smoke-expired@example.com", "password", "Passw0rd!23"), null);
        String token = signup.body.path("accessToken").asText();

        assertThat(call("GET", "/auth/me", null, token).status).isEqualTo(200);
        Reply expired = call("GET", "/auth/me", null, hooks.expiredCopyOf(token));
        assertThat(expired.status).isEqualTo(401);
        assertThat(expired.body.path("code").asText()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void resetWipesUsersAndCodes() throws IOException {
        String email = "smoke-reset@example.com";
        call("POST", "/auth/signup", Map.of("email", email, "password", "Passw0rd!23"), null);
        call("POST", "/auth/forgot-password", Map.of("email", email), null);
        assertThat(hooks.latestCodeDetails(email, BackendHooks.PASSWORD_RESET)).isPresent();

        hooks.reset();

        assertThat(hooks.latestCodeDetails(email, null)).isEmpty();
        assertThatThrownBy(() -> hooks.latestCode(email)).isInstanceOf(IllegalStateException.class);
        Reply login = call("POST", "/auth/login", Map.of(
                "providerName", "email",
                "credentials", Map.of("email", email, "password", "Passw0rd!23")), null);
        assertThat(login.status).isEqualTo(401);
        assertThat(login.body.path("code").asText()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void providerStateUserComesWithWorkingTokens() throws IOException {
        JsonNode state = hooks.providerState("a user with email {email} and password {password} exists",
                Map.of("email", "smoke-state@example.com", "password", "Passw0rd!23"));

        String accessToken = state.path("accessToken").asText();
        Reply me = call("GET", "/auth/me", null, accessToken);
        assertThat(me.status).isEqualTo(200);
        assertThat(me.body.path("email").asText()).isEqualTo("smoke-state@example.com");
        assertThat(me.body.path("id").asText()).isEqualTo(state.path("userId").asText());

        Reply refreshed = call("POST", "/auth/refresh-token",
                Map.of("refreshToken", state.path("refreshToken").asText()), null);
        assertThat(refreshed.status).isEqualTo(200);
    }

    @Test
    void unknownProviderStateIsA400() {
        assertThatThrownBy(() -> hooks.providerState("the moon is full", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("Unknown provider state");
    }

    @Test
    void tenantMembershipAndPermission() throws IOException {
        String email = "smoke-tenant@example.com";
        call("POST", "/auth/signup", Map.of("email", email, "password", "Passw0rd!23"), null);
        String tenantId = hooks.createTenant("Smoke", "smoke");
        hooks.addMembership(email, tenantId, "member");
        hooks.grantPermission(email, "inviter", "users.invite");

        Reply tenantLogin = call("POST", "/auth/login", Map.of(
                "providerName", "email",
                "credentials", Map.of("email", email, "password", "Passw0rd!23"),
                "tenantId", tenantId), null);
        assertThat(tenantLogin.status).isEqualTo(200);

        Reply login = call("POST", "/auth/login", Map.of(
                "providerName", "email",
                "credentials", Map.of("email", email, "password", "Passw0rd!23")), null);
        Reply invite = call("POST", "/auth/invite", Map.of("email", "smoke-invitee@example.com"),
                login.body.path("accessToken").asText());
        assertThat(invite.status).isEqualTo(201);
        assertThat(hooks.latestCode("smoke-invitee@example.com", BackendHooks.INVITE)).startsWith("eyJ");
    }

    @Test
    void totpCodeMatchesTheLibrary() throws IOException {
        Reply signup = call("POST", "/auth/signup",
                Map.of("email", "smoke-totp@example.com", "password", "Passw0rd!23"), null);
        String token = signup.body.path("accessToken").asText();
        Reply setup = call("POST", "/auth/mfa/setup-totp", Map.of(), token);
        String secret = setup.body.path("secret").asText();

        Reply verified = call("POST", "/auth/mfa/verify-totp-setup",
                Map.of("secret", secret, "otp", hooks.totpCode(secret)), token);

        assertThat(verified.status).isEqualTo(200);
    }

    // ---- plain HTTP --------------------------------------------------------------------------

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, Object body, String bearer) throws IOException {
        Request.Builder request = new Request.Builder().url(backend.baseUrl() + path);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        request.method(method, body == null ? null : RequestBody.create(MAPPER.writeValueAsString(body), JSON));
        try (Response response = HTTP.newCall(request.build()).execute()) {
            String text = response.body().string();
            return new Reply(response.code(), text.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(text));
        }
    }
}
