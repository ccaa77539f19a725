package io.nestauth.contract.provider;

import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.TENANT_EXISTS;
import static io.nestauth.contract.Contract.TENANT_SLUG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.contract.Contract;
import io.nestauth.testkit.ReferenceBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Someone else's data on the local deployment, there before the first verification: a user with
 * the very email address the pacts are written with ({@link Contract#EMAIL}) but a password of her
 * own, signed up and signed in through the public API, and a tenant made before the runs. The
 * verifications must leave all of it as it was: not wiped, not signed out, password, MFA and roles
 * unchanged.
 */
public final class Sentinel {

    private static final String OWN_PASSWORD = "Sentinel-0wn-Passw0rd";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final HttpUrl routes;
    private String userId;
    private String accessToken;
    private String refreshToken;
    private String tenantId;
    private String tenantSlug;
    private String tenantName;

    private Sentinel(String baseUrl) {
        this.routes = HttpUrl.get(baseUrl + "/auth/");
    }

    /** Signs the user up and keeps her session; makes the tenant. */
    static Sentinel create(ReferenceBackend backend) {
        Sentinel sentinel = new Sentinel(backend.baseUrl());
        JsonNode signup = sentinel.call("POST", "signup", Map.of("email", EMAIL, "password", OWN_PASSWORD), null);
        if (signup.path("status").asInt() != 200) {
            throw new IllegalStateException("the sentinel user could not sign up: " + signup);
        }
        sentinel.accessToken = signup.path("body").path("accessToken").asText();
        sentinel.refreshToken = signup.path("body").path("refreshToken").asText();
        sentinel.userId = claims(sentinel.accessToken).path("sub").asText();
        Map<String, Object> tenant = backend.hooks().providerStateValues(TENANT_EXISTS,
                Map.of("slug", TENANT_SLUG, "name", "Sentinel Co"));
        sentinel.tenantId = String.valueOf(tenant.get("tenantId"));
        sentinel.tenantSlug = String.valueOf(tenant.get("slug"));
        sentinel.tenantName = String.valueOf(tenant.get("name"));
        return sentinel;
    }

    /**
     * What is no longer as it was. Ends by refreshing the kept session, so it is the last look.
     *
     * @return one line per difference; empty when nothing changed
     */
    public List<String> changes() {
        List<String> changes = new ArrayList<>();
        JsonNode me = call("GET", "me", null, accessToken);
        expect(changes, "her session (GET /auth/me with the token from before)", me, 200);
        JsonNode user = me.path("body");
        if (!user.path("id").asText().equals(userId) || !user.path("email").asText().equals(EMAIL)) {
            changes.add("GET /auth/me answers another user: " + user.path("id") + " " + user.path("email"));
        }
        if (user.path("isMfaEnabled").asBoolean() || !user.path("roles").isEmpty() || !user.path("permissions").isEmpty()) {
            changes.add("her MFA, roles or permissions changed: " + user.path("isMfaEnabled") + " "
                    + user.path("roles") + " " + user.path("permissions"));
        }
        JsonNode login = call("POST", "login", login(OWN_PASSWORD), null);
        expect(changes, "a login with her own password", login, 200);
        if (login.path("body").path("isRequiresMfa").asBoolean()) {
            changes.add("her login now asks for MFA");
        }
        expect(changes, "a login with the pacts' password", call("POST", "login", login(Contract.PASSWORD), null), 401);
        JsonNode tenant = call("GET", "tenants/lookup?slug=" + tenantSlug, null, null);
        expect(changes, "the lookup of tenant " + tenantSlug, tenant, 200);
        if (!tenant.path("body").path("id").asText().equals(tenantId)
                || !tenant.path("body").path("name").asText().equals(tenantName)) {
            changes.add("tenant " + tenantSlug + " is another one now: " + tenant.path("body"));
        }
        expect(changes, "a refresh of her session", call("POST", "refresh-token", Map.of("refreshToken", refreshToken),
                null), 200);
        return changes;
    }

    private static void expect(List<String> changes, String what, JsonNode reply, int status) {
        if (reply.path("status").asInt() != status) {
            changes.add(what + ": expected " + status + ", got " + reply.path("status") + " "
                    + reply.path("body").path("message").asText());
        }
    }

    private static Map<String, Object> login(String password) {
        return Map.of("providerName", "email", "credentials", Map.of("email", EMAIL, "password", password));
    }

    /** {@code {"status": ..., "body": ...}} of a call to one of the server's routes. */
    private JsonNode call(String method, String route, Object body, String bearer) {
        try {
            Request.Builder request = new Request.Builder().url(routes.resolve(route))
                    .method(method, body == null ? null : RequestBody.create(MAPPER.writeValueAsBytes(body), JSON));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body().string();
                return MAPPER.createObjectNode().put("status", response.code())
                        .set("body", text.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + route + " failed", e);
        }
    }

    private static JsonNode claims(String jwt) {
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the signup answered no JWT", e);
        }
    }

    @Override
    public String toString() {
        return "Sentinel[user " + EMAIL + " (" + userId + "), tenant " + tenantSlug + "]";
    }
}
