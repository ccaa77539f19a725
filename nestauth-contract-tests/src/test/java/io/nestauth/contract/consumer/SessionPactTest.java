package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.ACCESS_TOKEN_EXPIRED;
import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.HAS_PERMISSION;
import static io.nestauth.contract.Contract.ISO_INSTANT;
import static io.nestauth.contract.Contract.MFA_ENABLED;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.REFRESH_TOKEN_ROTATED;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.bearerOtherThan;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.error;
import static io.nestauth.contract.consumer.PactSupport.mfaPending;
import static io.nestauth.contract.consumer.PactSupport.sessionOf;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
import static io.nestauth.contract.consumer.PactSupport.tokens;
import static io.nestauth.contract.consumer.PactSupport.userEmail;
import static io.nestauth.contract.consumer.PactSupport.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.matchingrules.NullMatcher;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import au.com.dius.pact.core.model.matchingrules.TypeMatcher;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionStatus;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.User;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.testfixtures.FixedJwts;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The session user, session checks, and the refresh behaviour of the client. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class SessionPactTest {

    private static final String EXAMPLE_TIME = "2026-11-21T22:13:44.000Z";

    /** The body of GET /auth/me; roles and permissions as captured at login. */
    private static PactDslJsonBody sessionUser() {
        return userEmail(userId(new PactDslJsonBody(), "id"), "email")
                .or("phone", null, NullMatcher.INSTANCE, TypeMatcher.INSTANCE)
                .or("emailVerifiedAt", null, NullMatcher.INSTANCE, new RegexMatcher(ISO_INSTANT))
                .or("phoneVerifiedAt", null, NullMatcher.INSTANCE, new RegexMatcher(ISO_INSTANT))
                .booleanType("isMfaEnabled", false)
                .object("metadata").closeObject().asBody()
                .booleanType("mustChangePassword", false)
                .minArrayLike("roles", 1)
                    .uuid("id", "19c2d8d0-5a4e-4601-bb31-7f199f04327b")
                    .stringType("name", "test-role")
                    .stringType("guard", "web")
                .closeObject().closeArray().asBody()
                .array("permissions").stringValue("users.invite").closeArray().asBody();
    }

    // ---- GET /auth/me -------------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact sessionUserData(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(HAS_PERMISSION, Map.of("permission", "users.invite"))
                        .uponReceiving("a request for the session user")
                        .path("/auth/me").method("GET"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200).body(sessionUser())
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "sessionUserData")
    void sessionUserData(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            SessionUser me = auth.getSessionUserData().execute();

            assertThat(me.id()).isEqualTo(TestUser.USER_ID);
            assertThat(me.email()).contains(EMAIL);
            assertThat(me.isEmailVerified()).isFalse();
            assertThat(me.hasPermission("users.invite")).isTrue();
            assertThat(me.roles()).isNotEmpty();
        }
    }

    // ---- GET /auth/user -----------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact user(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a request for the stored user record")
                        .path("/auth/user").method("GET"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(userEmail(userId(new PactDslJsonBody(), "id"), "email")
                        .or("emailVerifiedAt", null, NullMatcher.INSTANCE, new RegexMatcher(ISO_INSTANT))
                        .or("phone", null, NullMatcher.INSTANCE, TypeMatcher.INSTANCE)
                        .or("phoneVerifiedAt", null, NullMatcher.INSTANCE, new RegexMatcher(ISO_INSTANT))
                        .booleanType("isActive", true)
                        .booleanType("mustChangePassword", false)
                        .object("metadata").closeObject().asBody()
                        .booleanType("isMfaEnabled", false)
                        .or("mfaRecoveryCode", null, NullMatcher.INSTANCE, TypeMatcher.INSTANCE)
                        .stringMatcher("createdAt", ISO_INSTANT, EXAMPLE_TIME)
                        .stringMatcher("updatedAt", ISO_INSTANT, EXAMPLE_TIME))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "user")
    void user(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            User user = auth.getUser().execute();

            assertThat(user.id()).isEqualTo(TestUser.USER_ID);
            assertThat(user.isActive()).isTrue();
            assertThat(user.createdAt()).isNotNull();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact userWhileMfaPending(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(MFA_ENABLED)
                        .uponReceiving("a request for the user record with a session that still has to pass MFA")
                        .path("/auth/user").method("GET"),
                FixedJwts.PENDING_ACCESS)
                .willRespondWith().status(401)
                .body(error("MFA_REQUIRED", "Multi-factor authentication is required"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "userWhileMfaPending")
    void userWhileMfaPending(MockServer server) {
        InMemoryTokenStore store = mfaPending();
        try (NestAuthClient auth = client(server, store)) {
            assertThat(auth.isMfaPending()).isTrue();

            assertThatThrownBy(() -> auth.getUser().execute()).isInstanceOfSatisfying(MfaRequiredException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.isMfaRequired()).isTrue();
            });
            // MFA_REQUIRED is no reason to refresh or to end the session
            assertThat(store.load()).map(StoredTokens::accessToken).contains(FixedJwts.PENDING_ACCESS);
            assertThat(auth.isMfaPending()).isTrue();
        }
    }

    // ---- GET /auth/verify-session -------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact verifySession(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a check that the session is still valid")
                        .path("/auth/verify-session").method("GET"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(userId(new PactDslJsonBody(), "userId")
                        .booleanValue("valid", true)
                        .stringMatcher("expiresAt", ISO_INSTANT, "2026-11-28T23:18:14.316Z"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifySession")
    void verifySession(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            SessionStatus session = auth.verifySession().execute();

            assertThat(session.isValid()).isTrue();
            assertThat(session.userId()).isEqualTo(TestUser.USER_ID);
            assertThat(session.expiresAt()).isNotNull();
        }
    }

    // ---- POST /auth/refresh-token -------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact refresh(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a refresh with the current refresh token")
                .path("/auth/refresh-token").method("POST")
                .body(new PactDslJsonBody().valueFromProviderState("refreshToken", "${refreshToken}",
                        FixedJwts.REFRESH))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.REFRESHED_ACCESS, FixedJwts.REFRESHED_REFRESH, false,
                        "Token refreshed successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "refresh")
    void refresh(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = signedIn();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            auth.refreshSession().execute();

            assertThat(store.load()).hasValueSatisfying(tokens -> {
                assertThat(tokens.accessToken()).isEqualTo(FixedJwts.REFRESHED_ACCESS);
                assertThat(tokens.refreshToken()).isEqualTo(FixedJwts.REFRESHED_REFRESH);
            });
            assertThat(events.types()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact rotatedRefreshToken(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(REFRESH_TOKEN_ROTATED)
                .uponReceiving("a refresh with a refresh token that was already rotated")
                .path("/auth/refresh-token").method("POST")
                .body(new PactDslJsonBody().valueFromProviderState("refreshToken", "${rotatedRefreshToken}",
                        FixedJwts.REFRESH))
                .willRespondWith().status(401)
                .body(error("REFRESH_TOKEN_INVALID", "Invalid refresh token"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "rotatedRefreshToken")
    void rotatedRefreshToken(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = signedIn();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            assertThatThrownBy(() -> auth.refreshSession().execute()).isInstanceOf(SessionExpiredException.class);

            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(store.load()).isEmpty();
            assertThat(events.seen).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
                assertThat(e.signOutReason()).contains(AuthEvent.SignOutReason.SESSION_REJECTED);
            });
        }
    }

    // ---- an expired access token: 401, refresh, retry -----------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact expiredAccessToken(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(ACCESS_TOKEN_EXPIRED)
                        .uponReceiving("a request for the session with an expired access token")
                        .path("/auth/verify-session").method("GET"),
                // any token but the one the refresh below issues
                "expiredAccessToken", bearerOtherThan(FixedJwts.REFRESHED_ACCESS), FixedJwts.EXPIRED_ACCESS)
                .willRespondWith().status(401)
                .body(error("INVALID_TOKEN", ServerAnswers.INVALID_TOKEN_MESSAGE))
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a refresh after the access token expired")
                .path("/auth/refresh-token").method("POST")
                .body(new PactDslJsonBody().valueFromProviderState("refreshToken", "${refreshToken}",
                        FixedJwts.REFRESH))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.REFRESHED_ACCESS, FixedJwts.REFRESHED_REFRESH, false,
                        "Token refreshed successfully"))
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("the retried request for the session with the refreshed access token")
                .path("/auth/verify-session").method("GET")
                // any token but the rejected one
                .matchHeader("Authorization", bearerOtherThan(FixedJwts.EXPIRED_ACCESS),
                        "Bearer " + FixedJwts.REFRESHED_ACCESS)
                .headerFromProviderState("Authorization", "Bearer ${accessToken}",
                        "Bearer " + FixedJwts.REFRESHED_ACCESS)
                .willRespondWith().status(200)
                .body(userId(new PactDslJsonBody(), "userId")
                        .booleanValue("valid", true)
                        .stringMatcher("expiresAt", ISO_INSTANT, "2026-11-28T23:18:14.316Z"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "expiredAccessToken")
    void expiredAccessTokenIsRefreshedAndTheCallRetried(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = sessionOf(FixedJwts.EXPIRED_ACCESS, FixedJwts.REFRESH);
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            SessionStatus session = auth.verifySession().execute();

            assertThat(session.isValid()).isTrue();
            assertThat(store.load()).map(StoredTokens::accessToken).contains(FixedJwts.REFRESHED_ACCESS);
            assertThat(events.types()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }
}
