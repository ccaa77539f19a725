package io.nestauth.testkit;

import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer.TestRoutes;
import io.nestauth.testkit.PlainHttp.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drop-in NestAuthTestHooksModule as a team's app has it (the reference backend with its own
 * test routes off): only the module's routes, its switch NEST_AUTH_TEST_HOOKS, its refusal to run
 * under NODE_ENV=production, and the codes it keeps.
 */
class NestAuthTestHooksModuleIT {

    private static final String USER_STATE = "a user with a unique email like {email} and password {password} exists";

    /** Routes of the reference backend's own, which the module must not bring. */
    private static final List<String[]> REFERENCE_ROUTES = List.of(
            new String[] {"POST", "reset"}, new String[] {"POST", "tenants"}, new String[] {"POST", "memberships"},
            new String[] {"POST", "users/flags"}, new String[] {"POST", "roles/grant"}, new String[] {"GET", "otps"},
            new String[] {"DELETE", "otps"}, new String[] {"POST", "tokens/expired"}, new String[] {"POST", "totp"},
            new String[] {"POST", "social/id-token"}, new String[] {"GET", "session-events"});

    @RegisterExtension
    static NestAuthTestServer deployment = NestAuthTestServer.builder().testRoutes(TestRoutes.DROP_IN_MODULE).build();

    private static PlainHttp http;
    /** Starts of the app with other environments, side by side with the tests of this class. */
    private static CompletableFuture<ReferenceBackend> productionWithoutHooks;
    private static CompletableFuture<ReferenceBackend> productionWithHooks;
    private static CompletableFuture<ReferenceBackend> switchNeitherOnNorOff;

    @BeforeAll
    static void client() {
        http = new PlainHttp(deployment);
        productionWithoutHooks = start(TestRoutes.NONE, Map.of("NODE_ENV", "production"));
        productionWithHooks = start(TestRoutes.DROP_IN_MODULE, Map.of("NODE_ENV", "production"));
        switchNeitherOnNorOff = start(TestRoutes.DROP_IN_MODULE, Map.of("NEST_AUTH_TEST_HOOKS", "maybe"));
    }

    @AfterAll
    static void releaseClient() {
        http.close();
        for (CompletableFuture<ReferenceBackend> start : List.of(productionWithoutHooks, productionWithHooks,
                switchNeitherOnNorOff)) {
            start.thenAccept(ReferenceBackend::close);
        }
    }

    private static CompletableFuture<ReferenceBackend> start(TestRoutes routes, Map<String, String> environment) {
        CompletableFuture<ReferenceBackend> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(ReferenceBackend.start(settings(routes), environment));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "nestauth-test-hooks-module-it-start");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    private static ServerSettings settings(TestRoutes routes) {
        ServerSettings d = ServerSettings.DEFAULTS;
        return new ServerSettings(d.tokenDelivery(), d.csrf(), d.routePrefix(), d.multipleAccounts(), d.tenantMode(),
                d.mfaRequired(), d.accessTokenLifetime(), d.refreshTokenLifetime(), routes);
    }

    private static int status(PlainHttp client, String rootUrl, String method, String path) {
        Object body = method.equals("GET") || method.equals("DELETE") ? null : Map.of();
        return client.callUrl(method, rootUrl + "/__test/" + path, body, Map.of()).status();
    }

    @Test
    void theModuleBringsItsRoutesAndNoneOfTheReferenceBackends() {
        JsonNode user = deployment.hooks().providerState(USER_STATE,
                Map.of("email", "module@example.com", "password", PASSWORD));
        assertThat(user.path("email").asText()).matches("module-pact-[0-9a-f]{10}@example\\.com");

        Reply known = http.callUrl("GET", deployment.rootUrl() + "/__test/provider-states", null, Map.of());
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.body().path("states")).extracting(JsonNode::asText)
                .contains(USER_STATE, "the user has MFA enabled").doesNotContain("no data");

        for (String[] route : REFERENCE_ROUTES) {
            assertThat(status(http, deployment.rootUrl(), route[0], route[1])).as(route[0] + " " + route[1]).isEqualTo(404);
        }
        assertThatThrownBy(() -> deployment.hooks().reset()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("404");
    }

    @Test
    void onlyTheCodesOfUsersTheStatesCreatedAreKept() {
        String outsider = "module-outsider@example.com";
        assertThat(http.post("signup", Map.of("email", outsider, "password", PASSWORD)).status()).isEqualTo(200);
        assertThat(http.post("passwordless/send", Map.of("identifier", outsider, "channel", "email")).status())
                .isEqualTo(200);
        assertThat(deployment.hooks().lastSentCode(outsider, CodePurpose.PASSWORDLESS)).isEmpty();

        String email = deployment.hooks().providerState(USER_STATE,
                Map.of("email", "module-codes@example.com", "password", PASSWORD)).path("email").asText();
        assertThat(http.post("passwordless/send", Map.of("identifier", email, "channel", "email")).status())
                .isEqualTo(200);
        String code = deployment.hooks().lastCode(email, CodePurpose.PASSWORDLESS);

        Reply login = http.post("login", Map.of("providerName", "passwordless",
                "credentials", Map.of("identifier", email, "channels", List.of("email"), "code", code)));
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void switchedOffNoTestRouteExistsAndProductionIsFine() {
        try (ReferenceBackend production = productionWithoutHooks.join()) {
            PlainHttp client = new PlainHttp(production);
            for (String path : List.of("provider-state", "provider-states", "otp?identifier=a@example.com")) {
                String method = path.equals("provider-state") ? "POST" : "GET";
                assertThat(status(client, production.rootUrl(), method, path)).as(path).isEqualTo(404);
            }
            assertThat(status(client, production.rootUrl(), "POST", "reset")).isEqualTo(404);
            assertThat(client.get("client-config").status()).isEqualTo(200);
            client.close();
        }
    }

    @Test
    void switchedOnUnderNodeEnvProductionTheAppRefusesToStart() {
        assertThatThrownBy(productionWithHooks::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited before listening")
                .hasMessageContaining("Refusing to start: NEST_AUTH_TEST_HOOKS=on while NODE_ENV=production");
        assertThatThrownBy(switchNeitherOnNorOff::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NEST_AUTH_TEST_HOOKS=maybe is neither on nor off");
    }
}
