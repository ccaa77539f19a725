package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.MEMBER_OF_TENANT;
import static io.nestauth.contract.Contract.MFA_METHOD;
import static io.nestauth.contract.Contract.NO_TENANT;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.TENANT_EXISTS;
import static io.nestauth.contract.Contract.TENANT_SLUG;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.error;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
import static io.nestauth.contract.consumer.PactSupport.stateValue;
import static io.nestauth.contract.consumer.PactSupport.textMatching;
import static io.nestauth.contract.consumer.PactSupport.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.ServerConfig;
import io.nestauth.client.Tenant;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testfixtures.FixedJwts;
import io.nestauth.testfixtures.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Public configuration, tenants and the OAuth callback page. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class ConfigAndTenantsPactTest {

    private static final String CALLBACK_HTML = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>SSO Callback</title></head>\n"
            + "<body><script>window.opener.postMessage({code: 'abc', state: 'xyz'}, '*'); window.close();</script>"
            + "</body>\n</html>\n";

    // ---- GET /auth/client-config --------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact clientConfig(PactDslWithProvider builder) {
        PactDslJsonBody body = new PactDslJsonBody()
                .object("tenants").booleanType("enabled", true).stringType("mode", "shared").closeObject()
                .asBody()
                .object("multipleAccounts").booleanType("enabled", false).closeObject().asBody()
                .eachLike("roleGuards", PactDslJsonRootValue.stringType("web"), 1)
                .object("emailAuth").booleanType("enabled", true).closeObject().asBody()
                .object("phoneAuth").booleanType("enabled", true).closeObject().asBody()
                .object("passwordless").booleanType("enabled", true).booleanType("allowSignUp", true).closeObject()
                .asBody()
                .object("google").booleanType("enabled", false).closeObject().asBody()
                .object("facebook").booleanType("enabled", false).closeObject().asBody()
                .object("apple").booleanType("enabled", false).closeObject().asBody()
                .object("github").booleanType("enabled", false).closeObject().asBody()
                .eachLike("customProviders", PactDslJsonRootValue.stringType("corporate-sso"), 0)
                .object("registration").booleanType("enabled", true).booleanType("requireInvitation", false)
                .closeObject().asBody()
                .object("mfa")
                    .booleanType("enabled", true)
                    .eachLike("methods", PactDslJsonRootValue.stringMatcher(MFA_METHOD, "email"), 1)
                    .booleanType("allowUserToggle", true)
                    .booleanType("allowMethodSelection", true)
                .closeObject().asBody()
                .object("platformAccess").booleanType("enabled", false).closeObject().asBody()
                .stringType("accessTokenType", "header");
        return builder
                .uponReceiving("a request for the public client configuration")
                .path("/auth/client-config").method("GET")
                .willRespondWith().status(200).body(body)
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "clientConfig")
    void clientConfig(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            ServerConfig config = auth.getClientConfig().execute();

            assertThat(config.isMfaEnabled()).isTrue();
            assertThat(config.mfaMethods()).contains(MfaMethod.EMAIL);
            assertThat(config.tenantMode()).contains("shared");
            assertThat(config.accessTokenType()).contains("header");
        }
    }

    // ---- GET /auth/csrf -----------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact csrf(PactDslWithProvider builder) {
        return builder
                .uponReceiving("a request for a CSRF token in header mode")
                .path("/auth/csrf").method("GET")
                .willRespondWith().status(200).body(new PactDslJsonBody().booleanType("enabled", false))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "csrf")
    void csrf(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.getCsrfToken().execute().isEnabled()).isFalse();
        }
    }

    // ---- GET /auth/accounts -------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact accounts(PactDslWithProvider builder) {
        return builder
                .uponReceiving("a request for the accounts of this browser in header mode")
                .path("/auth/accounts").method("GET")
                .willRespondWith().status(200)
                .body(new PactDslJsonBody().array("accounts").closeArray().asBody())
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "accounts")
    void accounts(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.listAccounts().execute()).isEmpty();
        }
    }

    // ---- GET /auth/tenants/lookup -------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact lookupTenant(PactDslWithProvider builder) {
        return builder
                .given(TENANT_EXISTS, Map.of("slug", TENANT_SLUG, "name", "Acme"))
                .uponReceiving("a lookup of an existing tenant by slug")
                .path("/auth/tenants/lookup").method("GET")
                .queryParameterFromProviderState("slug", "${slug}", TENANT_SLUG)
                .willRespondWith().status(200)
                .body(stateValue(stateValue(new PactDslJsonBody(), "id", "tenantId", TestUser.TENANT_ID),
                        "slug", "slug", TENANT_SLUG)
                        .stringType("name", "Acme"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "lookupTenant")
    void lookupTenant(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            Tenant tenant = auth.lookupTenant(TENANT_SLUG).execute();

            assertThat(tenant.id()).isEqualTo(TestUser.TENANT_ID);
            assertThat(tenant.slug()).isEqualTo(TENANT_SLUG);
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact lookupUnknownTenant(PactDslWithProvider builder) {
        return builder
                .given(NO_TENANT, Map.of("slug", "no-such-tenant"))
                .uponReceiving("a lookup of a tenant slug that does not exist")
                .path("/auth/tenants/lookup").query("slug=no-such-tenant").method("GET")
                .willRespondWith().status(404).body(error("TENANT_NOT_FOUND", "Tenant not found"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "lookupUnknownTenant")
    void lookupUnknownTenant(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThatThrownBy(() -> auth.lookupTenant("no-such-tenant").execute())
                    .isInstanceOfSatisfying(NestAuthResponseException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.code()).contains("TENANT_NOT_FOUND");
                    });
        }
    }

    // ---- POST /auth/switch-tenant -------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact switchTenant(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(MEMBER_OF_TENANT, Map.of("slug", TENANT_SLUG))
                        .uponReceiving("a switch to a tenant the user is a member of")
                        .path("/auth/switch-tenant").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().valueFromProviderState("tenantId", "${tenantId}", TestUser.TENANT_ID))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.TENANT_ACCESS, FixedJwts.TENANT_REFRESH, false,
                        "Tenant switched successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "switchTenant")
    void switchTenant(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        try (NestAuthClient auth = client(server, signedIn())) {
            auth.addListener(events);

            auth.switchTenant(TestUser.TENANT_ID).execute();

            assertThat(auth.accessToken()).contains(FixedJwts.TENANT_ACCESS);
            assertThat(auth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(TestUser.TENANT_ID);
            assertThat(events.types()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
        }
    }

    // ---- GET /auth/callback/{provider} --------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact socialCallbackPage(PactDslWithProvider builder) {
        return builder
                .uponReceiving("the browser landing on the OAuth callback page")
                .path("/auth/callback/google").query("code=abc&state=xyz").method("GET")
                .willRespondWith().status(200)
                .matchHeader("Content-Type", "text/html(;.*)?", "text/html; charset=utf-8")
                .body(textMatching("text/html; charset=utf-8", "(?s)\\s*<!DOCTYPE html>.*postMessage.*</html>\\s*",
                        CALLBACK_HTML))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "socialCallbackPage")
    void socialCallbackPage(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            String page = auth.getSocialCallbackPage("google", "abc", "xyz").execute();

            assertThat(page).startsWith("<!DOCTYPE html>").contains("postMessage");
        }
    }
}
