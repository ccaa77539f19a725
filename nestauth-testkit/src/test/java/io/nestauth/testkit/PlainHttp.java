package io.nestauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain OkHttp calls to a server's routes, with a cookie jar of its own (one browser), for tests
 * that check what the server does without the SDK in between.
 */
final class PlainHttp {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An answer: status, JSON body (empty object when none) and the cookies it set. */
    record Reply(int status, JsonNode body, Map<String, String> setCookies) {
    }

    private final UnaryOperator<String> routeUrl;
    private final Map<String, Cookie> jar = new LinkedHashMap<>();
    private final OkHttpClient http;

    PlainHttp(NestAuthTestServer server) {
        this(server::routeUrl);
    }

    /** For a backend started without the extension (default route prefix). */
    PlainHttp(ReferenceBackend backend) {
        this(route -> backend.baseUrl() + "/auth/" + route);
    }

    private PlainHttp(UnaryOperator<String> routeUrl) {
        this.routeUrl = routeUrl;
        this.http = new OkHttpClient.Builder().cookieJar(new CookieJar() {
            @Override
            public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                synchronized (jar) {
                    cookies.forEach(cookie -> jar.put(cookie.name(), cookie));
                }
            }

            @Override
            public List<Cookie> loadForRequest(HttpUrl url) {
                synchronized (jar) {
                    return List.copyOf(jar.values());
                }
            }
        }).build();
    }

    /** The value of a cookie this browser holds, or null. */
    String cookie(String name) {
        synchronized (jar) {
            Cookie cookie = jar.get(name);
            return cookie == null ? null : cookie.value();
        }
    }

    Reply get(String route) {
        return call("GET", route, null, Map.of());
    }

    Reply post(String route, Object body) {
        return call("POST", route, body, Map.of());
    }

    /** A call to a route below the server's route prefix, with extra headers. */
    Reply call(String method, String route, Object body, Map<String, String> headers) {
        return callUrl(method, routeUrl.apply(route), body, headers);
    }

    Reply callUrl(String method, String url, Object body, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(url);
        headers.forEach(request::header);
        try {
            request.method(method, body == null ? null : RequestBody.create(MAPPER.writeValueAsString(body), JSON));
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body().string();
                Map<String, String> set = new LinkedHashMap<>();
                Cookie.parseAll(response.request().url(), response.headers()).forEach(c -> set.put(c.name(), c.value()));
                JsonNode json = text.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
                return new Reply(response.code(), json, set);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        }
    }

    /** The claims of a JWT the server issued (not verified: the server is the one under test). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT");
        }
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> emailLogin(String email, String password) {
        return Map.of("providerName", "email", "credentials", Map.of("email", email, "password", password));
    }

    void close() {
        http.connectionPool().evictAll();
    }
}
