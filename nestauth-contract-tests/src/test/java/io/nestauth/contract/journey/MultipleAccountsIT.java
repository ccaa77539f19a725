package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.Account;
import io.nestauth.client.AccountIndex;
import io.nestauth.client.AccountListener;
import io.nestauth.client.AccountStore;
import io.nestauth.client.Accounts;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.FileAccountStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.LoginRequest;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.TokenStore;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.contract.support.TokenDeliveryServers;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.NestAuthTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several accounts on one client ({@link Accounts}) against the live reference backend, each guarantee
 * of the README's "Several accounts" with the attack that would break it, run twice with the same
 * application code: a server that puts the tokens in the body, and one that puts them in cookies
 * with CSRF protection and its own several accounts ({@code session.allowMultipleAccounts}: a login
 * sets {@code accessToken_<userId>}, {@code refreshToken_<userId>} and makes that account the
 * server's active one).
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ParameterizedClass(name = "{0} delivery")
@ValueSource(strings = {"header", "cookie"})
class MultipleAccountsIT {

    private static final String PASSWORD = "Accounts-Passw0rd!7";

    @RegisterExtension
    static NestAuthTestServer headerServer = NestAuthTestServer.builder().build();

    @RegisterExtension
    static NestAuthTestServer cookieServer = TokenDeliveryServers.COOKIE_WITH_ACCOUNTS;

    @Parameter
    String delivery;

    private NestAuthTestServer server;
    private BackendHooks hooks;

    @TempDir
    Path dir;

    /** The server's active-account cookie (cookie mode with several accounts). */
    private static final String ACTIVE_ACCOUNT_COOKIE = "nest_auth_active_account";

    /** The account the server made active last, by its cookie; the SDK never sends it back. */
    private volatile String serversActiveAccount;

    /** Every request the clients send, by path. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Recorder recorder = new Recorder();
    private OkHttpClient http;
    private NestAuthClient auth;
    private ExecutorService background;

    /** The accounts' events as {@code <email>:<TYPE>} and active changes as {@code active:<email or none>}. */
    private final class Recorder implements AccountListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final java.util.Map<String, String> emails = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onAccountEvent(String userId, AuthEvent event) {
            event.claims().flatMap(TokenClaims::email).ifPresent(email -> emails.put(userId, email));
            seen.add(emails.getOrDefault(userId, userId) + ":" + event.type());
        }

        @Override
        public void onActiveAccountChanged(String userId) {
            seen.add("active:" + (userId == null ? "none" : emails.getOrDefault(userId, userId)));
        }

        List<String> drain() {
            List<String> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    @BeforeEach
    void setUp() {
        server = cookieMode() ? cookieServer : headerServer;
        hooks = server.hooks();
        background = Executors.newSingleThreadExecutor();
        useGate(null);
    }

    @AfterEach
    void tearDown() {
        auth.close();
        background.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** The app's client, over an OkHttpClient that records every request and may hold one. */
    private void useGate(RefreshRaceIT.Gate gate) {
        if (auth != null) {
            auth.close();
            http.dispatcher().executorService().shutdown();
        }
        OkHttpClient.Builder builder = new OkHttpClient.Builder().addInterceptor(chain -> {
            sent.add(chain.request().url().encodedPath());
            Response response = chain.proceed(chain.request());
            for (String setCookie : response.headers("Set-Cookie")) {
                if (setCookie.startsWith(ACTIVE_ACCOUNT_COOKIE + "=")) {
                    serversActiveAccount = setCookie.substring(ACTIVE_ACCOUNT_COOKIE.length() + 1).split(";")[0];
                }
            }
            return response;
        });
        if (gate != null) {
            builder.addInterceptor(gate);
        }
        http = builder.build();
        auth = NestAuthClient.builder().baseUrl(server.baseUrl()).httpClient(http).build();
    }

    private boolean cookieMode() {
        return delivery.equals("cookie");
    }

    private Accounts accounts(AccountStore store) {
        Accounts accounts = auth.accounts(store);
        accounts.addListener(recorder);
        return accounts;
    }

    private FileAccountStore folderStore() {
        return new FileAccountStore(dir.resolve("accounts"));
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs a new user up as one more account; its user id. */
    private static String signUp(Accounts accounts, String email) {
        AuthResponse response = accounts.signIn(client -> client.signupWithEmail(email, PASSWORD)).execute();
        return response.claims().flatMap(TokenClaims::userId).orElseThrow();
    }

    private static LoginRequest login(String email, String password) {
        return LoginRequest.builder().providerName("email").email(email).password(password).build();
    }

    private static List<String> emails(Accounts accounts) {
        return accounts.list().stream().map(account -> account.email().orElseThrow()
                + (account.isActive() ? "*" : "")).toList();
    }

    /** What the server says about a session's tokens, asked by a client of their own. */
    private boolean serverAccepts(StoredTokens tokens) {
        InMemoryTokenStore holder = new InMemoryTokenStore();
        holder.save(tokens);
        try (NestAuthClient probe = auth.newBuilder().tokenStore(holder).build()) {
            probe.verifySession().execute();
            return true;
        } catch (SessionExpiredException rejected) {
            return false;
        }
    }

    // ---- signing in side by side, switching, restart -----------------------------------------------

    @Test
    void twoAccountsStaySignedInSideBySideAndSurviveARestart() throws Exception {
        Accounts accounts = accounts(folderStore());
        String alice = email("alice");
        String bob = email("bob");
        String aliceId = accounts.signIn(client -> client.signupWithEmail(alice, PASSWORD)).executeAsync()
                .get(30, TimeUnit.SECONDS).claims().flatMap(TokenClaims::userId).orElseThrow();
        String bobId = signUp(accounts, bob);

        assertThat(emails(accounts)).containsExactly(alice, bob + "*");
        assertThat(accounts.active().map(Account::id)).contains(bobId);
        assertThat(accounts.list()).extracting(Account::id).containsExactly(aliceId, bobId);
        assertThat(recorder.drain()).containsExactly(alice + ":SIGNED_IN", "active:" + alice,
                bob + ":SIGNED_IN", "active:" + bob);
        if (cookieMode()) {
            assertThat(serversView(accounts)).as("the server's list for the same sessions")
                    .isEqualTo(emails(accounts));
        }
        // every account's calls are its own, at the server too
        assertThat(accounts.client(aliceId).getSessionUserData().execute().email()).contains(alice);
        assertThat(accounts.activeClient().orElseThrow().getSessionUserData().execute().email()).contains(bob);

        // the app's own requests follow the active account
        OkHttpClient app = http.newBuilder().addInterceptor(accounts.authInterceptor()).build();
        assertThat(meThroughTheApp(app)).contains(bob);
        assertThat(accounts.switchTo(aliceId).isActive()).isTrue();
        assertThat(meThroughTheApp(app)).contains(alice);
        assertThat(emails(accounts)).containsExactly(alice + "*", bob);
        assertThat(recorder.drain()).containsExactly("active:" + alice);

        // a restart, and meanwhile another process over the same folder: the same accounts
        accounts.close();
        Accounts afterRestart = accounts(folderStore());
        assertThat(emails(afterRestart)).containsExactly(alice + "*", bob);
        String carol = email("carol");
        try (NestAuthClient otherProcess = NestAuthClient.builder().baseUrl(server.baseUrl()).build();
                Accounts itsAccounts = otherProcess.accounts(folderStore())) {
            signUp(itsAccounts, carol);
        }
        assertThat(emails(afterRestart)).containsExactly(alice, bob, carol + "*");
        assertThat(afterRestart.client(bobId).getSessionUserData().execute().email()).contains(bob);
        auth.close(); // like derived clients, the accounts outlive the client they were made from
        assertThat(afterRestart.activeClient().orElseThrow().getSessionUserData().execute().email()).contains(carol);
        // the index names no token
        assertThat(Files.readString(dir.resolve("accounts/accounts.json")))
                .doesNotContain(afterRestart.client(bobId).accessToken().orElseThrow());
    }

    /**
     * The server's own account list ({@code GET /auth/accounts}) for a browser holding the accounts'
     * sessions as the server set them: each account's refresh cookie and the active-account cookie of
     * the server's last answer.
     * As {@link #emails}.
     */
    private List<String> serversView(Accounts accounts) throws IOException {
        StringBuilder cookies = new StringBuilder();
        for (Account account : accounts.list()) {
            cookies.append("refreshToken_").append(account.id()).append('=')
                    .append(folderStore().sessionStore(account.id()).load().orElseThrow().refreshToken()).append("; ");
        }
        cookies.append(ACTIVE_ACCOUNT_COOKIE).append('=').append(serversActiveAccount);
        Request request = new Request.Builder().url(server.routeUrl("accounts"))
                .header("Cookie", cookies.toString()).build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            List<String> view = new java.util.ArrayList<>();
            for (JsonNode account : new ObjectMapper().readTree(response.body().string()).get("accounts")) {
                view.add(account.get("email").asText() + (account.get("isActive").asBoolean() ? "*" : ""));
            }
            return view;
        }
    }

    private String meThroughTheApp(OkHttpClient app) throws IOException {
        try (Response response = app.newCall(new Request.Builder().url(server.routeUrl("me")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        }
    }

    @Test
    void signingTheSameUserInAgainReplacesItsSessionKeepsItsPlaceAndEndsTheOldSession() {
        Accounts accounts = accounts(folderStore());
        String alice = email("alice");
        String bob = email("bob");
        String aliceId = signUp(accounts, alice);
        signUp(accounts, bob);
        StoredTokens aliceBefore = folderStore().sessionStore(aliceId).load().orElseThrow();
        NestAuthClient aliceClient = accounts.client(aliceId);
        recorder.drain();

        accounts.signIn(login(alice, PASSWORD)).execute();

        assertThat(emails(accounts)).containsExactly(alice + "*", bob);
        assertThat(recorder.drain()).containsExactly(alice + ":SIGNED_IN", "active:" + alice);
        StoredTokens aliceAfter = folderStore().sessionStore(aliceId).load().orElseThrow();
        assertThat(aliceAfter.accessToken()).isNotEqualTo(aliceBefore.accessToken());
        assertThat(accounts.client(aliceId)).as("one client per account").isSameAs(aliceClient);
        assertThat(aliceClient.accessToken()).contains(aliceAfter.accessToken());
        assertThat(serverAccepts(aliceBefore)).as("the replaced session was ended at the server").isFalse();
        assertThat(serverAccepts(aliceAfter)).isTrue();
    }

    // ---- signing out -------------------------------------------------------------------------------

    @Test
    void signingOutTheActiveAccountMakesTheEarliestSignedInOneActiveAndEndsItsSession() {
        Accounts accounts = accounts(folderStore());
        String alice = email("alice");
        String bob = email("bob");
        String carol = email("carol");
        String aliceId = signUp(accounts, alice);
        String bobId = signUp(accounts, bob);
        String carolId = signUp(accounts, carol);
        accounts.switchTo(bobId);
        StoredTokens bobsSession = folderStore().sessionStore(bobId).load().orElseThrow();
        recorder.drain();

        accounts.signOut(bobId).execute();
        assertThat(emails(accounts)).containsExactly(alice + "*", carol);
        assertThat(recorder.drain()).containsExactly(bob + ":SIGNED_OUT", "active:" + alice);
        assertThat(folderStore().sessionStore(bobId).load()).as("nothing of bob is kept, no trust token either")
                .isEmpty();
        assertThat(serverAccepts(bobsSession)).as("bob's session was ended at the server").isFalse();
        assertThat(catchThrowable(() -> accounts.client(bobId))).isInstanceOf(IllegalArgumentException.class);
        assertThat(accounts.client(aliceId).getSessionUserData().execute().email()).as("the others stay signed in")
                .contains(alice);
        assertThat(accounts.client(carolId).getSessionUserData().execute().email()).contains(carol);

        accounts.signOut(aliceId).execute();
        assertThat(emails(accounts)).containsExactly(carol + "*");
        accounts.signOutAll().execute();
        assertThat(accounts.list()).isEmpty();
        assertThat(accounts.active()).isEmpty();
        assertThat(recorder.drain()).containsExactly(alice + ":SIGNED_OUT", "active:" + carol, carol + ":SIGNED_OUT",
                "active:none");
        assertThat(folderStore().loadIndex()).isEqualTo(AccountIndex.empty());
        assertThat(folderStore().sessionStore(carolId).load()).isEmpty();
    }

    // ---- failures leave everything as it was -------------------------------------------------------

    @Test
    void aFailedLoginOrABadArgumentLeavesTheAccountsUntouched() throws IOException {
        Accounts accounts = accounts(folderStore());
        String alice = email("alice");
        signUp(accounts, alice);
        byte[] indexBefore = Files.readAllBytes(dir.resolve("accounts/accounts.json"));
        recorder.drain();

        assertThat(catchThrowable(() -> accounts.signIn(login(alice, "Wrong-Passw0rd!7")).execute()))
                .isInstanceOf(InvalidCredentialsException.class);

        // bad input: refused before any request
        sent.clear();
        String unknown = UUID.randomUUID().toString();
        assertThat(catchThrowable(() -> accounts.switchTo(unknown))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no account with this user id is signed in");
        assertThat(catchThrowable(() -> accounts.client(unknown))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> accounts.switchTo(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> accounts.signOut("a\r\nb"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> accounts.signIn((LoginRequest) null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> accounts.signIn(client -> null).execute()))
                .isInstanceOf(IllegalArgumentException.class);
        accounts.signOut(unknown).execute(); // not signed in: nothing to do
        assertThat(sent).as("no request").isEmpty();

        assertThat(emails(accounts)).containsExactly(alice + "*");
        assertThat(Files.readAllBytes(dir.resolve("accounts/accounts.json"))).isEqualTo(indexBefore);
        assertThat(recorder.drain()).isEmpty();
    }

    /** An account store whose writes fail on demand, as a full disk or a lost database would. */
    private static final class BreakableStore implements AccountStore {
        private final AccountStore inner;
        volatile boolean indexFails;
        volatile boolean sessionsFail;

        BreakableStore(AccountStore inner) {
            this.inner = inner;
        }

        @Override
        public TokenStore sessionStore(String userId) {
            TokenStore session = inner.sessionStore(userId);
            return new TokenStore() {
                @Override
                public Optional<StoredTokens> load() {
                    return session.load();
                }

                @Override
                public void save(StoredTokens tokens) {
                    failIf(sessionsFail);
                    session.save(tokens);
                }

                @Override
                public void clear() {
                    failIf(sessionsFail);
                    session.clear();
                }

                @Override
                public <T> T withRefreshLock(Supplier<T> refresh) {
                    return session.withRefreshLock(refresh);
                }

                @Override
                public boolean coordinatesRefresh() {
                    return session.coordinatesRefresh();
                }
            };
        }

        @Override
        public AccountIndex loadIndex() {
            return inner.loadIndex();
        }

        @Override
        public AccountIndex updateIndex(UnaryOperator<AccountIndex> change) {
            failIf(indexFails);
            return inner.updateIndex(change);
        }

        private static void failIf(boolean fail) {
            if (fail) {
                throw new TokenStoreException("cannot save (the test broke the store)", null);
            }
        }
    }

    @Test
    void aStoreThatCannotWriteFailsTheChangeAndKeepsMemoryAndStoreAlike() {
        BreakableStore store = new BreakableStore(folderStore());
        Accounts accounts = accounts(store);
        String alice = email("alice");
        String bob = email("bob");
        String aliceId = signUp(accounts, alice);
        signUp(accounts, bob);
        accounts.switchTo(aliceId);
        recorder.drain();

        // a new account whose index entry cannot be saved: not kept anywhere
        store.indexFails = true;
        String carol = email("carol");
        assertThat(catchThrowable(() -> signUp(accounts, carol))).isInstanceOf(TokenStoreException.class);
        // a switch that cannot be saved
        String bobId = accounts.list().get(1).id();
        assertThat(catchThrowable(() -> accounts.switchTo(bobId))).isInstanceOf(TokenStoreException.class);
        store.indexFails = false;
        assertThat(emails(accounts)).containsExactly(alice + "*", bob);
        assertThat(emails(auth.accounts(folderStore()))).as("what the store holds").containsExactly(alice + "*", bob);
        assertThat(folderStore().loadIndex().userIds()).hasSize(2);
        assertThat(sessionFiles()).as("carol's tokens are kept nowhere").hasSize(2);

        // a sign-in whose tokens cannot be saved, and a sign-out that cannot clear them
        store.sessionsFail = true;
        String dave = email("dave");
        assertThat(catchThrowable(() -> signUp(accounts, dave))).isInstanceOf(TokenStoreException.class);
        assertThat(catchThrowable(() -> accounts.signOut(aliceId).execute())).isInstanceOf(TokenStoreException.class);
        store.sessionsFail = false;
        assertThat(emails(accounts)).containsExactly(alice + "*", bob);
        assertThat(emails(auth.accounts(folderStore()))).containsExactly(alice + "*", bob);
        assertThat(sessionFiles()).hasSize(2);
        assertThat(accounts.client(aliceId).getSessionUserData().execute().email())
                .as("alice, not signed out, still works at the server").contains(alice);
    }

    /** The session files in the accounts folder. */
    private List<Path> sessionFiles() {
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("accounts"))) {
            return files.filter(file -> file.getFileName().toString().matches("session-[0-9a-f]+\\.json")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Replaces the account's access token in the folder by an expired copy, as if the app had slept. */
    private void expireAccessTokenOf(String userId) {
        TokenStore session = folderStore().sessionStore(userId);
        StoredTokens stored = session.load().orElseThrow();
        session.save(new StoredTokens(hooks.expiredCopyOf(stored.accessToken()), stored.refreshToken(), false, null));
    }

    // ---- refresh per account -----------------------------------------------------------------------

    @Test
    void aRefreshOfOneAccountIsSingleFlightAndNeverTouchesAnother() throws Exception {
        String alice = email("alice");
        String bob = email("bob");
        String aliceId;
        String bobId;
        try (Accounts setup = auth.accounts(folderStore())) {
            aliceId = signUp(setup, alice);
            bobId = signUp(setup, bob);
        }
        expireAccessTokenOf(aliceId);
        StoredTokens bobBefore = folderStore().sessionStore(bobId).load().orElseThrow();
        Accounts accounts = accounts(folderStore()); // the app restarts with alice's token expired

        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> reads = new java.util.ArrayList<>();
            NestAuthClient aliceClient = accounts.client(aliceId);
            for (int i = 0; i < 6; i++) {
                reads.add(callers.submit(() -> aliceClient.getSessionUserData().execute().email().orElseThrow()));
            }
            for (Future<String> read : reads) {
                assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(alice);
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(hooks.sessionEvents(aliceId).refreshes()).as("one refresh for all six calls").isEqualTo(1);
        assertThat(hooks.sessionEvents(aliceId).reuseDetections()).isZero();
        assertThat(hooks.sessionEvents(bobId).refreshes()).isZero();
        assertThat(folderStore().sessionStore(bobId).load()).contains(bobBefore);
        assertThat(recorder.drain()).containsExactly(alice + ":TOKEN_REFRESHED");
        assertThat(emails(accounts)).containsExactly(alice, bob + "*");
    }

    @Test
    void aSignOutRacingTheAccountsRefreshDoesNotBringItBack() throws Exception {
        String alice = email("alice");
        String aliceId;
        try (Accounts setup = auth.accounts(folderStore())) {
            aliceId = signUp(setup, alice);
        }
        expireAccessTokenOf(aliceId);
        RefreshRaceIT.Gate gate = new RefreshRaceIT.Gate("/auth/refresh-token", RefreshRaceIT.Gate.When.AFTER_THE_ANSWER);
        useGate(gate);
        Accounts accounts = accounts(folderStore());
        NestAuthClient aliceClient = accounts.client(aliceId);
        try {
            Future<?> aliceRead = background.submit(() -> aliceClient.getSessionUserData().execute());
            gate.awaitHeld(); // the server has granted the refresh; its answer is on its way

            accounts.signOut(aliceId).execute();
            gate.release.countDown();

            Throwable lateAnswer = catchThrowable(() -> aliceRead.get(30, TimeUnit.SECONDS));
            assertThat(lateAnswer).hasCauseInstanceOf(NestAuthException.class);
        } finally {
            gate.release.countDown();
        }
        assertThat(accounts.list()).isEmpty();
        assertThat(aliceClient.isAuthenticated()).isFalse();
        assertThat(folderStore().sessionStore(aliceId).load()).as("the late answer was not saved").isEmpty();
        assertThat(folderStore().loadIndex().contains(aliceId)).isFalse();
        assertThat(auth.accounts(folderStore()).list()).isEmpty();
    }

    // ---- MFA on one of the accounts ----------------------------------------------------------------

    @Test
    void anAccountThatNeedsMfaIsListedAndCompletesItOnItsOwnClient() {
        Accounts accounts = accounts(folderStore());
        String bob = email("bob");
        String bobId = signUp(accounts, bob);
        hooks.setUserFlags(bob, BackendHooks.UserFlags.unchanged().mfaEnabled(true));
        recorder.drain();

        AuthResponse pending = accounts.signIn(login(bob, PASSWORD)).execute();

        assertThat(pending.isRequiresMfa()).isTrue();
        assertThat(emails(accounts)).containsExactly(bob + "*");
        NestAuthClient bobClient = accounts.activeClient().orElseThrow();
        assertThat(bobClient.isMfaPending()).isTrue();
        bobClient.sendMfaChallenge(MfaMethod.EMAIL).execute();
        bobClient.verifyMfa(hooks.lastCode(bob, BackendHooks.CodePurpose.MFA), MfaMethod.EMAIL, false).execute();
        assertThat(bobClient.isAuthenticated()).isTrue();
        assertThat(bobClient.getUser().execute().id()).isEqualTo(bobId);
        assertThat(recorder.drain()).containsExactly(bob + ":MFA_REQUIRED", bob + ":SIGNED_IN");
    }

    // ---- a hostile index on disk -------------------------------------------------------------------

    @Test
    void aCorruptIndexReadsAsSignedOutAndASignInWritesANewOne() throws IOException {
        String alice = email("alice");
        String aliceId;
        try (Accounts setup = auth.accounts(folderStore())) {
            aliceId = signUp(setup, alice);
        }
        // the session file is intact; the index lists it twice
        Path index = dir.resolve("accounts/accounts.json");
        Files.writeString(index, "{\"version\":1,\"accounts\":[\"" + aliceId + "\",\"" + aliceId + "\"],\"active\":\""
                + aliceId + "\"}");

        Accounts accounts = accounts(folderStore());
        assertThat(accounts.list()).isEmpty();
        assertThat(accounts.active()).isEmpty();
        assertThat(catchThrowable(() -> accounts.client(aliceId))).isInstanceOf(IllegalArgumentException.class);

        accounts.signIn(login(alice, PASSWORD)).execute();
        assertThat(emails(accounts)).containsExactly(alice + "*");
        assertThat(emails(auth.accounts(folderStore()))).containsExactly(alice + "*");
    }
}
