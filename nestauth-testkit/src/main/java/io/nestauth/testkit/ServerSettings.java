package io.nestauth.testkit;

import io.nestauth.testkit.NestAuthTestServer.TenantMode;
import io.nestauth.testkit.NestAuthTestServer.TestRoutes;
import io.nestauth.testkit.NestAuthTestServer.TokenDelivery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration of the reference backend, as the environment variables its
 * {@code src/settings.ts} reads. A value: equal settings share one running backend per test run.
 */
record ServerSettings(TokenDelivery tokenDelivery, boolean csrf, String routePrefix, boolean multipleAccounts,
        TenantMode tenantMode, boolean mfaRequired, Duration accessTokenLifetime, Duration refreshTokenLifetime,
        TestRoutes testRoutes, boolean autoLoginAfterSignup) {

    /** The settings before autoLoginAfterSignup existed, which signs in after signup. */
    ServerSettings(TokenDelivery tokenDelivery, boolean csrf, String routePrefix, boolean multipleAccounts,
            TenantMode tenantMode, boolean mfaRequired, Duration accessTokenLifetime, Duration refreshTokenLifetime,
            TestRoutes testRoutes) {
        this(tokenDelivery, csrf, routePrefix, multipleAccounts, tenantMode, mfaRequired, accessTokenLifetime,
                refreshTokenLifetime, testRoutes, true);
    }

    /** The configuration of spec/SERVER-BEHAVIOUR.md §1, with every test route. */
    static final ServerSettings DEFAULTS = new ServerSettings(TokenDelivery.HEADER, false, "auth", false,
            TenantMode.SHARED, false, Duration.ofMinutes(15), Duration.ofDays(7), TestRoutes.ALL);

    /** The global prefix the app always runs with here: {@code baseUrl()} ends with it. */
    static final String API_PREFIX = "api";

    /**
     * The app's environment for these settings: every switch explicit, so that a variable of the
     * user's shell cannot change the configuration (the secrets and LOG are still inherited);
     * NODE_ENV too, as the test hooks refuse to start under NODE_ENV=production.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("API_PREFIX", API_PREFIX);
        env.put("ROUTE_PREFIX", routePrefix);
        env.put("TOKEN_DELIVERY", switch (tokenDelivery) {
            case HEADER -> "header";
            case COOKIE -> "cookie";
            case CLIENT_CHOSEN -> "client";
        });
        env.put("CSRF", flag(csrf));
        env.put("MULTIPLE_ACCOUNTS", flag(multipleAccounts));
        env.put("TENANT_MODE", tenantMode.name().toLowerCase(Locale.ROOT));
        env.put("MFA_REQUIRED", flag(mfaRequired));
        env.put("AUTO_LOGIN_AFTER_SIGNUP", flag(autoLoginAfterSignup));
        env.put("ACCESS_TOKEN_TTL", accessTokenLifetime.toSeconds() + "s");
        env.put("REFRESH_TOKEN_TTL", refreshTokenLifetime.toSeconds() + "s");
        env.put("RATE_LIMIT", "0");
        env.put("LOCKOUT", "0");
        env.put("GLOBAL_AUTH_FILTER", "1");
        env.put("NODE_ENV", "test");
        // the drop-in module (NestAuthTestHooksModule) and the reference backend's own routes
        env.put("NEST_AUTH_TEST_HOOKS", testRoutes == TestRoutes.NONE ? "off" : "on");
        env.put("REFERENCE_TEST_ROUTES", testRoutes == TestRoutes.ALL ? "on" : "off");
        // the app exits when this pipe closes, even if the JVM is killed without shutdown hooks
        env.put("EXIT_ON_STDIN_CLOSE", "1");
        return env;
    }

    /** Short, for names and messages: only what differs from the defaults. */
    String describe() {
        StringBuilder out = new StringBuilder(tokenDelivery.name().toLowerCase(Locale.ROOT));
        if (csrf) {
            out.append("+csrf");
        }
        if (!routePrefix.equals(DEFAULTS.routePrefix)) {
            out.append(", routePrefix ").append(routePrefix);
        }
        if (multipleAccounts) {
            out.append(", multiple accounts");
        }
        if (tenantMode != DEFAULTS.tenantMode) {
            out.append(", tenants ").append(tenantMode.name().toLowerCase(Locale.ROOT));
        }
        if (mfaRequired) {
            out.append(", MFA required");
        }
        if (!autoLoginAfterSignup) {
            out.append(", no sign-in after signup");
        }
        if (!accessTokenLifetime.equals(DEFAULTS.accessTokenLifetime)
                || !refreshTokenLifetime.equals(DEFAULTS.refreshTokenLifetime)) {
            out.append(", tokens ").append(accessTokenLifetime.toSeconds()).append(" s / ")
                    .append(refreshTokenLifetime.toSeconds()).append(" s");
        }
        if (testRoutes == TestRoutes.DROP_IN_MODULE) {
            out.append(", test routes of the drop-in module only");
        } else if (testRoutes == TestRoutes.NONE) {
            out.append(", no test routes");
        }
        return out.toString();
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
