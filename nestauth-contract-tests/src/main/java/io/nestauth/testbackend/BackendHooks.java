package io.nestauth.testbackend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
import okhttp3.ResponseBody;

/**
 * A small typed client for the reference backend's test-only routes under {@code /__test}
 * (outside the API prefix): captured one-time codes, data reset, tenants, memberships, user flags,
 * permissions, expired tokens, TOTP codes, ID tokens for the test-only social provider and Pact
 * provider states.
 *
 * <p>Every method throws {@link IllegalStateException} (with the status and body) when the
 * backend answers an error.
 */
public final class BackendHooks implements AutoCloseable {

    /** Purposes of captured codes, as accepted by {@link #latestCode(String, String)}. */
    public static final String PASSWORDLESS = "passwordless";
    public static final String VERIFY_EMAIL = "verify-email";
    public static final String VERIFY_PHONE = "verify-phone";
    public static final String MFA = "mfa";
    public static final String PASSWORD_RESET = "password-reset";
    /** The captured "code" of an invite is the set-password token for POST /auth/reset-password. */
    public static final String INVITE = "invite";

    /**
     * The social provider that exists only in the reference backend: it accepts the RS256 ID tokens
     * that {@link #socialIdToken(String, String)} gets the backend to sign.
     */
    public static final String TEST_OIDC_PROVIDER = "test-oidc";

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl root;
    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param rootUrl the backend without API prefix, e.g. {@code http://127.0.0.1:3000} */
    public BackendHooks(String rootUrl) {
        this.root = HttpUrl.get(Objects.requireNonNull(rootUrl, "rootUrl"));
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofSeconds(90))
                .build();
    }

    /** Wipes every table, the captured codes and the library's in-memory rate-limit/lockout counters. */
    public void reset() {
        post("reset", Map.of());
    }

    // ---- one-time codes ----------------------------------------------------------------------

    /** The latest code of any purpose sent to this email or phone (or user id). */
    public String latestCode(String identifier) {
        return latestCode(identifier, null);
    }

    /**
     * The latest code of a purpose ({@link #PASSWORDLESS}, {@link #VERIFY_EMAIL}, {@link #VERIFY_PHONE},
     * {@link #MFA}, {@link #PASSWORD_RESET}, {@link #INVITE}; {@code null} for any).
     *
     * @throws IllegalStateException if no such code was captured
     */
    public String latestCode(String identifier, String purpose) {
        return latestCodeDetails(identifier, purpose)
                .map(node -> node.path("code").asText())
                .orElseThrow(() -> new IllegalStateException("No " + (purpose == null ? "" : purpose + " ")
                        + "code was captured for " + identifier));
    }

    /**
     * The whole captured entry: {@code identifier, purpose, code, token?, event, channel, userId,
     * email, phone, tenantId, at}; empty if none.
     */
    public Optional<JsonNode> latestCodeDetails(String identifier, String purpose) {
        HttpUrl.Builder url = url("otp").newBuilder().addQueryParameter("identifier", identifier);
        if (purpose != null) {
            url.addQueryParameter("purpose", purpose);
        }
        Request request = new Request.Builder().url(url.build()).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            return Optional.of(read(request, response));
        } catch (IOException e) {
            throw failed(request, e);
        }
    }

    /** Every captured code, oldest first. */
    public JsonNode allCodes() {
        Request request = new Request.Builder().url(url("otps")).get().build();
        return execute(request);
    }

    public void clearCodes() {
        execute(new Request.Builder().url(url("otps")).delete().build());
    }

    // ---- session events ----------------------------------------------------------------------

    /**
     * What the server recorded for one user's sessions since the last reset: {@code refreshes}
     * (refreshes granted) and {@code reuseDetections} (used refresh tokens presented again; the
     * server revoked the session each time).
     */
    public JsonNode sessionEvents(String userId) {
        HttpUrl url = url("session-events").newBuilder().addQueryParameter("userId", userId).build();
        return execute(new Request.Builder().url(url).get().build());
    }

    // ---- data ------------------------------------------------------------------------------

    /** Creates a tenant and returns its id. */
    public String createTenant(String name, String slug) {
        return post("tenants", Map.of("name", name, "slug", slug)).path("id").asText();
    }

    /** Makes the user (by email) a member of the tenant, optionally with roles (created when missing). */
    public void addMembership(String email, String tenantId, String... roles) {
        post("memberships", Map.of("email", email, "tenantId", tenantId, "roles", List.of(roles)));
    }

    /** Turns MFA on or off for the user. Tokens issued before keep their old claims. */
    public void setMfaEnabled(String email, boolean enabled) {
        setUserFlags(email, Map.of("isMfaEnabled", enabled));
    }

    /**
     * Forces user flags: {@code isMfaEnabled, emailVerified, phoneVerified, mustChangePassword, isActive}.
     *
     * @return the user's flags afterwards
     */
    public JsonNode setUserFlags(String email, Map<String, ?> flags) {
        Map<String, Object> body = new LinkedHashMap<>(flags);
        body.put("email", email);
        return post("users/flags", body);
    }

    /**
     * Gives the user (by email) a role carrying the permission, e.g. {@code users.invite}; role and
     * permission are created when missing. Takes effect at the user's next login.
     */
    public void grantPermission(String email, String role, String permission) {
        grantPermission(email, role, permission, null);
    }

    /** As {@link #grantPermission(String, String, String)}, for the user's membership of a tenant. */
    public void grantPermission(String email, String role, String permission, String tenantId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("role", role);
        body.put("permissions", List.of(permission));
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        post("roles/grant", body);
    }

    // ---- tokens and codes computed by the backend --------------------------------------------

    /** The same access token claims re-signed with the backend's secret, but already expired. */
    public String expiredCopyOf(String accessToken) {
        return post("tokens/expired", Map.of("accessToken", accessToken)).path("accessToken").asText();
    }

    /** The current TOTP code for a base32 secret (as returned by POST /auth/mfa/setup-totp). */
    public String totpCode(String secret) {
        return post("totp", Map.of("secret", secret)).path("code").asText();
    }

    // ---- social sign-in -----------------------------------------------------------------------

    /** An ID token for {@value #TEST_OIDC_PROVIDER}, for this email (one email, one subject). */
    public String socialIdToken(String email) {
        return socialIdToken(email, null);
    }

    /**
     * An ID token for {@value #TEST_OIDC_PROVIDER}, signed by the backend with the key it made at
     * start, valid for ten minutes; the name (may be null) goes into the {@code name} claim.
     */
    public String socialIdToken(String email, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", Objects.requireNonNull(email, "email"));
        if (name != null) {
            body.put("name", name);
        }
        return socialIdTokenDetails(body).path("idToken").asText();
    }

    /**
     * The whole answer of {@code POST /__test/social/id-token}: {@code idToken, sub, email, iss, aud,
     * exp}. The request takes {@code email} and optionally {@code name, sub, emailVerified,
     * expiresInSeconds} (negative: already expired), {@code issuer, audience} (others than the
     * provider accepts, for negative tests).
     */
    public JsonNode socialIdTokenDetails(Map<String, ?> request) {
        return post("social/id-token", request);
    }

    // ---- Pact provider states ----------------------------------------------------------------

    /** The state-change URL for Pact provider verification ({@code @State} handlers are not needed). */
    public String providerStateUrl() {
        return url("provider-state").toString();
    }

    /** Sets up a provider state as a Pact verifier would, returning the values it provides. */
    public JsonNode providerState(String state, Map<String, ?> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        body.put("params", params == null ? Map.of() : params);
        body.put("action", "setup");
        return post("provider-state", body);
    }

    /**
     * As {@link #providerState(String, Map)}, as a map: what a pact-jvm {@code @State} method returns
     * so that {@code fromProviderState} expressions get these values.
     */
    public Map<String, Object> providerStateValues(String state, Map<String, ?> params) {
        return mapper.convertValue(providerState(state, params), new TypeReference<Map<String, Object>>() {
        });
    }

    public String rootUrl() {
        return root.toString().replaceAll("/$", "");
    }

    /** Releases pooled connections. */
    @Override
    public void close() {
        http.connectionPool().evictAll();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private HttpUrl url(String path) {
        return root.newBuilder().addPathSegment("__test").addPathSegments(path).build();
    }

    private JsonNode post(String path, Map<String, ?> body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + body, e);
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
        ResponseBody body = response.body();
        String text = body.string();
        if (!response.isSuccessful()) {
            throw new IllegalStateException(request.method() + " " + request.url().encodedPath() + " answered "
                    + response.code() + ": " + text);
        }
        if (text.isEmpty()) {
            return mapper.createObjectNode();
        }
        return mapper.readTree(text);
    }

    private static UncheckedIOException failed(Request request, IOException e) {
        return new UncheckedIOException(request.method() + " " + request.url() + " failed: " + e.getMessage(), e);
    }
}
