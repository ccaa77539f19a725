package io.nestauth.testkit;

import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testkit.PlainHttp.claims;
import static io.nestauth.testkit.PlainHttp.emailLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.BackendHooks.SentCode;
import io.nestauth.testkit.BackendHooks.Tenant;
import io.nestauth.testkit.BackendHooks.UserFlags;
import io.nestauth.testkit.PlainHttp.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default server through the extension, and every typed hook, checked with plain OkHttp. */
class BackendHooksIT {

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private static PlainHttp http;
    private static BackendHooks hooks;

    @BeforeAll
    static void client() {
        http = new PlainHttp(server);
        hooks = server.hooks();
    }

    @AfterAll
    static void releaseClient() {
        http.close();
    }

    private static String signUp(String email) {
        Reply signup = http.post("signup", Map.of("email", email, "password", PASSWORD));
        assertThat(signup.status()).isEqualTo(200);
        return signup.body().path("accessToken").asText();
    }

    @Test
    void listensOnLoopbackWithTheDefaultPrefixes() {
        assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api");
        assertThat(server.rootUrl() + "/api").isEqualTo(server.baseUrl());
        assertThat(server.routeUrl("/client-config")).isEqualTo(server.baseUrl() + "/auth/client-config");
        assertThat(hooks.providerStateUrl()).isEqualTo(server.rootUrl() + "/__test/provider-state");

        Reply config = http.get("client-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().path("accessTokenType").asText()).isEqualTo("header");
        assertThat(config.body().path("tenants").path("mode").asText()).isEqualTo("shared");
        assertThat(config.body().path("mfa").path("methods")).extracting(JsonNode::asText)
                .contains("email", "sms", "totp");
    }

    @Test
    void theLastCodeSentSignsIn() {
        String email = "hooks-passwordless@example.com";
        assertThat(http.post("passwordless/send", Map.of("identifier", email, "channel", "email")).status())
                .isEqualTo(200);

        SentCode sent = hooks.lastSentCode(email, CodePurpose.PASSWORDLESS).orElseThrow();
        assertThat(sent.sentTo()).isEqualTo(email);
        assertThat(sent.channel()).isEqualTo("email");
        assertThat(sent.code()).matches("\\d{6}");
        assertThat(sent.toString()).doesNotContain(sent.code());
        assertThat(hooks.lastCode(email)).isEqualTo(sent.code());
        assertThat(hooks.sentCodes()).extracting(SentCode::code).contains(sent.code());

        Reply login = http.post("login", Map.of("providerName", "passwordless",
                "credentials", Map.of("identifier", email, "channels", List.of("email"), "code", sent.code())));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().path("accessToken").asText()).startsWith("eyJ");
    }

    @Test
    void noCodeOfThatPurposeIsAClearFailure() {
        String email = "hooks-nothing@example.com";
        assertThat(hooks.lastSentCode(email, CodePurpose.MFA)).isEmpty();
        assertThatThrownBy(() -> hooks.lastCode(email, CodePurpose.MFA))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No MFA code was sent to " + email);
    }

    @Test
    void badArgumentsFailBeforeAnyRequest() {
        assertThatThrownBy(() -> hooks.lastCode(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hooks.addMember("a@example.com", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hooks.giveRole("a@example.com", "editor", (String) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hooks.setUserFlags("a@example.com", UserFlags.unchanged()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExpiredCopyIsRefused() {
        String token = signUp("hooks-expired@example.com");
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        assertThat(http.call("GET", "me", null, bearer).status()).isEqualTo(200);

        Reply expired = http.call("GET", "me", null, Map.of("Authorization", "Bearer " + hooks.expiredCopyOf(token)));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().path("code").asText()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void aMemberOfACreatedTenantSignsInToIt() {
        String email = "hooks-tenant@example.com";
        signUp(email);
        Tenant tenant = hooks.createTenant("Hooks Co", "hooks-co");
        assertThat(tenant.slug()).isEqualTo("hooks-co");
        assertThat(tenant.name()).isEqualTo("Hooks Co");

        Map<String, Object> login = Map.of("providerName", "email",
                "credentials", Map.of("email", email, "password", PASSWORD), "tenantId", tenant.id());
        assertThat(http.post("login", login).status()).isEqualTo(401);
        hooks.addMember(email, tenant.id(), "member");
        Reply member = http.post("login", login);

        assertThat(member.status()).isEqualTo(200);
        assertThat(claims(member.body().path("accessToken").asText()).path("tenantId").asText())
                .isEqualTo(tenant.id());
    }

    @Test
    void aGivenRoleShowsAtTheNextLogin() {
        String email = "hooks-role@example.com";
        signUp(email);
        hooks.giveRole(email, "inviter", "users.invite");
        Tenant tenant = hooks.createTenant("Role Co", "role-co");
        hooks.giveRoleInTenant(email, tenant.id(), "tenant-admin", "tenants.manage");

        Reply login = http.post("login", emailLogin(email, PASSWORD));
        assertThat(claims(login.body().path("accessToken").asText()).path("roles"))
                .extracting(role -> role.path("name").asText()).contains("inviter");
        Reply invite = http.call("POST", "invite", Map.of("email", "hooks-invitee@example.com"),
                Map.of("Authorization", "Bearer " + login.body().path("accessToken").asText()));
        assertThat(invite.status()).isEqualTo(201);
        assertThat(hooks.lastCode("hooks-invitee@example.com", CodePurpose.INVITE)).startsWith("eyJ");

        Reply inTenant = http.post("login", Map.of("providerName", "email",
                "credentials", Map.of("email", email, "password", PASSWORD), "tenantId", tenant.id()));
        assertThat(inTenant.status()).isEqualTo(200);
        assertThat(claims(inTenant.body().path("accessToken").asText()).path("roles"))
                .extracting(role -> role.path("name").asText()).contains("tenant-admin");
    }

    @Test
    void userFlagsChangeWhatTheServerDoes() {
        String email = "hooks-flags@example.com";
        signUp(email);
        hooks.setUserFlags(email, UserFlags.unchanged().mfaEnabled(true));
        assertThat(http.post("login", emailLogin(email, PASSWORD)).body().path("isRequiresMfa").asBoolean()).isTrue();

        hooks.setUserFlags(email, UserFlags.unchanged().mfaEnabled(false).active(false));

        Reply suspended = http.post("login", emailLogin(email, PASSWORD));
        assertThat(suspended.status()).isEqualTo(401);
        assertThat(suspended.body().path("code").asText()).isEqualTo("ACCOUNT_INACTIVE");
    }

    @Test
    void totpCodesAreTheOnesTheServerExpects() {
        String token = signUp("hooks-totp@example.com");
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String secret = http.call("POST", "mfa/setup-totp", Map.of(), bearer).body().path("secret").asText();

        Reply verified = http.call("POST", "mfa/verify-totp-setup",
                Map.of("secret", secret, "otp", hooks.totpCode(secret)), bearer);

        assertThat(verified.status()).isEqualTo(200);
    }

    @Test
    void providerStatesComeWithWorkingTokens() {
        JsonNode state = hooks.providerState("a user with a unique email like {email} and password {password} exists",
                Map.of("email", "hooks-state@example.com", "password", PASSWORD));

        Reply me = http.call("GET", "me", null, Map.of("Authorization", "Bearer " + state.path("accessToken").asText()));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("id").asText()).isEqualTo(state.path("userId").asText());
        assertThatThrownBy(() -> hooks.providerState("the moon is full", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("Unknown provider state");
    }

    @Test
    void resetWipesUsersAndCodes() {
        String email = "hooks-reset@example.com";
        signUp(email);
        http.post("forgot-password", Map.of("email", email));
        assertThat(hooks.lastSentCode(email, CodePurpose.PASSWORD_RESET)).isPresent();
        hooks.clearCodes();
        assertThat(hooks.sentCodes()).isEmpty();

        hooks.reset();

        Reply login = http.post("login", emailLogin(email, PASSWORD));
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body().path("code").asText()).isEqualTo("INVALID_CREDENTIALS");
    }
}
