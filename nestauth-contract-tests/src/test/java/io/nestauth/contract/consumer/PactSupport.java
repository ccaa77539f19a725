package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.BEARER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.JWT;
import static io.nestauth.contract.Contract.PASSWORD;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.BodyBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.generators.Generators;
import au.com.dius.pact.core.model.matchingrules.EqualsMatcher;
import au.com.dius.pact.core.model.matchingrules.MatchingRuleCategory;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.TokenStore;
import io.nestauth.testfixtures.FixedJwts;
import io.nestauth.testfixtures.TestUser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Helpers shared by the consumer tests: the client under test, seeded sessions and body shapes. */
final class PactSupport {

    private PactSupport() {
    }

    /** The parameters of the default user state. */
    static Map<String, Object> alice() {
        return Map.of("email", EMAIL, "password", PASSWORD);
    }

    // ---- the client under test ---------------------------------------------------------------

    /** The real NestAuthClient, pointed at the mock server (no prefix: pact paths are /auth/...). */
    static NestAuthClient client(MockServer server, TokenStore store) {
        return NestAuthClient.builder().baseUrl(server.getUrl()).tokenStore(store).build();
    }

    static NestAuthClient client(MockServer server) {
        return client(server, new InMemoryTokenStore());
    }

    /**
     * A store holding a session, as a previous login would have left it. Whether it waits for MFA
     * is read from the access token's claims, as the client itself does.
     */
    static InMemoryTokenStore sessionOf(String accessToken, String refreshToken) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        boolean pending = TokenClaims.parse(accessToken).map(TokenClaims::isMfaPending).orElse(false);
        store.save(new StoredTokens(accessToken, refreshToken, pending, null));
        return store;
    }

    /** A signed-in session with the standard example tokens. */
    static InMemoryTokenStore signedIn() {
        return sessionOf(FixedJwts.ACCESS, FixedJwts.REFRESH);
    }

    /** A session waiting for MFA (a login answered isRequiresMfa). */
    static InMemoryTokenStore mfaPending() {
        return sessionOf(FixedJwts.PENDING_ACCESS, FixedJwts.PENDING_REFRESH);
    }

    /** Collects the client's events. */
    static final class Events implements io.nestauth.client.AuthListener {
        final List<AuthEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAuthEvent(AuthEvent event) {
            seen.add(event);
        }

        List<AuthEvent.Type> types() {
            return seen.stream().map(AuthEvent::type).toList();
        }
    }

    // ---- requests ----------------------------------------------------------------------------

    /**
     * The bearer header of an authenticated call: any bearer token matches in the consumer test, and
     * the verifier sends the {@code accessToken} its provider state returned.
     */
    static PactDslRequestWithPath bearer(PactDslRequestWithPath request, String exampleToken) {
        return bearer(request, "accessToken", exampleToken);
    }

    /** As {@link #bearer(PactDslRequestWithPath, String)}, with the token from another state value. */
    static PactDslRequestWithPath bearer(PactDslRequestWithPath request, String stateKey, String exampleToken) {
        return bearer(request, stateKey, BEARER, exampleToken);
    }

    static PactDslRequestWithPath bearer(PactDslRequestWithPath request, String stateKey, String regex,
            String exampleToken) {
        return request
                .matchHeader("Authorization", regex, "Bearer " + exampleToken)
                .headerFromProviderState("Authorization", "Bearer ${" + stateKey + "}", "Bearer " + exampleToken);
    }

    /** A bearer regex that matches any token except this one (tells a retried call from the rejected one). */
    static String bearerOtherThan(String token) {
        return "Bearer (?!" + Pattern.quote(token) + "$)[A-Za-z0-9._-]+";
    }

    /**
     * A body field that holds a value the provider states made up (an email address, a slug, an id):
     * the consumer test sends or sees the example, the verifier sends or expects exactly the state's
     * value. Requests and responses alike.
     */
    static PactDslJsonBody stateValue(PactDslJsonBody body, String field, String stateKey, String example) {
        body.valueFromProviderState(field, "${" + stateKey + "}", example);
        body.getMatchers().setRule(body.getRootPath() + field, EqualsMatcher.INSTANCE);
        return body;
    }

    /** The email address of the user the interaction's user state made (example: {@link io.nestauth.contract.Contract#EMAIL}). */
    static PactDslJsonBody userEmail(PactDslJsonBody body, String field) {
        return stateValue(body, field, "email", EMAIL);
    }

    /** The id of the user the interaction's user state made (example: {@link TestUser#USER_ID}). */
    static PactDslJsonBody userId(PactDslJsonBody body, String field) {
        return stateValue(body, field, "userId", TestUser.USER_ID);
    }

    // ---- responses ---------------------------------------------------------------------------

    /** A token-bearing answer (signup, login, refresh, MFA verify, switch-tenant). */
    static PactDslJsonBody tokens(String accessToken, String refreshToken, boolean requiresMfa, String message) {
        return new PactDslJsonBody()
                .stringMatcher("accessToken", JWT, accessToken)
                .stringMatcher("refreshToken", JWT, refreshToken)
                .booleanValue("isRequiresMfa", requiresMfa)
                .stringType("message", message);
    }

    /** A plain confirmation. */
    static PactDslJsonBody message(String example) {
        return new PactDslJsonBody().stringType("message", example);
    }

    /** An error with a machine-readable code; only {@code code} and {@code message} are relied upon. */
    static PactDslJsonBody error(String code, String message) {
        return new PactDslJsonBody().stringValue("code", code).stringType("message", message);
    }

    /** An error without a code (validation): only the message is relied upon. */
    static PactDslJsonBody uncodedError(String message) {
        return new PactDslJsonBody().stringType("message", message);
    }

    /** A text body matched by a regular expression (for the HTML callback page). */
    static BodyBuilder textMatching(String contentType, String regex, String example) {
        return new BodyBuilder() {
            @Override
            public MatchingRuleCategory getMatchers() {
                MatchingRuleCategory category = new MatchingRuleCategory("body");
                category.addRule("$", new RegexMatcher(regex, example));
                return category;
            }

            @Override
            public Generators getGenerators() {
                return new Generators();
            }

            @Override
            public ContentType getContentType() {
                return new ContentType(contentType);
            }

            @Override
            public byte[] buildBody() {
                return example.getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
