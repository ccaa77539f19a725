package io.nestauth.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Nest Auth server ({@code @ackplus/nest-auth} 2.11.1, the reference
 * backend on an in-memory database) for the tests of a class, in the configuration you choose.
 *
 * <pre>{@code
 * class SignInTest {
 *     @RegisterExtension
 *     static NestAuthTestServer server = NestAuthTestServer.builder()
 *             .tokenDelivery(TokenDelivery.COOKIE)
 *             .build();
 *
 *     @Test
 *     void passwordless() {
 *         // ... your app, configured with server.baseUrl(), sends a code to ann@example.com ...
 *         String code = server.hooks().lastCode("ann@example.com", CodePurpose.PASSWORDLESS);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Sharing.</b> One server runs per distinct configuration per JVM: test classes that register
 * equal configurations share it (it is kept in JUnit's root store and stopped when the run ends).
 * Several servers registered in one class start side by side. Before each top-level test class the
 * server is wiped ({@link BackendHooks#reset()}; turn it off with
 * {@link Builder#resetBeforeEachClass(boolean)}; a server without the reference backend's own test
 * routes, see {@link Builder#testRoutes}, is never wiped), so test classes that share a server must
 * not run concurrently.
 *
 * <p><b>Requirements.</b> Node.js 20 or newer with {@code npm} on the PATH: the first start checks
 * {@code node --version} and fails with what to install. The server's Node project ships in this
 * jar; the first start unpacks it to {@code ~/.cache/nestauth-testkit} and runs {@code npm ci}
 * there (once per testkit version; see {@link ReferenceBackend}).
 *
 * <p>Register it on a static field: {@link #baseUrl()} and {@link #hooks()} work from the class's
 * {@code @BeforeAll} methods on. Thread-safe.
 */
public final class NestAuthTestServer implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NestAuthTestServer.class);
    private static final Pattern ROUTE_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    /** Where the server puts the tokens it issues. */
    public enum TokenDelivery {
        /** In the answer's body; requests carry {@code Authorization: Bearer} (the default). */
        HEADER,
        /**
         * In {@code httpOnly} cookies ({@code accessToken}, {@code refreshToken}); the answer's body has
         * no tokens and requests authenticate with the cookies.
         */
        COOKIE,
        /**
         * The client chooses per request with the {@code x-access-token-type} header ({@code header}
         * or {@code cookie}); without it, tokens come in the body.
         */
        CLIENT_CHOSEN
    }

    /**
     * Which test-only routes the server has. The reference backend's own routes build on
     * {@code NestAuthTestHooksModule}, the NestJS module a team adds to its own app for contract
     * verification (see {@code reference-backend/README.md}).
     */
    public enum TestRoutes {
        /** Everything {@link BackendHooks} offers, the wipe before each test class included (the default). */
        ALL,
        /**
         * Only what {@code NestAuthTestHooksModule} adds to a team's app: the Pact provider states,
         * which never wipe or change data they did not create, and the codes sent to the users they
         * created ({@link BackendHooks#providerState}, {@link BackendHooks#lastCode}). Nothing is
         * wiped. The server as a deployment under contract verification.
         */
        DROP_IN_MODULE,
        /** None: the server as deployed in production; every route under {@code /__test} answers 404. Nothing is wiped. */
        NONE
    }

    /** How the server treats tenants. */
    public enum TenantMode {
        /** One account across tenants; membership decides access (the default). */
        SHARED,
        /** Accounts belong to one tenant each. */
        ISOLATED,
        /** No tenants. */
        DISABLED
    }

    private final ServerSettings settings;
    private final boolean resetBeforeEachClass;
    private final boolean ownServer;
    private volatile ReferenceBackend backend;

    private NestAuthTestServer(ServerSettings settings, boolean resetBeforeEachClass, boolean ownServer) {
        this.settings = settings;
        this.resetBeforeEachClass = resetBeforeEachClass;
        this.ownServer = ownServer;
    }

    /**
     * A server in the default configuration: header tokens, routes under {@code /api/auth}, shared
     * tenants, MFA optional, 15 min access and 7 day refresh tokens.
     *
     * @return a builder; every option has that default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URL a client of the server is configured with (the SDK's {@code baseUrl}).
     *
     * @return {@code http://127.0.0.1:<port>/api}; the server's routes are under
     *     {@code /api/<routePrefix>/...}
     * @throws IllegalStateException before the extension started the server
     */
    public String baseUrl() {
        return running().baseUrl();
    }

    /**
     * The server without the API prefix.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException before the extension started the server
     */
    public String rootUrl() {
        return running().rootUrl();
    }

    /**
     * The URL of one of the server's routes, for plain HTTP calls.
     *
     * @param route a route below the route prefix, e.g. {@code login} or {@code mfa/status}
     * @return e.g. {@code http://127.0.0.1:<port>/api/auth/login}
     * @throws IllegalStateException before the extension started the server
     */
    public String routeUrl(String route) {
        Objects.requireNonNull(route, "route");
        return baseUrl() + "/" + settings.routePrefix() + "/" + route.replaceFirst("^/+", "");
    }

    /**
     * The prefix of the server's routes below the API prefix.
     *
     * @return {@code auth} unless {@link Builder#routePrefix(String)} chose another
     */
    public String routePrefix() {
        return settings.routePrefix();
    }

    /**
     * The server's test-only routes: codes it sent, data set-up, expired tokens.
     *
     * @return the hooks of the running server
     * @throws IllegalStateException before the extension started the server
     */
    public BackendHooks hooks() {
        return running().hooks();
    }

    /**
     * The running server of this configuration in this test run, started on first use; for
     * extensions that need it before the test class's own callbacks run. Does not wipe it.
     *
     * @param context any extension context of the run
     * @return the running server, shared with every registration of an equal configuration
     * @throws IllegalStateException if Node.js 20+ is missing, or the server cannot be installed or started
     */
    public ReferenceBackend backend(ExtensionContext context) {
        ReferenceBackend started = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ownServer ? this : settings, key -> ReferenceBackend.start(settings),
                        ReferenceBackend.class);
        backend = started;
        return started;
    }

    /** Starts (or finds) the server, with the class's other servers side by side, and wipes it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        startSideBySide(context);
        backend(context);
        boolean topLevelClass = context.getParent().map(parent -> parent.equals(context.getRoot())).orElse(true);
        if (resetBeforeEachClass && settings.testRoutes() == TestRoutes.ALL && topLevelClass) {
            backend.hooks().reset();
        }
    }

    /** Binds a server registered on an instance field (which misses {@link #beforeAll}); no wipe. */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (backend == null) {
            backend(context);
        }
    }

    @Override
    public String toString() {
        ReferenceBackend running = backend;
        return "NestAuthTestServer[" + settings.describe() + (running == null ? ", not started" : ", " + running.baseUrl())
                + "]";
    }

    private ReferenceBackend running() {
        ReferenceBackend running = backend;
        if (running == null) {
            throw new IllegalStateException("The server is not started yet: register the NestAuthTestServer with "
                    + "@RegisterExtension on a static field and use it from @BeforeAll or a test on");
        }
        return running;
    }

    /** Starting takes seconds: the servers of a class's static fields start at once, not in turn. */
    private void startSideBySide(ExtensionContext context) {
        List<NestAuthTestServer> servers = new ArrayList<>();
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == NestAuthTestServer.class) {
                    try {
                        field.setAccessible(true);
                        Object server = field.get(null);
                        if (server != null && server != this && ((NestAuthTestServer) server).backend == null) {
                            servers.add((NestAuthTestServer) server);
                        }
                    } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                        // started in turn by its own beforeAll instead
                    }
                }
            }
        }
        if (servers.isEmpty()) {
            return;
        }
        servers.add(this);
        List<CompletableFuture<ReferenceBackend>> starts = new ArrayList<>();
        for (NestAuthTestServer server : servers) {
            CompletableFuture<ReferenceBackend> start = new CompletableFuture<>();
            // a thread each: the common pool has a single thread on a 2-core machine
            Thread thread = new Thread(() -> {
                try {
                    start.complete(server.backend(context));
                } catch (RuntimeException | Error e) {
                    start.completeExceptionally(e);
                }
            }, "nestauth-test-server-start");
            thread.setDaemon(true);
            thread.start();
            starts.add(start);
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // each server's own beforeAll reports its failure (JUnit keeps the failed start)
        }
    }

    /** Options of the server; each one is a setting of the server library, see the module's README. */
    public static final class Builder {
        private TokenDelivery tokenDelivery = ServerSettings.DEFAULTS.tokenDelivery();
        private boolean csrf = ServerSettings.DEFAULTS.csrf();
        private String routePrefix = ServerSettings.DEFAULTS.routePrefix();
        private boolean multipleAccounts = ServerSettings.DEFAULTS.multipleAccounts();
        private TenantMode tenantMode = ServerSettings.DEFAULTS.tenantMode();
        private boolean mfaRequired = ServerSettings.DEFAULTS.mfaRequired();
        private boolean autoLoginAfterSignup = ServerSettings.DEFAULTS.autoLoginAfterSignup();
        private Duration accessTokenLifetime = ServerSettings.DEFAULTS.accessTokenLifetime();
        private Duration refreshTokenLifetime = ServerSettings.DEFAULTS.refreshTokenLifetime();
        private TestRoutes testRoutes = ServerSettings.DEFAULTS.testRoutes();
        private boolean resetBeforeEachClass = true;
        private boolean ownServer;

        private Builder() {
        }

        /**
         * A server of this registration's own, shared with no other registration even of an equal
         * configuration: for tests whose load or data must not meet another test's.
         *
         * @return this builder
         */
        public Builder ownServer() {
            this.ownServer = true;
            return this;
        }

        /**
         * Where the server puts tokens ({@code session.accessTokenType}; unset for
         * {@link TokenDelivery#CLIENT_CHOSEN}).
         *
         * @param delivery {@link TokenDelivery#HEADER} by default
         * @return this builder
         */
        public Builder tokenDelivery(TokenDelivery delivery) {
            this.tokenDelivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /**
         * CSRF protection of cookie sessions ({@code security.csrf}): a state-changing request
         * authenticated by cookie needs the {@code x-csrf-token} header, equal to the
         * {@code nest_auth_csrf} cookie the server sets at login (or {@code GET <routePrefix>/csrf}).
         * Needs cookie or client-chosen token delivery.
         *
         * @param enabled off by default
         * @return this builder
         */
        public Builder csrfProtection(boolean enabled) {
            this.csrf = enabled;
            return this;
        }

        /**
         * The prefix of the server's routes below {@code /api} (the library's {@code routePrefix}).
         *
         * @param prefix {@code auth} by default; letters, digits, {@code -} and {@code _}, segments
         *     separated by {@code /}
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not such a path
         */
        public Builder routePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!ROUTE_PREFIX.matcher(prefix).matches() || prefix.startsWith("__test")) {
                throw new IllegalArgumentException("routePrefix must be a path such as auth or v1/auth, not '"
                        + prefix + "'");
            }
            this.routePrefix = prefix;
            return this;
        }

        /**
         * Several signed-in accounts per browser ({@code session.allowMultipleAccounts}): in cookie
         * delivery each account gets its own cookies and {@code GET <routePrefix>/accounts} lists them.
         *
         * @param enabled off by default
         * @return this builder
         */
        public Builder multipleAccounts(boolean enabled) {
            this.multipleAccounts = enabled;
            return this;
        }

        /**
         * How the server treats tenants ({@code tenant.enabled} and {@code tenant.mode}).
         *
         * @param mode {@link TenantMode#SHARED} by default
         * @return this builder
         */
        public Builder tenantMode(TenantMode mode) {
            this.tenantMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * MFA for everyone ({@code mfa.required}): a login of a user without MFA answers MFA-pending
         * tokens until they set up a method.
         *
         * @param required off by default
         * @return this builder
         */
        public Builder mfaRequired(boolean required) {
            this.mfaRequired = required;
            return this;
        }

        /**
         * Whether signup signs the new user in ({@code registration.autoLoginAfterSignup}): off, signup
         * answers without tokens and the user logs in afterwards.
         *
         * @param autoLogin on by default
         * @return this builder
         */
        public Builder autoLoginAfterSignup(boolean autoLogin) {
            this.autoLoginAfterSignup = autoLogin;
            return this;
        }

        /**
         * How long access tokens live ({@code session.accessTokenValidity}).
         *
         * @param lifetime 15 minutes by default; whole seconds, at least one
         * @return this builder
         * @throws IllegalArgumentException if not whole seconds or shorter than a second
         */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = lifetime(lifetime, "accessTokenLifetime");
            return this;
        }

        /**
         * How long refresh tokens live ({@code session.refreshTokenValidity}).
         *
         * @param lifetime 7 days by default; whole seconds, at least one
         * @return this builder
         * @throws IllegalArgumentException if not whole seconds or shorter than a second
         */
        public Builder refreshTokenLifetime(Duration lifetime) {
            this.refreshTokenLifetime = lifetime(lifetime, "refreshTokenLifetime");
            return this;
        }

        /**
         * Which test-only routes the server has: all of them, only those of the drop-in
         * {@code NestAuthTestHooksModule} (the server as a team's deployment under contract
         * verification), or none (as in production).
         *
         * @param routes {@link TestRoutes#ALL} by default
         * @return this builder
         */
        public Builder testRoutes(TestRoutes routes) {
            this.testRoutes = Objects.requireNonNull(routes, "routes");
            return this;
        }

        /**
         * Whether the server is wiped before each top-level test class that registers it; only
         * with {@link TestRoutes#ALL}, the others have no route that wipes.
         *
         * @param reset on by default; off keeps the data of earlier classes
         * @return this builder
         */
        public Builder resetBeforeEachClass(boolean reset) {
            this.resetBeforeEachClass = reset;
            return this;
        }

        /**
         * The extension; nothing starts until JUnit runs it.
         *
         * @return the extension, for a static {@code @RegisterExtension} field
         * @throws IllegalStateException if CSRF protection is asked for with header token delivery
         */
        public NestAuthTestServer build() {
            if (csrf && tokenDelivery == TokenDelivery.HEADER) {
                throw new IllegalStateException("csrfProtection(true) protects cookie sessions: choose "
                        + "TokenDelivery.COOKIE or CLIENT_CHOSEN");
            }
            return new NestAuthTestServer(new ServerSettings(tokenDelivery, csrf, routePrefix, multipleAccounts,
                    tenantMode, mfaRequired, accessTokenLifetime, refreshTokenLifetime, testRoutes, autoLoginAfterSignup),
                    resetBeforeEachClass,
                    ownServer);
        }

        private static Duration lifetime(Duration lifetime, String name) {
            Objects.requireNonNull(lifetime, name);
            if (lifetime.getNano() != 0 || lifetime.getSeconds() < 1) {
                throw new IllegalArgumentException(name + " must be whole seconds, at least one: " + lifetime);
            }
            return lifetime;
        }
    }
}
