package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.BackendHooks.SessionEvents;
import io.nestauth.testkit.NestAuthTestServer;
import io.nestauth.contract.support.BackendWarmUp;
import io.nestauth.contract.support.TokenDeliveryServers;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same application code against a server that puts tokens in the body (header mode), one that
 * puts them in httpOnly cookies (cookie mode) and one that also wants a CSRF token (cookie mode with
 * {@code security.csrf}): no SDK setting differs. Each journey signs up, verifies the email, lives
 * through an access-token expiry with eight concurrent calls (one refresh, no reuse), restarts over
 * its token file (switching tenant), is logged out everywhere from another device, turns MFA on,
 * trusts the device, changes and resets the password and logs out, each ending checked against the
 * server with the old tokens. The three servers (3-second access tokens) serve only this class;
 * {@link BackendWarmUp} starts them while the first ITs run, and the three journeys, which mostly
 * wait for tokens to expire, run side by side.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks and its token-delivery switches")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenDeliveryJourneyIT {

    private static final String PASSWORD = "Delivery-Passw0rd!23";
    private static final String NEW_PASSWORD = "Delivery-N3w-Passw0rd!";
    private static final String RESET_PASSWORD = "Delivery-R3set-Passw0rd!";

    @RegisterExtension
    static final NestAuthTestServer header = TokenDeliveryServers.HEADER;

    @RegisterExtension
    static final NestAuthTestServer cookies = TokenDeliveryServers.COOKIE;

    @RegisterExtension
    static final NestAuthTestServer cookiesWithCsrf = TokenDeliveryServers.COOKIE_WITH_CSRF;

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of("header", header), Arguments.of("cookie", cookies),
                Arguments.of("cookie+csrf", cookiesWithCsrf));
    }

    /** What reached the server: {@code METHOD /path status} per exchange, as the app's OkHttpClient saw it. */
    static final class Exchanges implements Interceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            seen.add(chain.request().method() + " " + chain.request().url().encodedPath().replaceFirst("^/api", "")
                    + " " + response.code());
            return response;
        }

        List<String> drain() {
            List<String> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    /** The application: a client over a token file, built the same way for every server. */
    private static NestAuthClient app(NestAuthTestServer server, FileTokenStore store, JourneyIT.Events events,
            OkHttpClient http) {
        return NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).listener(events).httpClient(http)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    @Execution(ExecutionMode.CONCURRENT)
    void theSameJourneyWorksWhereverTheServerPutsTheTokens(String mode, NestAuthTestServer server, @TempDir Path dir)
            throws Exception {
        BackendHooks hooks = server.hooks();
        String email = "delivery-" + UUID.randomUUID() + "@example.com";
        Exchanges exchanges = new Exchanges();
        OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(exchanges).build();
        FileTokenStore store = new FileTokenStore(dir.resolve("session.json"));
        JourneyIT.Events events = new JourneyIT.Events();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        NestAuthClient auth = app(server, store, events, http);
        try {
            // ---- signup signs in; the email gets verified ------------------------------------------
            AuthResponse signup = auth.signupWithEmail(email, PASSWORD).execute();
            assertThat(signup.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);
            String userId = auth.getSessionUserData().execute().id();
            auth.sendEmailVerification().execute();
            auth.verifyEmail(hooks.lastCode(email, CodePurpose.VERIFY_EMAIL)).execute();
            assertThat(auth.getSessionUserData().execute().emailVerifiedAt()).isPresent();

            // ---- the access token expires: eight concurrent calls cause one refresh, no reuse -------
            awaitExpiry(auth);
            StoredTokens beforeExpiry = store.load().orElseThrow();
            SessionEvents before = hooks.sessionEvents(userId);
            events.drain();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SessionUser>> reads = new ArrayList<>();
            NestAuthClient signedIn = auth;
            for (int i = 0; i < 8; i++) {
                reads.add(callers.submit(() -> {
                    start.await();
                    return signedIn.getSessionUserData().execute();
                }));
            }
            start.countDown();
            for (Future<SessionUser> read : reads) {
                assertThat(read.get(30, TimeUnit.SECONDS).id()).isEqualTo(userId);
            }
            SessionEvents after = hooks.sessionEvents(userId);
            assertThat(after.refreshes() - before.refreshes()).as("refreshes for eight concurrent calls").isEqualTo(1);
            assertThat(after.reuseDetections()).isZero();
            StoredTokens refreshed = store.load().orElseThrow();
            assertThat(refreshed.refreshToken()).as("rotated and saved").isNotEqualTo(beforeExpiry.refreshToken());
            assertThat(auth.accessToken()).contains(refreshed.accessToken());
            assertThat(events.drain()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);

            // ---- the app restarts over its token file; its first call changes state -----------------
            auth.close();
            exchanges.drain();
            auth = app(server, new FileTokenStore(dir.resolve("session.json")), events, http);
            assertThat(auth.isAuthenticated()).isTrue();
            String tenantId = hooks.createTenant("Delivery " + mode, "delivery-" + UUID.randomUUID()).id();
            hooks.addMember(email, tenantId);
            AuthResponse switched = auth.switchTenant(tenantId).execute();
            assertThat(switched.claims().flatMap(TokenClaims::tenantId)).contains(tenantId);
            assertThat(auth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(tenantId);
            assertThat(store.load().map(StoredTokens::accessToken)).isEqualTo(auth.accessToken());
            List<String> afterRestart = exchanges.drain();
            if (server == cookiesWithCsrf) {
                // the CSRF token is not kept across restarts: the server asks, the SDK fetches and repeats
                assertThat(afterRestart).containsSubsequence("POST /auth/switch-tenant 403", "GET /auth/csrf 200",
                        "POST /auth/switch-tenant 200");
            } else {
                assertThat(afterRestart).noneMatch(exchange -> exchange.contains("/auth/csrf"))
                        .noneMatch(exchange -> exchange.endsWith(" 403"));
            }

            // ---- another device signs in; logout-all ends both -------------------------------------
            try (NestAuthClient otherDevice = NestAuthClient.builder().baseUrl(server.baseUrl())
                    .tokenStore(new InMemoryTokenStore()).build()) {
                otherDevice.loginWithEmail(email, PASSWORD).execute();
                assertThat(otherDevice.getSessionUserData().execute().id()).isEqualTo(userId);

                auth.logoutAll().execute();

                assertThat(auth.isAuthenticated()).isFalse();
                assertThat(store.load()).isEmpty();
                assertThat(catchThrowable(() -> otherDevice.getSessionUserData().execute()))
                        .isInstanceOf(SessionExpiredException.class);
                assertThat(otherDevice.isAuthenticated()).as("the server ended the other device's session").isFalse();
            }
            events.drain();

            // ---- MFA on; logout ends the session on the server too ----------------------------------
            auth.loginWithEmail(email, PASSWORD).execute();
            auth.toggleMfa(true).execute();
            StoredTokens loggedOut = store.load().orElseThrow();
            auth.logout().execute();
            assertThat(auth.isAuthenticated()).isFalse();
            assertServerEnded(server, loggedOut);

            // ---- an MFA login on a device that is then trusted ---------------------------------------
            AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(login.isRequiresMfa()).isTrue();
            assertThat(auth.isMfaPending()).isTrue();
            auth.sendMfaChallenge(MfaMethod.EMAIL).execute();
            AuthResponse verified = auth.verifyMfa(hooks.lastCode(email, CodePurpose.MFA), MfaMethod.EMAIL, true)
                    .execute();
            assertThat(verified.hasTrustToken()).isTrue();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.isDeviceTrusted()).isTrue();
            assertThat(store.load().map(StoredTokens::trustToken)).as("kept in the token file").isPresent();
            assertThat(auth.getUser().execute().isMfaEnabled()).isTrue();

            auth.logout().execute();
            AuthResponse trustedLogin = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(trustedLogin.isRequiresMfa()).as("the trusted device skips MFA").isFalse();
            assertThat(auth.isAuthenticated()).isTrue();

            // ---- a password change ends the session; the new password signs in ------------------------
            StoredTokens beforeChange = store.load().orElseThrow();
            auth.changePassword(PASSWORD, NEW_PASSWORD).execute();
            assertThat(auth.isAuthenticated()).isFalse();
            assertServerEnded(server, beforeChange);
            assertThat(auth.loginWithEmail(email, NEW_PASSWORD).execute().isRequiresMfa()).isFalse();
            assertThat(auth.getUser().execute().id()).isEqualTo(userId);

            // ---- a forgotten password, reset with an emailed code, ends the session too ---------------
            auth.forgotPassword(email).execute();
            String resetToken = auth.verifyForgotPasswordOtp(email, hooks.lastCode(email, CodePurpose.PASSWORD_RESET))
                    .execute();
            StoredTokens beforeReset = store.load().orElseThrow();
            auth.resetPassword(resetToken, RESET_PASSWORD).execute();
            assertThat(auth.isAuthenticated()).isFalse();
            assertServerEnded(server, beforeReset);
            assertThat(auth.loginWithEmail(email, RESET_PASSWORD).execute().isRequiresMfa()).isFalse();

            auth.logout().execute();
            assertThat(store.load().map(StoredTokens::hasSession)).contains(false);
            assertThat(hooks.sessionEvents(userId).reuseDetections()).isZero();
        } finally {
            auth.close();
            callers.shutdownNow();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Waits (bounded) until the client's access token has expired by the server's clock. */
    private static void awaitExpiry(NestAuthClient auth) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!auth.isAccessTokenExpired()) {
            assertThat(System.nanoTime()).as("the access token expires").isLessThan(deadline);
            Thread.sleep(100);
        }
        // a margin: the server compares whole seconds
        Thread.sleep(200);
    }

    /** The tokens of an ended session are refused: a client that holds them is signed out by its first call. */
    private static void assertServerEnded(NestAuthTestServer server, StoredTokens ended) {
        InMemoryTokenStore holder = new InMemoryTokenStore();
        holder.save(new StoredTokens(ended.accessToken(), ended.refreshToken(), ended.mfaPending(), null));
        try (NestAuthClient stale = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(holder).build()) {
            assertThat(catchThrowable(() -> stale.getSessionUserData().execute()))
                    .as("a call with the tokens of the ended session").isInstanceOf(SessionExpiredException.class);
            assertThat(stale.isAuthenticated()).isFalse();
        }
    }

    // ---- origin confinement against the real server ------------------------------------------------

    @Test
    void theAppsOwnCallsCarryTheCookiesAndTheCsrfTokenToTheServerOnly() throws IOException {
        MockWebServer otherHost = new MockWebServer();
        List<RecordedRequest> atOtherHost = new CopyOnWriteArrayList<>();
        otherHost.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                atOtherHost.add(request);
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        otherHost.start(InetAddress.getByName("127.0.0.1"), 0);
        String email = "origin-" + UUID.randomUUID() + "@example.com";
        NestAuthClient auth = NestAuthClient.builder().baseUrl(cookiesWithCsrf.baseUrl()).build();
        OkHttpClient appHttp = new OkHttpClient.Builder().addInterceptor(auth.authInterceptor()).build();
        try {
            auth.signupWithEmail(email, PASSWORD).execute();
            RequestBody json = RequestBody.create("{}", MediaType.get("application/json"));

            // the server's origin: the cookie and the CSRF token make the app's own POST pass its guard
            Request atServer = new Request.Builder().url(cookiesWithCsrf.routeUrl("send-email-verification"))
                    .post(json).build();
            try (Response response = appHttp.newCall(atServer).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThat(cookiesWithCsrf.hooks().lastCode(email, CodePurpose.VERIFY_EMAIL)).isNotBlank();

            // another host, over the same OkHttpClient and interceptor: nothing
            for (String method : List.of("GET", "POST")) {
                Request elsewhere = new Request.Builder().url(otherHost.url("/api/auth/me"))
                        .method(method, "GET".equals(method) ? null : json).build();
                try (Response response = appHttp.newCall(elsewhere).execute()) {
                    assertThat(response.code()).isEqualTo(200);
                }
            }
            assertThat(atOtherHost).hasSize(2).allSatisfy(request -> {
                assertThat(request.getHeaders().get("Cookie")).isNull();
                assertThat(request.getHeaders().get("x-csrf-token")).isNull();
                assertThat(request.getHeaders().get("Authorization")).isNull();
            });
        } finally {
            auth.close();
            appHttp.dispatcher().executorService().shutdown();
            appHttp.connectionPool().evictAll();
            otherHost.close();
        }
    }
}
