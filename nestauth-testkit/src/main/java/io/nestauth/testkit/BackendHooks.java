package io.nestauth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The reference backend's test-only routes under {@code /__test} (outside the API prefix and the
 * route prefix, in every configuration): the one-time codes the server sent, data set-up
 * (tenants, memberships, user flags, roles), tokens and codes computed with the backend's secrets,
 * ID tokens of its test-only social provider, and Pact provider states.
 *
 * <p>A user is named by a string: an email (contains {@code @}), a phone in E.164 form (starts with
 * {@code +}) or the user's id. Arguments are checked before anything is sent. Every method throws
 * {@link IllegalStateException} (with the route, the status and the answer) when the backend
 * answers an error, and {@link UncheckedIOException} when it cannot be reached.
 *
 * <p>Thread-safe. Roles, permissions and flags are copied into a session at login: a user signs in
 * again before a change shows in their tokens.
 */
public final class BackendHooks implements AutoCloseable {

    /**
     * The social provider that exists only in the reference backend: it accepts the ID tokens that
     * {@link #socialIdToken(String, String)} gets the backend to sign.
     */
    public static final String TEST_OIDC_PROVIDER = "test-oidc";

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl root;
    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * A client of the test routes of a running reference backend.
     *
     * @param rootUrl the backend without API prefix, e.g. {@code http://127.0.0.1:3000}
     */
    public BackendHooks(String rootUrl) {
        this.root = HttpUrl.get(Objects.requireNonNull(rootUrl, "rootUrl"));
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofSeconds(90))
                .build();
    }

    /** What a one-time code was sent for. */
    public enum CodePurpose {
        /** A passwordless sign-in code ({@code POST /auth/passwordless/send}). */
        PASSWORDLESS("passwordless"),
        /** An email verification code. */
        VERIFY_EMAIL("verify-email"),
        /** A phone verification code. */
        VERIFY_PHONE("verify-phone"),
        /** An MFA code sent by email or SMS. */
        MFA("mfa"),
        /** A password-reset code ({@code POST /auth/forgot-password}). */
        PASSWORD_RESET("password-reset"),
        /** An invitation; its "code" is the set-password token for {@code POST /auth/reset-password}. */
        INVITE("invite");

        private final String wireName;

        CodePurpose(String wireName) {
            this.wireName = wireName;
        }

        static CodePurpose fromWire(String name) {
            for (CodePurpose purpose : values()) {
                if (purpose.wireName.equals(name)) {
                    return purpose;
                }
            }
            throw new IllegalStateException("The backend reported an unknown code purpose: " + name);
        }
    }

    /**
     * A one-time code the server sent (by email or SMS in a real deployment); {@link #toString()}
     * leaves the code out.
     *
     * @param sentTo the email or phone it was sent to
     * @param purpose what it is for
     * @param code the code (for {@link CodePurpose#INVITE}, the set-password token)
     * @param channel {@code email} or {@code sms}; null when the server did not say
     * @param userId the user's id; null when the code is not for a known user
     * @param tenantId the tenant; null outside tenants
     * @param sentAt when the backend captured it
     */
    public record SentCode(String sentTo, CodePurpose purpose, String code, String channel, String userId,
            String tenantId, Instant sentAt) {

        @Override
        public String toString() {
            return "SentCode[" + purpose + " to " + sentTo + " via " + channel + ", user " + userId
                    + (tenantId == null ? "" : ", tenant " + tenantId) + ", at " + sentAt + "]";
        }
    }

    /**
     * A tenant the backend created.
     *
     * @param id its id, for {@code tenantId} fields and {@link #addMember}
     * @param name its display name
     * @param slug its slug
     */
    public record Tenant(String id, String name, String slug) {
    }

    /**
     * Flags to force on a user; a flag left unset is not changed. Immutable.
     *
     * <pre>{@code hooks.setUserFlags("ann@example.com", UserFlags.unchanged().emailVerified(true).mfaEnabled(true)); }</pre>
     */
    public static final class UserFlags {
        private final Map<String, Boolean> values;

        private UserFlags(Map<String, Boolean> values) {
            this.values = values;
        }

        /**
         * No change yet.
         *
         * @return flags that change nothing
         */
        public static UserFlags unchanged() {
            return new UserFlags(Map.of());
        }

        /**
         * Turns MFA on or off (the user's own switch).
         *
         * @param enabled the new value
         * @return these flags plus this one
         */
        public UserFlags mfaEnabled(boolean enabled) {
            return with("isMfaEnabled", enabled);
        }

        /**
         * Marks the email verified (now) or not.
         *
         * @param verified the new value
         * @return these flags plus this one
         */
        public UserFlags emailVerified(boolean verified) {
            return with("emailVerified", verified);
        }

        /**
         * Marks the phone verified (now) or not.
         *
         * @param verified the new value
         * @return these flags plus this one
         */
        public UserFlags phoneVerified(boolean verified) {
            return with("phoneVerified", verified);
        }

        /**
         * Asks the user to change their password at the next login, or not.
         *
         * @param mustChange the new value
         * @return these flags plus this one
         */
        public UserFlags mustChangePassword(boolean mustChange) {
            return with("mustChangePassword", mustChange);
        }

        /**
         * Activates or deactivates the account.
         *
         * @param active the new value
         * @return these flags plus this one
         */
        public UserFlags active(boolean active) {
            return with("isActive", active);
        }

        private UserFlags with(String name, boolean value) {
            Map<String, Boolean> copy = new LinkedHashMap<>(values);
            copy.put(name, value);
            return new UserFlags(Map.copyOf(copy));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof UserFlags flags && flags.values.equals(values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return "UserFlags" + values;
        }
    }

    /**
     * Wipes every table, the captured codes and the server's in-memory rate-limit and lockout
     * counters: a route of the reference backend's own, on a server with
     * {@link NestAuthTestServer.TestRoutes#ALL} only (elsewhere it fails with the server's 404).
     */
    public void reset() {
        post("reset", Map.of());
    }

    // ---- one-time codes ----------------------------------------------------------------------

    /**
     * The last code of any purpose sent to an email or phone.
     *
     * @param sentTo the email or phone (or the user's id)
     * @return the code
     * @throws IllegalStateException if none was sent
     */
    public String lastCode(String sentTo) {
        return lastCode(sentTo, null);
    }

    /**
     * The last code of a purpose sent to an email or phone.
     *
     * @param sentTo the email or phone (or the user's id)
     * @param purpose what the code is for; null for any
     * @return the code
     * @throws IllegalStateException if none was sent
     */
    public String lastCode(String sentTo, CodePurpose purpose) {
        return lastSentCode(sentTo, purpose).map(SentCode::code)
                .orElseThrow(() -> new IllegalStateException("No " + (purpose == null ? "" : purpose + " ")
                        + "code was sent to " + sentTo));
    }

    /**
     * The last code of a purpose sent to an email or phone, with where and when it went.
     *
     * @param sentTo the email or phone (or the user's id)
     * @param purpose what the code is for; null for any
     * @return the code, or empty if none was sent
     */
    public Optional<SentCode> lastSentCode(String sentTo, CodePurpose purpose) {
        HttpUrl.Builder url = url("otp").newBuilder().addQueryParameter("identifier", required(sentTo, "sentTo"));
        if (purpose != null) {
            url.addQueryParameter("purpose", purpose.wireName);
        }
        Request request = new Request.Builder().url(url.build()).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            return Optional.of(sentCode(read(request, response)));
        } catch (IOException e) {
            throw failed(request, e);
        }
    }

    /**
     * Every code sent since the last {@link #reset()} or {@link #clearCodes()}.
     *
     * @return the codes, oldest first
     */
    public List<SentCode> sentCodes() {
        List<SentCode> codes = new ArrayList<>();
        execute(new Request.Builder().url(url("otps")).get().build()).forEach(node -> codes.add(sentCode(node)));
        return List.copyOf(codes);
    }

    /** Forgets the codes sent so far. */
    public void clearCodes() {
        execute(new Request.Builder().url(url("otps")).delete().build());
    }

    // ---- data ------------------------------------------------------------------------------

    /**
     * Creates a tenant.
     *
     * @param name its display name
     * @param slug its slug, unique
     * @return the tenant, with its id
     */
    public Tenant createTenant(String name, String slug) {
        JsonNode tenant = post("tenants", Map.of("name", required(name, "name"), "slug", required(slug, "slug")));
        return new Tenant(tenant.path("id").asText(), tenant.path("name").asText(), tenant.path("slug").asText());
    }

    /**
     * Makes a user a member of a tenant.
     *
     * @param user the user's email, phone or id
     * @param tenantId the tenant (see {@link #createTenant})
     * @param roles names of roles the user gets in the tenant, created when missing
     */
    public void addMember(String user, String tenantId, String... roles) {
        Map<String, Object> body = userRef(user);
        body.put("tenantId", required(tenantId, "tenantId"));
        body.put("roles", names(roles, "roles"));
        post("memberships", body);
    }

    /**
     * Forces flags on a user.
     *
     * @param user the user's email, phone or id
     * @param flags the flags to change
     */
    public void setUserFlags(String user, UserFlags flags) {
        Map<String, Object> body = userRef(user);
        Map<String, Boolean> values = Objects.requireNonNull(flags, "flags").values;
        if (values.isEmpty()) {
            throw new IllegalArgumentException("flags change nothing: set at least one");
        }
        body.putAll(values);
        post("users/flags", body);
    }

    /**
     * Gives a user a role outside tenants; the role and its permissions are created when missing.
     *
     * @param user the user's email, phone or id
     * @param role the role's name, e.g. {@code editor}
     * @param permissions permissions the role carries, e.g. {@code users.invite}
     */
    public void giveRole(String user, String role, String... permissions) {
        grant(user, null, role, permissions);
    }

    /**
     * Gives a user a role in one tenant (the user becomes a member when needed); the role and its
     * permissions are created when missing.
     *
     * @param user the user's email, phone or id
     * @param tenantId the tenant
     * @param role the role's name
     * @param permissions permissions the role carries
     */
    public void giveRoleInTenant(String user, String tenantId, String role, String... permissions) {
        grant(user, required(tenantId, "tenantId"), role, permissions);
    }

    private void grant(String user, String tenantId, String role, String... permissions) {
        Map<String, Object> body = userRef(user);
        body.put("role", required(role, "role"));
        body.put("permissions", names(permissions, "permissions"));
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        post("roles/grant", body);
    }

    // ---- session events ----------------------------------------------------------------------

    /**
     * What the server recorded for one user's sessions since the last reset.
     *
     * @param refreshes refreshes the server granted
     * @param reuseDetections used refresh tokens presented again (the server revoked the session each time)
     */
    public record SessionEvents(int refreshes, int reuseDetections) {
    }

    /**
     * The refreshes granted and refresh-token reuses detected for a user's sessions since the last
     * reset: the server's own record, for tests of clients that share a session.
     *
     * @param userId the user's id
     * @return the counts
     */
    public SessionEvents sessionEvents(String userId) {
        HttpUrl url = url("session-events").newBuilder().addQueryParameter("userId", userId).build();
        JsonNode counts = execute(new Request.Builder().url(url).get().build());
        return new SessionEvents(counts.path("refreshes").asInt(), counts.path("reuseDetections").asInt());
    }

    // ---- tokens and codes computed by the backend --------------------------------------------

    /**
     * An expired copy of an access token: the same claims signed again with the backend's secret,
     * {@code exp} one minute ago. The server answers it with {@code 401 INVALID_TOKEN}.
     *
     * @param accessToken a token the backend issued
     * @return the expired copy
     */
    public String expiredCopyOf(String accessToken) {
        return post("tokens/expired", Map.of("accessToken", required(accessToken, "accessToken")))
                .path("accessToken").asText();
    }

    /**
     * The current TOTP code for a secret.
     *
     * @param secret the base32 secret {@code POST /auth/mfa/setup-totp} returned
     * @return the six-digit code
     */
    public String totpCode(String secret) {
        return post("totp", Map.of("secret", required(secret, "secret"))).path("code").asText();
    }

    // ---- social sign-in -----------------------------------------------------------------------

    /**
     * An ID token of {@value #TEST_OIDC_PROVIDER} for an email (one email, one subject).
     *
     * @param email the email the token carries
     * @return the signed ID token, valid for ten minutes
     */
    public String socialIdToken(String email) {
        return socialIdToken(email, null);
    }

    /**
     * An ID token of {@value #TEST_OIDC_PROVIDER}, signed with the key the backend made at start.
     *
     * @param email the email the token carries
     * @param name the {@code name} claim; null for none
     * @return the signed ID token, valid for ten minutes
     */
    public String socialIdToken(String email, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", required(email, "email"));
        if (name != null) {
            body.put("name", name);
        }
        return socialIdTokenDetails(body).path("idToken").asText();
    }

    /**
     * The raw {@code POST /__test/social/id-token}, for negative tests.
     *
     * @param request {@code email} and optionally {@code name, sub, emailVerified, expiresInSeconds}
     *     (negative: already expired), {@code issuer, audience} (others than the provider accepts)
     * @return {@code idToken, sub, email, iss, aud, exp}
     */
    public JsonNode socialIdTokenDetails(Map<String, ?> request) {
        return post("social/id-token", Objects.requireNonNull(request, "request"));
    }

    // ---- Pact provider states ----------------------------------------------------------------

    /**
     * The state-change URL for Pact provider verification ({@code @State} handlers are not needed).
     *
     * @return {@code <root>/__test/provider-state}
     */
    public String providerStateUrl() {
        return url("provider-state").toString();
    }

    /**
     * Sets up a provider state as a Pact verifier would.
     *
     * @param state the state's sentence, e.g. {@code a user with email {email} and password {password} exists}
     * @param params its parameters; null for none
     * @return the values the state provides (ids, tokens, codes)
     */
    public JsonNode providerState(String state, Map<String, ?> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", required(state, "state"));
        body.put("params", params == null ? Map.of() : params);
        body.put("action", "setup");
        return post("provider-state", body);
    }

    /**
     * As {@link #providerState(String, Map)}, as a map: what a pact-jvm {@code @State} method returns
     * so that {@code fromProviderState} expressions get these values.
     *
     * @param state the state's sentence
     * @param params its parameters; null for none
     * @return the values the state provides
     */
    public Map<String, Object> providerStateValues(String state, Map<String, ?> params) {
        return mapper.convertValue(providerState(state, params), new TypeReference<Map<String, Object>>() {
        });
    }

    /**
     * The backend these hooks talk to.
     *
     * @return its root URL, without API prefix and without a trailing slash
     */
    public String rootUrl() {
        return root.toString().replaceAll("/$", "");
    }

    /** Releases pooled connections. */
    @Override
    public void close() {
        http.connectionPool().evictAll();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static List<String> names(String[] values, String what) {
        List<String> names = Arrays.asList(Objects.requireNonNull(values, what));
        names.forEach(name -> required(name, "each of " + what));
        return names;
    }

    /** The backend's {@code email | phone | userId} fields, from how the string looks. */
    private static Map<String, Object> userRef(String user) {
        String trimmed = required(user, "user").trim();
        Map<String, Object> ref = new LinkedHashMap<>();
        if (trimmed.contains("@")) {
            ref.put("email", trimmed);
        } else if (trimmed.startsWith("+")) {
            ref.put("phone", trimmed);
        } else {
            ref.put("userId", trimmed);
        }
        return ref;
    }

    private static SentCode sentCode(JsonNode node) {
        return new SentCode(text(node, "identifier"), CodePurpose.fromWire(node.path("purpose").asText()),
                node.path("code").asText(), text(node, "channel"), text(node, "userId"), text(node, "tenantId"),
                Instant.parse(node.path("at").asText()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private HttpUrl url(String path) {
        return root.newBuilder().addPathSegment("__test").addPathSegments(path).build();
    }

    private JsonNode post(String path, Map<String, ?> body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the request of /__test/" + path + " as JSON", e);
        }
        return execute(new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build());
    }

    private JsonNode execute(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return read(request, response);
        } catch (IOException e) {
            throw failed(request, e);
        }
    }

    private JsonNode read(Request request, Response response) throws IOException {
        String text = response.body().string();
        if (!response.isSuccessful()) {
            throw new IllegalStateException(request.method() + " " + request.url().encodedPath() + " answered "
                    + response.code() + ": " + text);
        }
        return text.isEmpty() ? mapper.createObjectNode() : mapper.readTree(text);
    }

    private static UncheckedIOException failed(Request request, IOException e) {
        return new UncheckedIOException(request.method() + " " + request.url().encodedPath() + " failed: "
                + e.getMessage(), e);
    }
}
