package io.nestauth.testkit;

import static io.nestauth.testfixtures.TestUser.PASSWORD;
import static io.nestauth.testkit.PlainHttp.claims;
import static io.nestauth.testkit.PlainHttp.emailLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestauth.testkit.BackendHooks.Tenant;
import io.nestauth.testkit.PlainHttp.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider states never change data they did not create, tried with the very names the pacts
 * use: a user alice@example.com, a tenant acme and a role test-role that exist before (made through
 * the reference backend's own routes, so the states did not make them) stay as they were.
 */
class ProviderStatesIT {

    private static final String USER_STATE = "a user with a unique email like {email} and password {password} exists";
    private static final String ALICE = "alice@example.com";
    private static final String ALICES_PASSWORD = "Alices-0wn-Passw0rd";

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private static PlainHttp http;
    private static BackendHooks hooks;
    private String aliceId;

    @BeforeAll
    static void client() {
        http = new PlainHttp(server);
        hooks = server.hooks();
    }

    @AfterAll
    static void releaseClient() {
        http.close();
    }

    @BeforeEach
    void alice() {
        hooks.reset();
        Reply signup = http.post("signup", Map.of("email", ALICE, "password", ALICES_PASSWORD));
        assertThat(signup.status()).isEqualTo(200);
        aliceId = claims(signup.body().path("accessToken").asText()).path("sub").asText();
    }

    private static JsonNode state(String name, Map<String, ?> params) {
        return hooks.providerState(name, params);
    }

    private static JsonNode newUser() {
        return state(USER_STATE, Map.of("email", ALICE, "password", PASSWORD));
    }

    private static JsonNode aliceLogsIn() {
        Reply login = http.post("login", emailLogin(ALICE, ALICES_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().path("isRequiresMfa").asBoolean()).isFalse();
        return claims(login.body().path("accessToken").asText());
    }

    @Test
    void aUserStateMakesAUserOfItsOwnBesideOneWithThatEmail() {
        JsonNode first = newUser();
        JsonNode second = newUser();

        assertThat(first.path("email").asText()).matches("alice-pact-[0-9a-f]{10}@example\\.com");
        assertThat(second.path("email").asText()).isNotEqualTo(first.path("email").asText());
        assertThat(first.path("userId").asText()).isNotEqualTo(aliceId);
        assertThat(http.post("login", emailLogin(first.path("email").asText(), PASSWORD)).status()).isEqualTo(200);
        // alice keeps her password; the pact's password is not hers
        assertThat(aliceLogsIn().path("sub").asText()).isEqualTo(aliceId);
        assertThat(http.post("login", emailLogin(ALICE, PASSWORD)).status()).isEqualTo(401);

        JsonNode phoneUser = state("a user with a unique phone like {phone} and password {password} exists",
                Map.of("phone", "+14155550101", "password", PASSWORD));
        assertThat(phoneUser.path("phone").asText()).matches("\\+1415555\\d{8}");
        String unused = state("an unused email address like {email}", Map.of("email", ALICE)).path("unusedEmail").asText();
        assertThat(unused).matches("alice-pact-[0-9a-f]{10}@example\\.com");
        assertThat(http.post("login", emailLogin(unused, PASSWORD)).status()).isEqualTo(401);
    }

    @Test
    void statesAboutTheUserRefuseAUserTheyDidNotCreate() {
        List<String> userStates = List.of("the user has MFA enabled", "the user has permission {permission}",
                "the user is a member of a new tenant with a slug like {slug}", "a one-time code was sent to the user",
                "the user's access token has expired", "the user's refresh token has been rotated",
                "the user has an unconfirmed TOTP device", "the user has recovery codes", "the user trusts this device",
                "a password reset token was issued to the user");
        for (String name : userStates) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("userId", aliceId);
            params.put("password", ALICES_PASSWORD);
            assertThatThrownBy(() -> state(name, params)).as(name).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("400").hasMessageContaining("the test hooks did not create it");
        }
        // nor does an identifier of hers get a code sent to her through another user
        newUser();
        assertThatThrownBy(() -> state("a one-time code was sent to the user", Map.of("identifier", ALICE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not the email or phone");

        JsonNode alice = aliceLogsIn();
        assertThat(alice.path("isMfaEnabled").asBoolean()).isFalse();
        assertThat(alice.path("roles")).isEmpty();
        assertThat(hooks.lastSentCode(ALICE, null)).isEmpty();
    }

    @Test
    void tenantAndRoleStatesMakeTenantsAndRolesOfTheirOwn() {
        Tenant acme = hooks.createTenant("Acme", "acme");
        hooks.addMember(ALICE, acme.id(), "member");
        hooks.giveRole(ALICE, "test-role", "reports.read");

        JsonNode tenant = state("a tenant with a unique slug like {slug} exists", Map.of("slug", "acme", "name", "Acme"));
        assertThat(tenant.path("slug").asText()).matches("acme-pact-[0-9a-f]{10}");
        assertThat(tenant.path("tenantId").asText()).isNotEqualTo(acme.id());
        assertThatThrownBy(() -> state("no tenant with slug {slug} exists", Map.of("slug", "acme")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never delete");

        JsonNode user = newUser();
        JsonNode membership = state("the user is a member of a new tenant with a slug like {slug}", Map.of("slug", "acme"));
        assertThat(membership.path("tenantId").asText()).isNotIn(acme.id(), tenant.path("tenantId").asText());
        JsonNode permission = state("the user has permission {permission}", Map.of("permission", "users.invite"));
        assertThat(permission.path("role").asText()).matches("test-role-pact-[0-9a-f]{10}");
        assertThat(permission.path("userId").asText()).isEqualTo(user.path("userId").asText());
        // the new user holds the new role, which carries the permission
        Reply me = http.call("GET", "me", null, Map.of("Authorization", "Bearer " + permission.path("accessToken").asText()));
        assertThat(me.body().path("permissions")).extracting(JsonNode::asText).containsExactly("users.invite");

        // acme, its member and test-role are as they were
        Reply lookup = http.get("tenants/lookup?slug=acme");
        assertThat(lookup.body().path("id").asText()).isEqualTo(acme.id());
        assertThat(lookup.body().path("name").asText()).isEqualTo("Acme");
        Reply inAcme = http.post("login", Map.of("providerName", "email",
                "credentials", Map.of("email", ALICE, "password", ALICES_PASSWORD), "tenantId", acme.id()));
        assertThat(inAcme.status()).isEqualTo(200);
        assertThat(claims(inAcme.body().path("accessToken").asText()).path("roles"))
                .extracting(role -> role.path("name").asText()).containsExactly("member");
        assertThat(aliceLogsIn().path("roles")).extracting(role -> role.path("name").asText())
                .containsExactly("test-role");
        Reply alicesMe = http.call("GET", "me", null, Map.of("Authorization", "Bearer "
                + http.post("login", emailLogin(ALICE, ALICES_PASSWORD)).body().path("accessToken").asText()));
        assertThat(alicesMe.body().path("permissions")).extracting(JsonNode::asText).containsExactly("reports.read");
    }

    @Test
    void theUserCanBeNamedByTheValuesOfAnEarlierState() {
        JsonNode first = newUser();
        newUser(); // "the user" of the server's memory is now another one

        JsonNode mfa = state("the user has MFA enabled", Map.of("userId", first.path("userId").asText(),
                "password", PASSWORD));

        assertThat(mfa.path("userId").asText()).isEqualTo(first.path("userId").asText());
        assertThat(mfa.path("isRequiresMfa").asBoolean()).isTrue();
        assertThat(claims(mfa.path("accessToken").asText()).path("sub").asText()).isEqualTo(first.path("userId").asText());
    }
}
