package io.nestauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.testkit.NestAuthTestServer.TenantMode;
import io.nestauth.testkit.NestAuthTestServer.TestRoutes;
import io.nestauth.testkit.NestAuthTestServer.TokenDelivery;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder and the environment it gives the backend, without starting one. */
class NestAuthTestServerTest {

    @Test
    void theDefaultsAreTheConfigurationTheSdkIsCheckedAgainst() {
        Map<String, String> env = ServerSettings.DEFAULTS.environment();

        assertThat(env).containsEntry("TOKEN_DELIVERY", "header").containsEntry("ROUTE_PREFIX", "auth")
                .containsEntry("API_PREFIX", "api").containsEntry("CSRF", "0").containsEntry("MULTIPLE_ACCOUNTS", "0")
                .containsEntry("TENANT_MODE", "shared").containsEntry("MFA_REQUIRED", "0")
                .containsEntry("ACCESS_TOKEN_TTL", "900s").containsEntry("REFRESH_TOKEN_TTL", "604800s")
                .containsEntry("HOST", "127.0.0.1").containsEntry("PORT", "0")
                .containsEntry("NEST_AUTH_TEST_HOOKS", "on").containsEntry("REFERENCE_TEST_ROUTES", "on")
                .containsEntry("NODE_ENV", "test");
        assertThat(NestAuthTestServer.builder().build().routePrefix()).isEqualTo("auth");
    }

    @Test
    void everyOptionReachesTheEnvironment() {
        NestAuthTestServer server = NestAuthTestServer.builder()
                .tokenDelivery(TokenDelivery.CLIENT_CHOSEN)
                .csrfProtection(true)
                .routePrefix("v1/identity")
                .multipleAccounts(true)
                .tenantMode(TenantMode.DISABLED)
                .mfaRequired(true)
                .accessTokenLifetime(Duration.ofSeconds(2))
                .refreshTokenLifetime(Duration.ofMinutes(1))
                .build();

        assertThat(server.toString()).isEqualTo("NestAuthTestServer[client_chosen+csrf, routePrefix v1/identity, "
                + "multiple accounts, tenants disabled, MFA required, tokens 2 s / 60 s, not started]");
        assertThat(server.routePrefix()).isEqualTo("v1/identity");
    }

    @Test
    void theEnvironmentNamesEachDelivery() {
        for (TokenDelivery delivery : TokenDelivery.values()) {
            String expected = Map.of(TokenDelivery.HEADER, "header", TokenDelivery.COOKIE, "cookie",
                    TokenDelivery.CLIENT_CHOSEN, "client").get(delivery);
            ServerSettings settings = new ServerSettings(delivery, true, "x", true, TenantMode.ISOLATED, true,
                    Duration.ofSeconds(3), Duration.ofSeconds(4), TestRoutes.ALL);
            assertThat(settings.environment()).containsEntry("TOKEN_DELIVERY", expected).containsEntry("CSRF", "1")
                    .containsEntry("ROUTE_PREFIX", "x").containsEntry("MULTIPLE_ACCOUNTS", "1")
                    .containsEntry("TENANT_MODE", "isolated").containsEntry("MFA_REQUIRED", "1")
                    .containsEntry("ACCESS_TOKEN_TTL", "3s").containsEntry("REFRESH_TOKEN_TTL", "4s")
                    .containsEntry("AUTO_LOGIN_AFTER_SIGNUP", "1");
        }
    }

    @Test
    void autoLoginAfterSignupIsOnByDefaultAndCanBeSwitchedOff() {
        assertThat(ServerSettings.DEFAULTS.environment()).containsEntry("AUTO_LOGIN_AFTER_SIGNUP", "1");
        assertThat(NestAuthTestServer.builder().autoLoginAfterSignup(false).build().toString())
                .isEqualTo("NestAuthTestServer[header, no sign-in after signup, not started]");
        ServerSettings off = new ServerSettings(TokenDelivery.HEADER, false, "auth", false, TenantMode.SHARED, false,
                Duration.ofMinutes(15), Duration.ofDays(7), TestRoutes.ALL, false);
        assertThat(off.environment()).containsEntry("AUTO_LOGIN_AFTER_SIGNUP", "0");
        assertThat(off).isNotEqualTo(ServerSettings.DEFAULTS);
    }

    @Test
    void eachTestRoutesChoiceSwitchesTheModuleAndTheReferenceRoutes() {
        Map<TestRoutes, Map<String, String>> expected = Map.of(
                TestRoutes.ALL, Map.of("NEST_AUTH_TEST_HOOKS", "on", "REFERENCE_TEST_ROUTES", "on"),
                TestRoutes.DROP_IN_MODULE, Map.of("NEST_AUTH_TEST_HOOKS", "on", "REFERENCE_TEST_ROUTES", "off"),
                TestRoutes.NONE, Map.of("NEST_AUTH_TEST_HOOKS", "off", "REFERENCE_TEST_ROUTES", "off"));
        for (TestRoutes routes : TestRoutes.values()) {
            NestAuthTestServer server = NestAuthTestServer.builder().testRoutes(routes).build();
            ServerSettings settings = new ServerSettings(TokenDelivery.HEADER, false, "auth", false, TenantMode.SHARED,
                    false, Duration.ofMinutes(15), Duration.ofDays(7), routes);

            assertThat(settings.environment()).containsAllEntriesOf(expected.get(routes));
            assertThat(server.toString()).isEqualTo("NestAuthTestServer[" + settings.describe() + ", not started]");
        }
        assertThat(ServerSettings.DEFAULTS.describe()).isEqualTo("header");
        assertThat(NestAuthTestServer.builder().testRoutes(TestRoutes.DROP_IN_MODULE).build().toString())
                .isEqualTo("NestAuthTestServer[header, test routes of the drop-in module only, not started]");
        assertThatThrownBy(() -> NestAuthTestServer.builder().testRoutes(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalConfigurationsAreOneKey() {
        NestAuthTestServer.Builder builder = NestAuthTestServer.builder().tokenDelivery(TokenDelivery.COOKIE);
        assertThat(builder.build().toString()).isEqualTo(builder.build().toString());
        ServerSettings a = new ServerSettings(TokenDelivery.COOKIE, false, "auth", false, TenantMode.SHARED, false,
                Duration.ofMinutes(15), Duration.ofDays(7), TestRoutes.ALL);
        ServerSettings b = new ServerSettings(TokenDelivery.COOKIE, false, "auth", false, TenantMode.SHARED, false,
                Duration.ofSeconds(900), Duration.ofHours(168), TestRoutes.ALL);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(ServerSettings.DEFAULTS);
    }

    @Test
    void badOptionsFailAtOnce() {
        NestAuthTestServer.Builder builder = NestAuthTestServer.builder();
        assertThatThrownBy(() -> builder.routePrefix("/auth")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/auth");
        assertThatThrownBy(() -> builder.routePrefix("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.routePrefix("__test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.routePrefix(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.tokenDelivery(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.accessTokenLifetime(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> builder.refreshTokenLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NestAuthTestServer.builder().csrfProtection(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TokenDelivery.COOKIE");
    }

    @Test
    void usingItBeforeItStartedSaysHowToRegisterIt() {
        NestAuthTestServer server = NestAuthTestServer.builder().build();

        assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension on a static field");
        assertThatThrownBy(server::hooks).isInstanceOf(IllegalStateException.class);
    }
}
