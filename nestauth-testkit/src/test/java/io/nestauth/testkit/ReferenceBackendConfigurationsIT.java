package io.nestauth.testkit;

import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testkit.PlainHttp.claims;
import static io.nestauth.testkit.PlainHttp.emailLogin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer.TenantMode;
import io.nestauth.testkit.NestAuthTestServer.TokenDelivery;
import io.nestauth.testkit.PlainHttp.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each configuration of the builder is what it says, checked with plain OkHttp against the real
 * server. The four servers start side by side (the extension does that for the static fields of
 * a class); options that do not interfere share a server to keep the build short.
 */
class ReferenceBackendConfigurationsIT {

    @RegisterExtension
    static NestAuthTestServer cookiesUnderAnotherPrefix = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.COOKIE)
            .routePrefix("identity")
            .build();

    @RegisterExtension
    static NestAuthTestServer cookiesWithCsrfAndAccounts = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.COOKIE)
            .csrfProtection(true)
            .multipleAccounts(true)
            .build();

    @RegisterExtension
    static NestAuthTestServer clientChosen = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.CLIENT_CHOSEN)
            .build();

    /** The same configuration as {@link #clientChosen}, registered again: the same server. */
    @RegisterExtension
    static NestAuthTestServer clientChosenAgain = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.CLIENT_CHOSEN)
            .build();

    @RegisterExtension
    static NestAuthTestServer isolatedMfaShortTokens = NestAuthTestServer.builder()
            .tenantMode(TenantMode.ISOLATED)
            .mfaRequired(true)
            .accessTokenLifetime(Duration.ofSeconds(60))
            .refreshTokenLifetime(Duration.ofMinutes(2))
            .build();

    private static Map<String, Object> signup(String email) {
        return Map.of("email", email, "password", PASSWORD);
    }

    @Test
    void oneServerPerDistinctConfiguration() {
        assertThat(clientChosenAgain.baseUrl()).isEqualTo(clientChosen.baseUrl());
        assertThat(Set.of(cookiesUnderAnotherPrefix.baseUrl(), cookiesWithCsrfAndAccounts.baseUrl(),
                clientChosen.baseUrl(), isolatedMfaShortTokens.baseUrl())).hasSize(4);
    }

    @Test
    void anotherRoutePrefixMovesTheRoutes() {
        NestAuthTestServer server = cookiesUnderAnotherPrefix;
        PlainHttp http = new PlainHttp(server);

        assertThat(server.routeUrl("client-config")).isEqualTo(server.baseUrl() + "/identity/client-config");
        assertThat(http.get("client-config").status()).isEqualTo(200);
        assertThat(http.callUrl("GET", server.baseUrl() + "/auth/client-config", null, Map.of()).status())
                .isEqualTo(404);
        http.close();
    }

    @Test
    void cookieDeliveryKeepsTokensOutOfTheBody() {
        NestAuthTestServer server = cookiesUnderAnotherPrefix;
        PlainHttp browser = new PlainHttp(server);
        String email = "config-cookie@example.com";

        Reply signedUp = browser.post("signup", signup(email));

        assertThat(signedUp.status()).isEqualTo(200);
        assertThat(signedUp.body().has("accessToken")).isFalse();
        assertThat(signedUp.body().has("refreshToken")).isFalse();
        assertThat(signedUp.setCookies()).containsKeys("accessToken", "refreshToken");
        assertThat(claims(browser.cookie("accessToken")).path("email").asText()).isEqualTo(email);
        Reply me = browser.get("me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("email").asText()).isEqualTo(email);
        assertThat(browser.get("client-config").body().path("accessTokenType").asText()).isEqualTo("cookie");
        browser.close();
    }

    @Test
    void theHooksWorkWithCookiesUnderAnotherPrefix() {
        NestAuthTestServer server = cookiesUnderAnotherPrefix;
        PlainHttp http = new PlainHttp(server);
        JsonNode state = server.hooks().providerState(
                "a user with a unique email like {email} and password {password} exists",
                Map.of("email", "config-hooks@example.com", "password", PASSWORD));
        String email = state.path("email").asText();
        Reply me = http.call("GET", "me", null, Map.of("Cookie", "accessToken=" + state.path("accessToken").asText()));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("id").asText()).isEqualTo(state.path("userId").asText());

        assertThat(http.post("forgot-password", Map.of("email", email)).status()).isEqualTo(200);
        assertThat(server.hooks().lastCode(email, CodePurpose.PASSWORD_RESET)).matches("\\d{6}");
        http.close();
    }

    @Test
    void csrfRefusesACookieRequestWithoutTheHeader() {
        NestAuthTestServer server = cookiesWithCsrfAndAccounts;
        PlainHttp browser = new PlainHttp(server);
        String email = "config-csrf@example.com";
        assertThat(browser.post("signup", signup(email)).status()).isEqualTo(200);
        String csrf = browser.cookie("nest_auth_csrf");
        assertThat(csrf).isNotBlank();

        Reply refused = browser.post("send-email-verification", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("code").asText()).isEqualTo("CSRF_TOKEN_INVALID");
        assertThat(server.hooks().lastSentCode(email, CodePurpose.VERIFY_EMAIL)).isEmpty();

        Reply accepted = browser.call("POST", "send-email-verification", Map.of(), Map.of("x-csrf-token", csrf));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(server.hooks().lastSentCode(email, CodePurpose.VERIFY_EMAIL)).isPresent();
        browser.close();
    }

    @Test
    void severalAccountsSignInInOneBrowser() {
        NestAuthTestServer server = cookiesWithCsrfAndAccounts;
        PlainHttp browser = new PlainHttp(server);
        String first = browser.post("signup", signup("config-first@example.com")).body().path("isRequiresMfa").asText();
        assertThat(first).isEqualTo("false");
        browser.post("signup", signup("config-second@example.com"));

        Reply accounts = browser.get("accounts");

        assertThat(accounts.status()).isEqualTo(200);
        assertThat(accounts.body().path("accounts")).extracting(a -> a.path("email").asText())
                .containsExactlyInAnyOrder("config-first@example.com", "config-second@example.com");
        assertThat(accounts.body().path("accounts")).filteredOn(a -> a.path("isActive").asBoolean())
                .extracting(a -> a.path("email").asText()).containsExactly("config-second@example.com");
        assertThat(browser.get("client-config").body().path("multipleAccounts").path("enabled").asBoolean()).isTrue();
        browser.close();
    }

    @Test
    void theClientChoosesPerRequest() {
        NestAuthTestServer server = clientChosen;
        PlainHttp http = new PlainHttp(server);

        Reply asHeader = http.call("POST", "signup", signup("config-header@example.com"),
                Map.of("x-access-token-type", "header"));
        assertThat(asHeader.body().path("accessToken").asText()).startsWith("eyJ");
        assertThat(asHeader.setCookies()).doesNotContainKeys("accessToken", "refreshToken");

        Reply asCookie = http.call("POST", "login", emailLogin("config-header@example.com", PASSWORD),
                Map.of("x-access-token-type", "cookie"));
        assertThat(asCookie.status()).isEqualTo(200);
        assertThat(asCookie.body().has("accessToken")).isFalse();
        assertThat(asCookie.setCookies()).containsKeys("accessToken", "refreshToken");

        Reply unsaid = http.call("POST", "login", emailLogin("config-header@example.com", PASSWORD), Map.of());
        assertThat(unsaid.body().path("accessToken").asText()).startsWith("eyJ");
        http.close();
    }

    @Test
    void isolatedTenantsRequiredMfaAndTokenLifetimes() {
        NestAuthTestServer server = isolatedMfaShortTokens;
        PlainHttp http = new PlainHttp(server);

        JsonNode config = http.get("client-config").body();
        assertThat(config.path("tenants").path("mode").asText()).isEqualTo("isolated");
        assertThat(config.path("accessTokenType").asText()).isEqualTo("header");

        Reply withoutTenant = http.post("signup", signup("config-policy@example.com"));
        assertThat(withoutTenant.status()).isEqualTo(400);
        assertThat(withoutTenant.body().path("code").asText()).isEqualTo("TENANT_ID_REQUIRED");
        String tenantId = server.hooks().createTenant("Policy Co", "policy-co").id();
        Reply signedUp = http.post("signup", Map.of("email", "config-policy@example.com", "password", PASSWORD,
                "tenantId", tenantId));
        assertThat(signedUp.status()).isEqualTo(200);
        assertThat(signedUp.body().path("isRequiresMfa").asBoolean()).isTrue();
        JsonNode access = claims(signedUp.body().path("accessToken").asText());
        JsonNode refresh = claims(signedUp.body().path("refreshToken").asText());
        assertThat(access.path("tenantId").asText()).isEqualTo(tenantId);
        assertThat(access.path("exp").asLong() - access.path("iat").asLong()).isEqualTo(60);
        assertThat(refresh.path("exp").asLong() - refresh.path("iat").asLong()).isEqualTo(120);
        http.close();
    }
}
