package io.nestauth.contract.smoke;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.ServerConfig;
import io.nestauth.client.SessionStatus;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A smoke check of a Nest Auth deployment through its public endpoints alone, with
 * {@link NestAuthClient}: no test hooks, nothing but what any client may do. It signs up a new
 * account with a fresh address, signs in, reads the session, refreshes, logs out, changes the
 * password, and checks the error answers for a wrong password, a missing token and invalid input.
 *
 * <pre>
 * mvn -q -pl nestauth-contract-tests -am package -DskipTests -Psmoke -Dnestauth.baseUrl=https://staging.example.com/api
 * </pre>
 *
 * <p>The report says for each check whether it passed, what was expected and what came back; it
 * never prints a password or a token. A check the deployment's configuration rules out (signup
 * disabled, verified emails or MFA required, a rate limit) is reported as skipped, with the reason.
 * Run from {@code main}, a failed check ends it with an exception (a non-zero exit). The account
 * ({@code nestauth-smoke-<random>@example.com}, or the domain of {@code -Dnestauth.smoke.emailDomain})
 * stays behind, signed out.
 */
public final class SmokeCheck {

    /** System property: the domain of the smoke account's address, for deployments that allow only some. */
    public static final String EMAIL_DOMAIN_PROPERTY = "nestauth.smoke.emailDomain";
    /** System property: {@code true} lets the SDK use plain http on a host other than loopback. */
    public static final String INSECURE_HTTP_PROPERTY = "nestauth.smoke.allowInsecureHttp";
    /** System property: the server's {@code routePrefix} option when it is not {@code auth}. */
    public static final String ROUTE_PREFIX_PROPERTY = "nestauth.routePrefix";

    /** How a check ended. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED
    }

    /**
     * One check.
     *
     * @param check what was tried
     * @param outcome how it ended
     * @param expected what a deployment the SDK works with answers
     * @param got what came back (never a secret), or why it was skipped
     */
    public record Result(String check, Outcome outcome, String expected, String got) {
    }

    /**
     * All checks of one run.
     *
     * @param baseUrl the deployment
     * @param account the smoke account's address
     * @param accountMade whether the signup made it (it then stays on the deployment)
     * @param results the checks, in the order they ran
     */
    public record Report(String baseUrl, String account, boolean accountMade, List<Result> results) {

        /** @return true when no check failed (skipped ones do not fail the run) */
        public boolean passed() {
            return count(Outcome.FAILED) == 0;
        }

        public long count(Outcome outcome) {
            return results.stream().filter(r -> r.outcome() == outcome).count();
        }

        public String summary() {
            return results.size() + " checks: " + count(Outcome.PASSED) + " passed, " + count(Outcome.FAILED)
                    + " failed, " + count(Outcome.SKIPPED) + " skipped";
        }

        /** The plain report: a block per check and the summary. */
        public String render() {
            StringBuilder out = new StringBuilder("Nest Auth smoke check of ").append(baseUrl).append('\n')
                    .append("(public endpoints only, no test hooks; ")
                    .append(accountMade ? "the account " + account + " stays behind, signed out" : "no account was made")
                    .append(")\n\n");
            for (Result result : results) {
                out.append(String.format(Locale.ROOT, "%-8s %s%n", result.outcome(), result.check()));
                out.append("         expected: ").append(result.expected()).append('\n');
                out.append(result.outcome() == Outcome.SKIPPED ? "         skipped:  " : "         got:      ")
                        .append(result.got()).append('\n');
            }
            return out.append('\n').append(summary()).append('\n').toString();
        }
    }

    /** Thrown by {@link #main} when a check failed, so that the command exits non-zero. */
    static final class SmokeCheckFailed extends RuntimeException {
        SmokeCheckFailed(String message) {
            super(message);
        }
    }

    /** A check's answer that is not what a deployment the SDK works with answers. */
    private static final class Mismatch extends RuntimeException {
        Mismatch(String got) {
            super(got, null, false, false);
        }
    }

    /** The deployment's configuration rules the check out. */
    private static final class Skip extends RuntimeException {
        Skip(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A check: answers what came back when it passed, throws {@link Mismatch} or {@link Skip} otherwise. */
    private interface Step {
        String run() throws IOException;
    }

    /** Server codes that say the deployment is set up so that the check cannot run, and why. */
    private static final Map<ErrorCode, String> SETUP_REASONS = Map.of(
            ErrorCode.REGISTRATION_DISABLED, "signup is disabled on this deployment",
            ErrorCode.EMAIL_NOT_VERIFIED, "this deployment lets only accounts with a verified email address in; "
                    + "the smoke check cannot read the verification email",
            ErrorCode.EMAIL_DOMAIN_NOT_ALLOWED, "this deployment does not take addresses of the smoke account's "
                    + "domain: choose one it takes with -D" + EMAIL_DOMAIN_PROPERTY + "=<domain>",
            ErrorCode.MFA_REQUIRED, "this deployment requires a second factor, whose code the smoke check cannot read",
            ErrorCode.TENANT_ID_REQUIRED, "accounts belong to a tenant on this deployment (isolated tenants)",
            ErrorCode.CAPTCHA_REQUIRED, "this deployment asks for a CAPTCHA",
            ErrorCode.RATE_LIMITED, "the deployment's rate limit refused the request: run the check again later",
            ErrorCode.ACCOUNT_LOCKED, "the deployment locked the account after failed logins: run the check again later");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;
    private final String routePrefix;
    private final boolean allowInsecureHttp;
    private final String email;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30))
            .followRedirects(false).build();
    private final List<Result> results = new ArrayList<>();
    private String password = "Smoke-" + hex(12) + "-9a!";
    private boolean accountMade;

    private SmokeCheck(String baseUrl, String routePrefix, String emailDomain, boolean allowInsecureHttp) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.routePrefix = routePrefix.replaceAll("^/+|/+$", "");
        this.allowInsecureHttp = allowInsecureHttp;
        this.email = "nestauth-smoke-" + hex(5) + "@" + emailDomain;
    }

    /**
     * Runs every check against a deployment.
     *
     * @param baseUrl the deployment's API with its global prefix, e.g. {@code https://staging.example.com/api}
     * @return the report
     * @throws IllegalArgumentException if the URL cannot be used (before any request)
     */
    public static Report run(String baseUrl) {
        return run(baseUrl, System.getProperty(ROUTE_PREFIX_PROPERTY, "auth"));
    }

    /**
     * Runs every check against a deployment whose routes are below another prefix.
     *
     * @param baseUrl the deployment's API with its global prefix
     * @param routePrefix the server's {@code routePrefix} option, e.g. {@code identity}
     * @return the report
     * @throws IllegalArgumentException if the URL or the prefix cannot be used (before any request)
     */
    public static Report run(String baseUrl, String routePrefix) {
        return run(baseUrl, routePrefix, System.getProperty(EMAIL_DOMAIN_PROPERTY, "example.com"),
                Boolean.getBoolean(INSECURE_HTTP_PROPERTY));
    }

    static Report run(String baseUrl, String emailDomain, boolean allowInsecureHttp) {
        return run(baseUrl, "auth", emailDomain, allowInsecureHttp);
    }

    private static Report run(String baseUrl, String routePrefix, String emailDomain, boolean allowInsecureHttp) {
        if (baseUrl == null || baseUrl.isBlank() || baseUrl.contains("${")) {
            throw new IllegalArgumentException("Give the deployment's base URL with its global prefix: "
                    + "-Dnestauth.baseUrl=https://staging.example.com/api");
        }
        if (HttpUrl.parse(baseUrl) == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl);
        }
        SmokeCheck smoke = new SmokeCheck(baseUrl, routePrefix, emailDomain, allowInsecureHttp);
        try {
            smoke.client(new InMemoryTokenStore()).close(); // the SDK's checks of the URL, before any request
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (for the smoke check: -D" + INSECURE_HTTP_PROPERTY
                    + "=true)", e);
        }
        try {
            smoke.runChecks();
        } finally {
            smoke.http.connectionPool().evictAll();
        }
        return new Report(smoke.baseUrl, smoke.email, smoke.accountMade, List.copyOf(smoke.results));
    }

    /**
     * Prints the report of a run against {@code args[0]} (or {@code -Dnestauth.baseUrl}).
     *
     * @param args the base URL
     * @throws SmokeCheckFailed when a check failed
     */
    public static void main(String[] args) {
        String baseUrl = args.length > 0 ? args[0] : System.getProperty("nestauth.baseUrl");
        Report report = run(baseUrl);
        PrintStream out = System.out;
        out.print(report.render());
        out.flush();
        if (!report.passed()) {
            throw new SmokeCheckFailed("the smoke check of " + report.baseUrl() + " failed: " + report.summary());
        }
    }

    // ---- the checks ----------------------------------------------------------------------------

    private void runChecks() {
        InMemoryTokenStore signedUpSession = new InMemoryTokenStore();
        try (NestAuthClient anonymous = client(new InMemoryTokenStore());
                NestAuthClient signedUp = client(signedUpSession);
                NestAuthClient other = client(new InMemoryTokenStore())) {
            check("client configuration", "200 with the server's public settings", () -> {
                ServerConfig config = anonymous.getClientConfig().execute();
                return "200: " + describe(config);
            });
            check("signup with a new address", "a session for " + email, () -> signup(signedUp));
            check("session user (GET /auth/me)", "200 with the account's id and email " + email, () -> {
                requireSession(signedUp);
                SessionUser me = signedUp.getSessionUserData().execute();
                if (!me.email().map(email::equalsIgnoreCase).orElse(false)) {
                    throw new Mismatch("200 with email " + me.email().orElse("(none)"));
                }
                return "200, user " + me.id() + ", " + me.email().orElse("");
            });
            check("login with the right password", "a session (not waiting for MFA)", () -> {
                requireAccount();
                AuthResponse login = other.loginWithEmail(email, password).execute();
                if (login.isRequiresMfa()) {
                    throw new Skip(SETUP_REASONS.get(ErrorCode.MFA_REQUIRED) + " (the login answered isRequiresMfa)");
                }
                return "200, signed in" + login.claims().flatMap(c -> c.userId()).map(id -> " as " + id).orElse("");
            });
            check("refresh", "a new refresh token (rotation), the session accepted by GET /auth/verify-session", () -> {
                requireSession(signedUp);
                String before = signedUpSession.load().map(StoredTokens::refreshToken).orElse("");
                signedUp.refreshSession().execute();
                if (signedUpSession.load().map(StoredTokens::refreshToken).orElse("").equals(before)) {
                    throw new Mismatch("200 but the same refresh token as before: not rotated");
                }
                SessionStatus status = signedUp.verifySession().execute();
                if (!status.isValid()) {
                    throw new Mismatch("a new access token, but verify-session answered valid=false");
                }
                return "200 with a new refresh token; verify-session: valid until " + status.expiresAt();
            });
            check("wrong password", "401 INVALID_CREDENTIALS", () -> {
                requireAccount();
                try {
                    other.loginWithEmail(email, password + "-wrong").execute();
                    throw new Mismatch("200: a session for a wrong password");
                } catch (InvalidCredentialsException e) {
                    return answer(e);
                }
            });
            check("request without a token", "401 with a JSON error (GET /auth/me, no Authorization header)",
                    () -> expectError(rawGet("me", null), 401));
            check("invalid input", "400 with a message (forgot-password for the malformed phone 12345)", () -> {
                try {
                    anonymous.forgotPassword("12345").execute();
                    throw new Mismatch("2xx: the malformed phone was taken");
                } catch (ValidationException e) {
                    if (e.status() != 400 || e.serverMessage().isEmpty()) {
                        throw new Mismatch(answer(e));
                    }
                    return answer(e);
                }
            });
            check("logout", "200, and the server refuses the session's access token afterwards (401)", () -> {
                requireSession(other);
                String token = other.accessToken().orElseThrow();
                other.logout().execute();
                if (other.isAuthenticated()) {
                    throw new Mismatch("200 but the client is still signed in");
                }
                return "200; the old access token then: " + expectError(rawGet("me", token), 401);
            });
            check("change password", "200 and the session ended; the new password signs in", () -> {
                requireSession(signedUp);
                String newPassword = "Smoke-" + hex(12) + "-8b!";
                signedUp.changePassword(password, newPassword).execute();
                password = newPassword;
                if (signedUp.isAuthenticated()) {
                    throw new Mismatch("200 but the client is still signed in (the server revokes every session)");
                }
                other.loginWithEmail(email, newPassword).execute();
                other.logout().execute();
                return "200, signed out; a login with the new password worked";
            });
        }
    }

    private String signup(NestAuthClient client) {
        AuthResponse signup = client.signupWithEmail(email, password).execute();
        accountMade = true;
        if (signup.hasSession()) {
            return "200, signed in";
        }
        // registration.autoLoginAfterSignup off: the account exists, without a session
        client.loginWithEmail(email, password).execute();
        return "200 without tokens: the account was made but not signed in (the deployment turns "
                + "autoLoginAfterSignup off), so the check signed in";
    }

    private void requireAccount() {
        if (!accountMade) {
            throw new Skip("needs the account that the signup check did not make");
        }
    }

    private void requireSession(NestAuthClient client) {
        requireAccount();
        if (!client.isAuthenticated()) {
            throw new Skip("needs a session, which an earlier check did not get");
        }
    }

    private void check(String name, String expected, Step step) {
        Result result;
        try {
            result = new Result(name, Outcome.PASSED, expected, step.run());
        } catch (Skip skip) {
            result = new Result(name, Outcome.SKIPPED, expected, skip.getMessage());
        } catch (Mismatch mismatch) {
            result = new Result(name, Outcome.FAILED, expected, mismatch.getMessage());
        } catch (NestAuthException e) {
            Optional<String> reason = e.errorCode().map(SETUP_REASONS::get);
            result = reason.isPresent()
                    ? new Result(name, Outcome.SKIPPED, expected, reason.get() + " (" + answer(e) + ")")
                    : new Result(name, Outcome.FAILED, expected, answer(e));
        } catch (IOException | RuntimeException e) {
            // the SDK's and OkHttp's messages name no secret
            result = new Result(name, Outcome.FAILED, expected, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        results.add(result);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private NestAuthClient client(InMemoryTokenStore store) {
        return NestAuthClient.builder().baseUrl(baseUrl).routePrefix(routePrefix).allowInsecureHttp(allowInsecureHttp)
                .tokenStore(store).build();
    }

    /** Status, code and the server's message of an error answer. */
    private static String answer(NestAuthException e) {
        return (e.status() > 0 ? e.status() + " " : "") + e.code().orElse("(no code)")
                + e.serverMessage().map(m -> " \"" + shorten(m) + "\"").orElse("");
    }

    /** A JSON error of the expected status, described; else a {@link Mismatch}. */
    private static String expectError(RawAnswer answer, int status) {
        boolean json = answer.contentType().contains("json") && answer.body().trim().startsWith("{")
                && answer.body().contains("\"message\"");
        String got = answer.status() + " " + shorten(answer.body());
        if (answer.status() != status || !json) {
            throw new Mismatch(got);
        }
        return got;
    }

    private record RawAnswer(int status, String contentType, String body) {
    }

    /** A GET of one of the server's routes, with or without a bearer token, as plain HTTP. */
    private RawAnswer rawGet(String route, String bearer) throws IOException {
        Request.Builder request = new Request.Builder().url(baseUrl + "/" + routePrefix + "/" + route).get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            return new RawAnswer(response.code(), Optional.ofNullable(response.header("Content-Type")).orElse(""),
                    response.body().string());
        }
    }

    private static String describe(ServerConfig config) {
        return "email login " + (config.isEmailAuthEnabled() ? "on" : "off")
                + ", registration " + (config.isRegistrationEnabled()
                        ? (config.isInvitationRequired() ? "by invitation" : "open") : "closed")
                + ", MFA " + (config.isMfaEnabled()
                        ? config.mfaMethods().stream().map(MfaMethod::name).map(m -> m.toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining("/"))
                        : "off")
                + ", tenants " + (config.isTenantsEnabled() ? config.tenantMode().orElse("on") : "off")
                + ", tokens in " + config.accessTokenType().orElse("the client's choice");
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
