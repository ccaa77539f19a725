package io.nestauth.contract.provider;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.HttpsTestTarget;
import au.com.dius.pact.provider.junit5.TestTarget;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.testkit.NestAuthTestServer;
import io.nestauth.testkit.NestAuthTestServer.TestRoutes;
import io.nestauth.testkit.ReferenceBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Which Nest Auth server the provider verification talks to, and how its provider states are set up.
 *
 * <ul>
 *   <li>Default: the reference backend of nestauth-testkit run as a team's deployment would be, with
 *       only the drop-in {@code NestAuthTestHooksModule} on ({@link #LOCAL_DEPLOYMENT}, started once per
 *       test run by {@link NestAuthTestServer}); states go through
 *       {@code BackendHooks.providerStateValues}. It is never wiped: before the first verification a
 *       {@link Sentinel} of someone else's data is put there, which must come out untouched.</li>
 *   <li>{@code -Dnestauth.provider.baseUrl=https://host/prefix} and
 *       {@code -Dnestauth.provider.statesUrl=https://host/.../provider-state}: an externally running
 *       deployment; no local backend is started, and states are POSTed as
 *       {@code {"state", "params", "action": "setup"}} to the states URL (the protocol of the reference
 *       backend's {@code /__test/provider-state}).</li>
 * </ul>
 */
public final class ProviderUnderTest {

    /** System property: base URL of an external deployment, including its global prefix. */
    public static final String BASE_URL_PROPERTY = "nestauth.provider.baseUrl";
    /** System property: the provider-state endpoint of that deployment. */
    public static final String STATES_URL_PROPERTY = "nestauth.provider.statesUrl";

    /**
     * The reference backend as someone else's deployment: its own test routes off, the drop-in
     * module on. Shared by the verifications, the smoke check and the check that nothing else changed.
     */
    public static final NestAuthTestServer LOCAL_DEPLOYMENT = NestAuthTestServer.builder()
            .testRoutes(TestRoutes.DROP_IN_MODULE).build();

    private static volatile ProviderUnderTest current;
    private static volatile Sentinel sentinel;
    private static final List<Run> COMPLETED_LOCAL_RUNS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger[]> OUTCOMES = new ConcurrentHashMap<>();

    /**
     * One verification class that ran against {@link #LOCAL_DEPLOYMENT}.
     *
     * @param verification the class
     * @param passed interactions verified
     * @param failed interactions that failed
     */
    public record Run(String verification, int passed, int failed) {
    }

    private final String baseUrl;
    private final BiFunction<String, Map<String, Object>, Map<String, Object>> states;
    private final String description;

    private ProviderUnderTest(String baseUrl, BiFunction<String, Map<String, Object>, Map<String, Object>> states,
            String description) {
        this.baseUrl = baseUrl;
        this.states = states;
        this.description = description;
    }

    /** True when {@value #BASE_URL_PROPERTY} points the verification at an external deployment. */
    public static boolean isExternal() {
        String value = System.getProperty(BASE_URL_PROPERTY);
        return value != null && !value.isBlank();
    }

    /** The provider selected by {@link Extension} for the running test class. */
    public static ProviderUnderTest current() {
        return Objects.requireNonNull(current, "ProviderUnderTest.Extension has not run");
    }

    /**
     * The data of someone else's put on {@link #LOCAL_DEPLOYMENT} before the first verification.
     *
     * @return it, or empty when no verification ran against the local deployment in this JVM
     */
    public static Optional<Sentinel> sentinel() {
        return Optional.ofNullable(sentinel);
    }

    /** The verification classes that ran against {@link #LOCAL_DEPLOYMENT}, in order. */
    public static List<Run> completedLocalRuns() {
        return List.copyOf(COMPLETED_LOCAL_RUNS);
    }

    /** Sets up a provider state and returns its values (for {@code fromProviderState} expressions). */
    public Map<String, Object> state(String name, Map<String, Object> params) {
        return states.apply(name, params == null ? Map.of() : params);
    }

    /** The base URL of the API (with its prefix), e.g. {@code http://127.0.0.1:41234/api}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The pact-jvm target: the pacts' paths ({@code /auth/...}) are appended to the base URL's path. */
    public TestTarget testTarget() {
        URL url;
        try {
            url = URI.create(baseUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("-D" + BASE_URL_PROPERTY + " is not a URL: " + baseUrl, e);
        }
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath().replaceAll("/+$", "");
        return "https".equalsIgnoreCase(url.getProtocol())
                ? new HttpsTestTarget(url.getHost(), port, path.isEmpty() ? "/" : path)
                : new HttpTestTarget(url.getHost(), port, path.isEmpty() ? "/" : path);
    }

    @Override
    public String toString() {
        return description;
    }

    /** Chooses the provider before the first interaction of a test class is verified. */
    public static final class Extension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
        @Override
        public void beforeAll(ExtensionContext context) {
            if (isExternal()) {
                current = external(System.getProperty(BASE_URL_PROPERTY), System.getProperty(STATES_URL_PROPERTY));
            } else {
                ReferenceBackend backend = LOCAL_DEPLOYMENT.backend(context);
                putSentinelOnce(backend);
                current = new ProviderUnderTest(backend.baseUrl(),
                        (state, params) -> backend.hooks().providerStateValues(state, params),
                        "reference backend with only the drop-in test hooks at " + backend.baseUrl());
            }
            System.out.println("[nestauth] verifying " + context.getRequiredTestClass().getSimpleName()
                    + " against the " + current);
        }

        @Override
        public void testSuccessful(ExtensionContext context) {
            outcomes(context)[0].incrementAndGet();
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            outcomes(context)[1].incrementAndGet();
        }

        /** Records how a verification class against the local deployment went. */
        @Override
        public void afterAll(ExtensionContext context) {
            if (!isExternal()) {
                AtomicInteger[] counts = outcomes(context);
                COMPLETED_LOCAL_RUNS.add(new Run(context.getRequiredTestClass().getSimpleName(), counts[0].get(),
                        counts[1].get()));
            }
        }

        /** Someone else's data, there before the first verification of the run. */
        private static synchronized void putSentinelOnce(ReferenceBackend backend) {
            if (sentinel == null) {
                sentinel = Sentinel.create(backend);
            }
        }

        private static AtomicInteger[] outcomes(ExtensionContext context) {
            return OUTCOMES.computeIfAbsent(context.getRequiredTestClass().getName(),
                    name -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
        }

        private static ProviderUnderTest external(String baseUrl, String statesUrl) {
            if (statesUrl == null || statesUrl.isBlank()) {
                throw new IllegalStateException("-D" + BASE_URL_PROPERTY + " needs -D" + STATES_URL_PROPERTY
                        + "=<the deployment's provider-state endpoint> (see nestauth-contract-tests/README.md)");
            }
            StateEndpoint endpoint = new StateEndpoint(statesUrl);
            return new ProviderUnderTest(baseUrl.replaceAll("/+$", ""), endpoint::setUp,
                    "external deployment at " + baseUrl + " (states: " + statesUrl + ")");
        }
    }

    /** A provider-state endpoint speaking the reference backend's protocol. */
    static final class StateEndpoint {
        private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
        private static final ObjectMapper MAPPER = new ObjectMapper();

        private final String url;
        private final OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(60))
                .build();

        StateEndpoint(String url) {
            this.url = url;
        }

        Map<String, Object> setUp(String state, Map<String, Object> params) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", state);
            body.put("params", params);
            body.put("action", "setup");
            try {
                Request request = new Request.Builder().url(url)
                        .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
                try (Response response = http.newCall(request).execute()) {
                    String text = response.body().string();
                    if (!response.isSuccessful()) {
                        throw new IllegalStateException("provider state \"" + state + "\" failed: HTTP "
                                + response.code() + " " + text);
                    }
                    return text.isBlank() ? Map.of() : MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException("provider state \"" + state + "\": POST " + url + " failed", e);
            }
        }
    }
}
