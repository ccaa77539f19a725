package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.ServerCheck;
import io.nestauth.client.ServerCheck.Finding;
import io.nestauth.contract.smoke.SmokeCheck;
import io.nestauth.client.ServerCheck.Finding.Status;
import io.nestauth.client.ServerCheck.Finding.Topic;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.TenantAccessException;
import io.nestauth.contract.support.TokenDeliveryServers;
import io.nestauth.testkit.NestAuthTestServer;
import io.nestauth.testkit.NestAuthTestServer.TenantMode;
import io.nestauth.testkit.NestAuthTestServer.TokenDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK against each server configuration the testkit offers, side by side: {@code checkServer()}
 * describes every one of them, names the fix for a wrong route prefix or a base URL without the app's
 * global prefix, and the client works under another route prefix and against a server that lets each
 * request choose its token delivery. Five servers, to keep the build short: the default and the
 * {@code mfaRequired} ones are those the other journeys use (one server per configuration per run),
 * cookie delivery, CSRF and several accounts share one, and so do client-chosen delivery and another
 * route prefix (each finding and call below is about one of the two).
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend in several configurations")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerConfigurationsIT {

    private static final String PASSWORD = "Configs-Passw0rd!1";
    /** Where the README's report block starts: the line before its fence. */
    private static final String README_MARKER = "<!-- server-check-report: route prefix mismatch -->";

    @RegisterExtension
    static NestAuthTestServer header = NestAuthTestServer.builder().build();

    @RegisterExtension
    static NestAuthTestServer cookies = TokenDeliveryServers.COOKIE_WITH_ACCOUNTS;

    @RegisterExtension
    static NestAuthTestServer chosenUnderIdentity = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.CLIENT_CHOSEN).routePrefix("identity").build();

    /** Isolated tenants, and no sign-in after signup: neither changes what the other's tests see. */
    @RegisterExtension
    static NestAuthTestServer isolated = NestAuthTestServer.builder().tenantMode(TenantMode.ISOLATED)
            .autoLoginAfterSignup(false).build();

    @RegisterExtension
    static NestAuthTestServer mfaRequired = NestAuthTestServer.builder().mfaRequired(true).build();

    private static NestAuthClientBuilder clientOf(NestAuthTestServer server) {
        return NestAuthClient.builder().baseUrl(server.baseUrl()).routePrefix(server.routePrefix());
    }

    private static ServerCheck check(NestAuthClientBuilder builder) {
        try (NestAuthClient auth = builder.build()) {
            return auth.checkServer().execute();
        }
    }

    private static Finding finding(ServerCheck check, Topic topic) {
        return check.findings().stream().filter(finding -> finding.topic() == topic).findFirst()
                .orElseThrow(() -> new AssertionError("no " + topic + " finding in\n" + check));
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void theCheckDescribesEachConfiguration() {
        ServerCheck plain = check(clientOf(header));
        assertThat(plain.isCompatible()).as(plain.toString()).isTrue();
        assertThat(finding(plain, Topic.BASE_URL).found()).isEqualTo("Nest Auth answers at " + header.baseUrl());
        assertThat(finding(plain, Topic.ROUTE_PREFIX).found()).isEqualTo("the routes are under /api/auth");
        assertThat(finding(plain, Topic.ERRORS).found()).contains("HTTP 401 NO_AUTH_PROVIDED");
        assertThat(finding(plain, Topic.TOKEN_DELIVERY).found()).startsWith("header delivery");
        assertThat(finding(plain, Topic.CSRF).found()).isEqualTo("off");
        assertThat(finding(plain, Topic.MFA).found()).startsWith("on, methods email, sms, totp;");
        assertThat(finding(plain, Topic.TENANTS).found()).startsWith("shared:");
        assertThat(plain.findings()).extracting(Finding::topic).doesNotContain(Topic.ACCOUNTS);

        ServerCheck withCookies = check(clientOf(cookies));
        assertThat(finding(withCookies, Topic.TOKEN_DELIVERY))
                .returns(Status.FITS, Finding::status)
                .extracting(Finding::found).asString()
                .startsWith("cookie delivery (session.accessTokenType 'cookie'): tokens come in cookies");
        assertThat(withCookies.isCompatible()).isTrue();
        assertThat(finding(withCookies, Topic.CSRF).found())
                .startsWith("on (security.csrf; header x-csrf-token, cookie nest_auth_csrf)");
        assertThat(finding(withCookies, Topic.ACCOUNTS).found()).startsWith("several accounts per browser are on");

        ServerCheck chosen = check(clientOf(chosenUnderIdentity));
        assertThat(chosen.isCompatible()).as(chosen.toString()).isTrue();
        // the server's configuration says "header" here too: only its reading of the probe cookie tells
        assertThat(chosen.serverConfig().flatMap(config -> config.accessTokenType())).contains("header");
        assertThat(finding(chosen, Topic.TOKEN_DELIVERY).found()).startsWith("client-chosen delivery");
        assertThat(finding(chosen, Topic.ROUTE_PREFIX).found()).isEqualTo("the routes are under /api/identity");

        Finding withoutTenant = finding(check(clientOf(isolated)), Topic.TENANTS);
        assertThat(withoutTenant.status()).isEqualTo(Status.NOTE);
        assertThat(withoutTenant.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("defaultTenantId"));
        String tenantId = isolated.hooks().createTenant("Check Co", "check-co").id();
        Finding withTenant = finding(check(clientOf(isolated).defaultTenantId(tenantId)), Topic.TENANTS);
        assertThat(withTenant.status()).isEqualTo(Status.FITS);
        assertThat(withTenant.found()).startsWith("isolated:").contains(tenantId);
    }

    @Test
    void underIsolatedTenantsEveryAccountBelongsToTheTenantItSignedUpIn() {
        String north = isolated.hooks().createTenant("North Co", "north-" + UUID.randomUUID()).id();
        String south = isolated.hooks().createTenant("South Co", "south-" + UUID.randomUUID()).id();
        String email = email("isolated");
        try (NestAuthClient noTenant = clientOf(isolated).tokenStore(new InMemoryTokenStore()).build()) {
            assertThatThrownBy(() -> noTenant.signupWithEmail(email, PASSWORD).execute())
                    .isInstanceOfSatisfying(TenantAccessException.class, e -> assertThat(e.errorCode())
                            .contains(ErrorCode.TENANT_ID_REQUIRED));
            assertThat(noTenant.isAuthenticated()).isFalse();
        }
        try (NestAuthClient inNorth = clientOf(isolated).defaultTenantId(north).tokenStore(new InMemoryTokenStore())
                .build();
                NestAuthClient inSouth = clientOf(isolated).defaultTenantId(south)
                        .tokenStore(new InMemoryTokenStore()).build()) {
            // this server signs no one in after signup (autoLoginAfterSignup off): each account logs in
            assertThat(inNorth.signupWithEmail(email, PASSWORD).execute().hasSession()).isFalse();
            inNorth.loginWithEmail(email, PASSWORD).execute();
            assertThat(inNorth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(north);
            inNorth.refreshSession().execute();
            String northUser = inNorth.getSessionUserData().execute().id();

            // the same address is another account in another tenant, with a password of its own
            inSouth.signupWithEmail(email, PASSWORD + "south").execute();
            inSouth.loginWithEmail(email, PASSWORD + "south").execute();
            assertThat(inSouth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(south);
            assertThat(inSouth.getSessionUserData().execute().id()).isNotEqualTo(northUser);

            assertThatThrownBy(() -> inNorth.switchTenant(south).execute())
                    .isInstanceOfSatisfying(TenantAccessException.class, e -> assertThat(e.errorCode())
                            .contains(ErrorCode.TENANT_SWITCHING_NOT_SUPPORTED));
            assertThat(inNorth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(north);
            inNorth.logout().execute();
            assertThatThrownBy(() -> inNorth.loginWithEmail(email, PASSWORD + "south").execute())
                    .isInstanceOfSatisfying(NestAuthException.class, e -> assertThat(e.isInvalidCredentials())
                            .isTrue());
            inNorth.loginWithEmail(email, PASSWORD).execute();
            assertThat(inNorth.getSessionUserData().execute().id()).isEqualTo(northUser);
        }
    }

    @Test
    void aServerThatDoesNotSignInAfterSignupCreatesTheAccountWithoutASession() {
        String tenantId = isolated.hooks().createTenant("Signup Co", "signup-co").id();
        String email = email("no-auto-login");
        InMemoryTokenStore store = new InMemoryTokenStore();
        List<AuthEvent> events = new CopyOnWriteArrayList<>();
        try (NestAuthClient auth = clientOf(isolated).defaultTenantId(tenantId).tokenStore(store)
                .listener(events::add).build()) {
            AuthResponse signup = auth.signupWithEmail(email, PASSWORD).execute();

            assertThat(signup.hasSession()).isFalse();
            // the library's controller replaces its service's "Please login." by its usual message
            assertThat(signup.message()).isEqualTo("Signup successful");
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(store.load()).isEmpty();
            assertThat(events).isEmpty();

            AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(login.hasSession()).isTrue();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.getSessionUserData().execute().email()).hasValue(email);
        }
    }

    @Test
    void mfaRequiredForEveryoneIsReadWithASession() {
        try (NestAuthClient auth = clientOf(mfaRequired).tokenStore(new InMemoryTokenStore()).build()) {
            assertThat(finding(auth.checkServer().execute(), Topic.MFA).found())
                    .contains("required for everyone: unknown without a session");
            auth.signupWithEmail(email("required"), PASSWORD).execute();

            Finding mfa = finding(auth.checkServer().execute(), Topic.MFA);

            assertThat(mfa.found()).contains("required for everyone (mfa.required)");
            assertThat(mfa.status()).isEqualTo(Status.NOTE);
        }
        try (NestAuthClient auth = clientOf(header).build()) {
            auth.signupWithEmail(email("optional"), PASSWORD).execute();
            assertThat(finding(auth.checkServer().execute(), Topic.MFA).found()).contains("not required for everyone");
        }
    }

    @Test
    void aWrongRoutePrefixIsFoundAndTheReadmeShowsThisReport() throws IOException {
        ServerCheck check = check(NestAuthClient.builder().baseUrl(chosenUnderIdentity.baseUrl()));

        assertThat(check.isCompatible()).isFalse();
        assertThat(check.mismatches()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.topic()).isEqualTo(Topic.ROUTE_PREFIX);
            assertThat(mismatch.found()).contains("HTTP 404 from NestJS: no such route");
            assertThat(mismatch.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("routePrefix(\"identity\")"));
        });
        // the README shows this very report, the server's random port read as localhost:3000
        String report = check.toString().replace(chosenUnderIdentity.rootUrl(), "http://localhost:3000");
        assertThat(readmeReport()).isEqualTo(report);
    }

    @Test
    void aBaseUrlWithoutTheGlobalPrefixIsFound() {
        ServerCheck check = check(NestAuthClient.builder().baseUrl(header.rootUrl()));

        assertThat(check.isCompatible()).isFalse();
        assertThat(check.mismatches()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.topic()).isEqualTo(Topic.BASE_URL);
            assertThat(mismatch.problem()).contains("the base URL lacks the app's global prefix /api");
            assertThat(mismatch.fix()).contains("baseUrl(\"" + header.baseUrl() + "\")");
        });
        assertThat(finding(check, Topic.TOKEN_DELIVERY).found()).startsWith("header delivery");
    }

    @Test
    void aClientChosenServerGivesTheSdkItsTokensInTheBody() {
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> cookiesSet = new CopyOnWriteArrayList<>();
        OkHttpClient watched = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
            asked.add(String.valueOf(chain.request().header("x-access-token-type")));
            okhttp3.Response response = chain.proceed(chain.request());
            for (String cookie : response.headers("Set-Cookie")) {
                String[] nameAndValue = cookie.split(";", 2)[0].split("=", 2);
                if (nameAndValue.length == 2 && !nameAndValue[1].isEmpty()) {
                    // set, not cleared (logout clears the token cookies in every delivery mode)
                    cookiesSet.add(nameAndValue[0]);
                }
            }
            return response;
        }).build();
        String email = email("chosen");
        InMemoryTokenStore store = new InMemoryTokenStore();
        try (NestAuthClient auth = clientOf(chosenUnderIdentity).httpClient(watched).tokenStore(store).build()) {
            auth.signupWithEmail(email, PASSWORD).execute();
            auth.logout().execute();

            AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
            String firstRefresh = store.load().map(StoredTokens::refreshToken).orElseThrow();
            auth.refreshSession().execute();

            assertThat(login.claims()).isPresent();
            assertThat(store.load().map(StoredTokens::refreshToken)).isPresent().get().isNotEqualTo(firstRefresh);
            assertThat(auth.getSessionUserData().execute().email()).contains(email);
        }
        assertThat(asked).hasSizeGreaterThanOrEqualTo(5).containsOnly("header");
        assertThat(cookiesSet).as("tokens came in bodies, never as cookies").doesNotContain("accessToken", "refreshToken");
        watched.dispatcher().executorService().shutdown();
    }

    @Test
    void everyKindOfCallWorksUnderAnotherRoutePrefix() {
        List<String> paths = new CopyOnWriteArrayList<>();
        OkHttpClient watched = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
            paths.add(chain.request().url().encodedPath());
            return chain.proceed(chain.request());
        }).build();
        String email = email("identity");
        try (NestAuthClient auth = clientOf(chosenUnderIdentity).httpClient(watched).build()) {
            auth.signupWithEmail(email, PASSWORD).execute();
            assertThat(auth.getSessionUserData().execute().email()).contains(email);
            auth.refreshSession().execute();
            assertThat(auth.verifySession().execute().isValid()).isTrue();
            assertThat(auth.getMfaStatus().execute().isRequired()).isFalse();
            assertThat(auth.getClientConfig().execute().isEmailAuthEnabled()).isTrue();
            auth.logout().execute();
            assertThat(auth.isAuthenticated()).isFalse();
            auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(auth.isAuthenticated()).isTrue();
        }
        assertThat(paths).hasSize(8).allSatisfy(path -> assertThat(path).startsWith("/api/identity/"));
        watched.dispatcher().executorService().shutdown();
    }

    @Test
    void theSmokeCheckPassesUnderAnotherRoutePrefix() {
        SmokeCheck.Report report = SmokeCheck.run(chosenUnderIdentity.baseUrl(), chosenUnderIdentity.routePrefix());
        assertThat(report.results()).hasSize(10).allSatisfy(result -> assertThat(result.outcome())
                .as(result.toString()).isEqualTo(SmokeCheck.Outcome.PASSED));
        assertThat(SmokeCheck.run(chosenUnderIdentity.baseUrl(), "auth").passed())
                .as("the default prefix finds nothing there").isFalse();
    }

    /** The text block after {@link #README_MARKER} in the repository's README. */
    private static String readmeReport() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile(Pattern.quote(README_MARKER) + "\\n```text\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README.md has a ```text block right after " + README_MARKER).isTrue();
        return block.group(1);
    }
}
