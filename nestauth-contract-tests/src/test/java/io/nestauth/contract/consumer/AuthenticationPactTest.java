package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.CODE_SENT;
import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.HAS_PERMISSION;
import static io.nestauth.contract.Contract.INVITEE;
import static io.nestauth.contract.Contract.MFA_ENABLED;
import static io.nestauth.contract.Contract.MFA_METHOD;
import static io.nestauth.contract.Contract.NEW_EMAIL;
import static io.nestauth.contract.Contract.PASSWORD;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.TRUSTED_DEVICE;
import static io.nestauth.contract.Contract.TRUST_TOKEN;
import static io.nestauth.contract.Contract.UNUSED_EMAIL;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.error;
import static io.nestauth.contract.consumer.PactSupport.message;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
import static io.nestauth.contract.consumer.PactSupport.stateValue;
import static io.nestauth.contract.consumer.PactSupport.tokens;
import static io.nestauth.contract.consumer.PactSupport.userEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.Invitation;
import io.nestauth.client.InviteRequest;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testfixtures.FixedJwts;
import io.nestauth.testfixtures.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-up, the login variants, passwordless, invitations and logout. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class AuthenticationPactTest {

    private static final String EXAMPLE_TRUST_TOKEN = "pU2E4k1YTZk7Fv-3vg-ogXOnLtWVcjCKaksHhs_Wwo4";

    /** An email login of the user the interaction's user state made. */
    private static PactDslJsonBody emailLogin(String password) {
        PactDslJsonBody credentials = new PactDslJsonBody()
                .stringValue("providerName", "email")
                .object("credentials");
        return userEmail(credentials, "email").stringValue("password", password).closeObject().asBody();
    }

    // ---- POST /auth/signup --------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact signup(PactDslWithProvider builder) {
        return builder
                .given(UNUSED_EMAIL, Map.of("email", NEW_EMAIL))
                .uponReceiving("a signup with a new email address")
                .path("/auth/signup").method("POST")
                .body(stateValue(new PactDslJsonBody(), "email", "unusedEmail", NEW_EMAIL)
                        .stringValue("password", PASSWORD))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.ACCESS, FixedJwts.REFRESH, false, "Signup successful"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "signup")
    void signup(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = new InMemoryTokenStore();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            AuthResponse response = auth.signupWithEmail(NEW_EMAIL, PASSWORD).execute();

            assertThat(response.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(store.load()).map(StoredTokens::accessToken).contains(FixedJwts.ACCESS);
            assertThat(events.types()).containsExactly(AuthEvent.Type.SIGNED_IN);
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact signupDuplicate(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a signup with an email address that is already registered")
                .path("/auth/signup").method("POST")
                .body(userEmail(new PactDslJsonBody(), "email").stringValue("password", PASSWORD))
                .willRespondWith().status(400)
                .body(error("EMAIL_ALREADY_EXISTS", "Email already exists in this tenant"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "signupDuplicate")
    void signupDuplicate(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThatThrownBy(() -> auth.signupWithEmail(EMAIL, PASSWORD).execute())
                    .isInstanceOfSatisfying(NestAuthResponseException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.hasCode("EMAIL_ALREADY_EXISTS")).isTrue();
                    });
            assertThat(auth.isAuthenticated()).isFalse();
        }
    }

    // ---- POST /auth/login ---------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact login(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a login with email and the right password")
                .path("/auth/login").method("POST")
                .body(emailLogin(PASSWORD))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.ACCESS, FixedJwts.REFRESH, false, "Login successful"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "login")
    void login(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            AuthResponse response = auth.loginWithEmail(EMAIL, PASSWORD).execute();

            assertThat(response.isRequiresMfa()).isFalse();
            assertThat(response.claims().flatMap(c -> c.userId())).contains(TestUser.USER_ID);
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact loginWrongPassword(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a login with a wrong password")
                .path("/auth/login").method("POST")
                .body(emailLogin("not-the-password"))
                .willRespondWith().status(401)
                .body(error("INVALID_CREDENTIALS", "Invalid credentials"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "loginWrongPassword")
    void loginWrongPassword(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThatThrownBy(() -> auth.loginWithEmail(EMAIL, "not-the-password").execute())
                    .isInstanceOfSatisfying(InvalidCredentialsException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.isInvalidCredentials()).isTrue();
                    });
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(auth.isMfaPending()).isFalse();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact loginRequiresMfa(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(MFA_ENABLED)
                .uponReceiving("a login of a user who has MFA enabled")
                .path("/auth/login").method("POST")
                .body(emailLogin(PASSWORD))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.PENDING_ACCESS, FixedJwts.PENDING_REFRESH, true, "Login successful")
                        .eachLike("mfaMethods", PactDslJsonRootValue.stringMatcher(MFA_METHOD, "email"), 1)
                        .stringMatcher("defaultMfaMethod", MFA_METHOD, "email"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "loginRequiresMfa")
    void loginRequiresMfa(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        try (NestAuthClient auth = client(server)) {
            auth.addListener(events);

            AuthResponse response = auth.loginWithEmail(EMAIL, PASSWORD).execute();

            assertThat(response.isRequiresMfa()).isTrue();
            assertThat(response.mfaMethods()).contains(MfaMethod.EMAIL);
            assertThat(response.defaultMfaMethod()).contains(MfaMethod.EMAIL);
            assertThat(auth.isMfaPending()).isTrue();
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(events.types()).containsExactly(AuthEvent.Type.MFA_REQUIRED);
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact loginOnTrustedDevice(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(MFA_ENABLED)
                .given(TRUSTED_DEVICE)
                .uponReceiving("a login of a user with MFA from a trusted device")
                .path("/auth/login").method("POST")
                .matchHeader("nest_auth_device_trust", TRUST_TOKEN, EXAMPLE_TRUST_TOKEN)
                .headerFromProviderState("nest_auth_device_trust", "${trustToken}", EXAMPLE_TRUST_TOKEN)
                .body(emailLogin(PASSWORD))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.VERIFIED_ACCESS, FixedJwts.VERIFIED_REFRESH, false, "Login successful"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "loginOnTrustedDevice")
    void loginOnTrustedDevice(MockServer server) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        // an earlier mfa/verify with trustDevice=true left the trust token behind
        store.save(StoredTokens.signedOut(EXAMPLE_TRUST_TOKEN));
        try (NestAuthClient auth = client(server, store)) {
            assertThat(auth.isDeviceTrusted()).isTrue();

            AuthResponse response = auth.loginWithEmail(EMAIL, PASSWORD).execute();

            assertThat(response.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }

    // ---- passwordless -------------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact sendPasswordlessCode(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a request for a passwordless login code by email")
                .path("/auth/passwordless/send").method("POST")
                .body(userEmail(new PactDslJsonBody(), "identifier").stringValue("channel", "email"))
                .willRespondWith().status(200)
                .body(message("If an account exists, a login code has been sent"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "sendPasswordlessCode")
    void sendPasswordlessCode(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.sendPasswordlessCode(PasswordlessChannel.EMAIL, EMAIL).execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact passwordlessLogin(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(CODE_SENT, Map.of("purpose", "passwordless"))
                .uponReceiving("a passwordless login with the code that was sent")
                .path("/auth/login").method("POST")
                .body(userEmail(new PactDslJsonBody()
                        .stringValue("providerName", "passwordless")
                        .object("credentials"), "identifier")
                            .valueFromProviderState("code", "${code}", "123456")
                            .array("channels").stringValue("email").closeArray()
                        .closeObject().asBody())
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.ACCESS, FixedJwts.REFRESH, false, "Login successful"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "passwordlessLogin")
    void passwordlessLogin(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            AuthResponse response = auth.loginWithPasswordlessCode(EMAIL, "123456", PasswordlessChannel.EMAIL).execute();

            assertThat(response.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }

    // ---- POST /auth/invite --------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact invite(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(HAS_PERMISSION, Map.of("permission", "users.invite"))
                        .given(UNUSED_EMAIL, Map.of("email", INVITEE))
                        .uponReceiving("an invitation by a user allowed to invite")
                        .path("/auth/invite").method("POST"),
                FixedJwts.ACCESS)
                .body(stateValue(new PactDslJsonBody(), "email", "unusedEmail", INVITEE))
                .willRespondWith().status(201)
                .body(new PactDslJsonBody()
                        .stringType("message", "Invitation sent")
                        .uuid("userId", "c97621be-f1e8-4788-9846-7128e7a81abe")
                        .booleanType("isNewUser", true))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "invite")
    void invite(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            Invitation response = auth.inviteUser(InviteRequest.builder().email(INVITEE).build()).execute();

            assertThat(response.userId()).isNotBlank();
            assertThat(response.isNewUser()).isTrue();
        }
    }

    // ---- logout -------------------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact logout(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a logout of the current session")
                        .path("/auth/logout").method("POST"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(message("Logged out successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "logout")
    void logout(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = signedIn();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            auth.logout().execute();

            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(store.load()).isEmpty();
            assertThat(events.seen).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
                assertThat(e.signOutReason()).contains(AuthEvent.SignOutReason.LOGOUT);
            });
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact logoutAll(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a logout from every device")
                        .path("/auth/logout-all").method("POST"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(message("Logged out from all devices successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "logoutAll")
    void logoutAll(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        try (NestAuthClient auth = client(server, signedIn())) {
            auth.addListener(events);

            auth.logoutAll().execute();

            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(events.seen).singleElement()
                    .satisfies(e -> assertThat(e.signOutReason()).contains(AuthEvent.SignOutReason.LOGOUT_ALL));
        }
    }
}
