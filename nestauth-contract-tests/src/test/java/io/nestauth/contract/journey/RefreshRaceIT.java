package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.exception.SessionChangedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.NestAuthTestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session change while a call of the old session is in flight, against the live reference backend.
 * The server cannot be slowed down, so the client is: an application interceptor on the client's
 * OkHttpClient holds one request (before it is sent, or after the server answered) until the test,
 * having logged out or signed in another user, releases it. Then the late answer must neither revive
 * user A's session, nor replace or sign out user B's, nor show A's profile as B's.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefreshRaceIT {

    private static final String PASSWORD = "Race-Passw0rd!23";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private final BackendHooks hooks = server.hooks();

    @TempDir
    Path dir;

    private FileTokenStore store;
    private final JourneyIT.Events events = new JourneyIT.Events();
    private OkHttpClient http;
    private NestAuthClient client;
    private ExecutorService background;
    private Gate gate;


    /** Holds the first request whose path ends with {@code pathSuffix}, until released. */
    static final class Gate implements Interceptor {
        enum When { BEFORE_SENDING, AFTER_THE_ANSWER }

        private final String pathSuffix;
        private final When when;
        private final AtomicBoolean armed = new AtomicBoolean(true);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(String pathSuffix, When when) {
            this.pathSuffix = pathSuffix;
            this.when = when;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            boolean hold = chain.request().url().encodedPath().endsWith(pathSuffix) && armed.compareAndSet(true, false);
            if (hold && when == When.BEFORE_SENDING) {
                waitForRelease();
            }
            Response response = chain.proceed(chain.request());
            if (hold && when == When.AFTER_THE_ANSWER) {
                waitForRelease();
            }
            return response;
        }

        private void waitForRelease() throws IOException {
            held.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the held request");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the request reached the gate").isTrue();
        }
    }

    @BeforeEach
    void setUp() {
        store = new FileTokenStore(dir.resolve("session.json"));
        background = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        if (gate != null) {
            gate.release.countDown();
        }
        if (client != null) {
            client.close();
        }
        background.shutdownNow();
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    /**
     * Signs A up into the token file (with an access token the server already considers expired when
     * {@code expired}), then builds the client under test over that file with the gate in its
     * OkHttpClient: the app restarted with A's session.
     */
    private NestAuthClient clientWithSessionOf(String emailA, boolean expired, Gate gate) {
        try (NestAuthClient setup = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).build()) {
            setup.signupWithEmail(emailA, PASSWORD).execute();
        }
        if (expired) {
            StoredTokens signedUp = store.load().orElseThrow();
            store.save(new StoredTokens(hooks.expiredCopyOf(signedUp.accessToken()), signedUp.refreshToken(), false,
                    null));
        }
        this.gate = gate;
        http = new OkHttpClient.Builder().addInterceptor(gate).build();
        client = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).httpClient(http)
                .listener(events).build();
        return client;
    }

    /** B exists on the server (signed up by a client of its own). */
    private void userExists(String email) {
        try (NestAuthClient other = NestAuthClient.builder().baseUrl(server.baseUrl())
                .tokenStore(new InMemoryTokenStore()).build()) {
            other.signupWithEmail(email, PASSWORD).execute();
        }
    }

    /** @return what the call failed with; a result it returned instead, as an AssertionError */
    private static Throwable failureOf(Future<?> call) throws InterruptedException {
        try {
            return new AssertionError("the call of the old session returned " + call.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call of the old session did not end", e);
        }
    }

    private void assertSignedInAs(String email) {
        assertThat(client.isAuthenticated()).isTrue();
        assertThat(client.accessTokenClaims().flatMap(TokenClaims::email)).contains(email);
        assertThat(store.load().map(StoredTokens::accessToken)).as("the file holds B's session")
                .isEqualTo(client.accessToken());
        assertThat(events.seen).extracting(AuthEvent::type).as("B's session was neither replaced nor ended")
                .containsExactly(AuthEvent.Type.SIGNED_IN);
        // the server agrees: B's tokens work and are B's
        assertThat(client.getSessionUserData().execute().email()).contains(email);
    }

    // ---- (a) logout while A's refresh is in flight ---------------------------------------------------

    @Test
    void logoutWhileTheRefreshIsInFlightStaysSignedOutAndTheFileIsNotRecreated() throws Exception {
        NestAuthClient client = clientWithSessionOf(uniqueEmail("race-a"), true,
                new Gate("/auth/refresh-token", Gate.When.AFTER_THE_ANSWER));
        Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
        gate.awaitHeld();

        client.logout().execute();
        assertThat(store.file()).doesNotExist();
        gate.release.countDown();

        Throwable failure = failureOf(aRead);
        assertThat(store.file()).as("the late refresh answer did not recreate the token file").doesNotExist();
        assertThat(client.isAuthenticated()).isFalse();
        assertThat(client.isMfaPending()).isFalse();
        assertThat(client.accessToken()).isEmpty();
        assertThat(events.seen).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.SIGNED_OUT);
        assertThat(events.seen.get(0).signOutReason()).contains(AuthEvent.SignOutReason.LOGOUT);
        assertThat(failure).isInstanceOf(SessionExpiredException.class);
    }

    // ---- (b) B signs in while A's refresh is in flight; A's refresh is rejected ------------------------

    @Test
    void aRejectionOfTheOldSessionsRefreshDoesNotSignOutTheUserWhoSignedInMeanwhile() throws Exception {
        String emailB = uniqueEmail("race-b");
        userExists(emailB);
        NestAuthClient client = clientWithSessionOf(uniqueEmail("race-a"), true,
                new Gate("/auth/refresh-token", Gate.When.BEFORE_SENDING));
        String aRefreshToken = store.load().orElseThrow().refreshToken();
        Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
        gate.awaitHeld();

        // A's refresh token is used elsewhere first, so the held one is a replay the server rejects
        rotateElsewhere(aRefreshToken);
        client.loginWithEmail(emailB, PASSWORD).execute();
        gate.release.countDown();

        Throwable failure = failureOf(aRead);
        assertSignedInAs(emailB);
        assertThat(failure).isInstanceOf(SessionExpiredException.class);
        assertThat(((SessionExpiredException) failure).code()).contains("REFRESH_TOKEN_INVALID");
    }

    // ---- (c) B signs in while A's refresh is in flight; A's refresh succeeds --------------------------

    @Test
    void aLateSuccessfulRefreshOfTheOldSessionDoesNotReplaceTheTokensOfTheUserWhoSignedInMeanwhile()
            throws Exception {
        String emailB = uniqueEmail("race-b");
        userExists(emailB);
        NestAuthClient client = clientWithSessionOf(uniqueEmail("race-a"), true,
                new Gate("/auth/refresh-token", Gate.When.AFTER_THE_ANSWER));
        Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
        gate.awaitHeld();

        client.loginWithEmail(emailB, PASSWORD).execute();
        gate.release.countDown();

        Throwable failure = failureOf(aRead);
        assertSignedInAs(emailB);
        assertThat(failure).as("A's read is not repeated with B's token").isInstanceOf(SessionExpiredException.class);
    }

    // ---- (d) A's read in flight when B signs in ----------------------------------------------------------

    @Test
    void theOldSessionsProfileIsNeverReturnedOnceAnotherUserSignedIn() throws Exception {
        String emailB = uniqueEmail("race-b");
        userExists(emailB);
        NestAuthClient client = clientWithSessionOf(uniqueEmail("race-a"), false,
                new Gate("/auth/me", Gate.When.AFTER_THE_ANSWER));
        Future<SessionUser> aRead = background.submit(() -> client.getSessionUserData().execute());
        gate.awaitHeld();

        client.loginWithEmail(emailB, PASSWORD).execute();
        gate.release.countDown();

        Throwable failure = failureOf(aRead);
        assertThat(failure).isInstanceOf(SessionChangedException.class);
        assertSignedInAs(emailB);
    }

    /** Presents the refresh token to the server outside the client: the server rotates it. */
    private void rotateElsewhere(String refreshToken) throws IOException {
        OkHttpClient raw = new OkHttpClient();
        try {
            String body = JSON.writeValueAsString(Map.of("refreshToken", refreshToken));
            Request request = new Request.Builder().url(server.routeUrl("refresh-token"))
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build();
            try (Response response = raw.newCall(request).execute()) {
                assertThat(response.code()).as("the refresh elsewhere").isEqualTo(200);
            }
        } finally {
            raw.dispatcher().executorService().shutdown();
            raw.connectionPool().evictAll();
        }
    }
}
