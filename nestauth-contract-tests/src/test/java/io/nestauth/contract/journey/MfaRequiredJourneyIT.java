package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.MfaStatus;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.client.TotpSetup;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that requires MFA of everyone ({@code mfa.required}: a second backend of its own, the run's
 * shared one keeps the default configuration), and a user who never enabled MFA.
 *
 * <p>What the server does (observed here, spec/SERVER-BEHAVIOUR.md §5): signup and every password
 * login answer {@code isRequiresMfa: true} with {@code mfaMethods: []}, but the tokens' claims say
 * {@code isMfaEnabled: false} and the server does not restrict them (MFA-gated routes answer).
 * Switching MFA on or off is {@code 403 MFA_TOGGLING_NOT_ALLOWED}; the user's email is a usable
 * method without any enrolment: challenge and verify upgrade the session ({@code isMfaVerified: true}).
 * The SDK therefore holds such a session as MFA-pending (its state is the app's to enforce) until the
 * verification.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks and its MFA_REQUIRED switch")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MfaRequiredJourneyIT {

    private static final String PASSWORD = "Required-Passw0rd!23";

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().mfaRequired(true).build();

    private static BackendHooks hooks;

    @BeforeAll
    static void hooks() {
        hooks = server.hooks();
    }

    @Test
    void signUpIsPendingUntilTheEmailCodeIsVerifiedOnEveryLogin(@TempDir Path dir) {
        String email = "required-" + UUID.randomUUID() + "@example.com";
        FileTokenStore store = new FileTokenStore(dir.resolve("session.json"));
        JourneyIT.Events events = new JourneyIT.Events();
        try (NestAuthClient auth = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store)
                .listener(events).build()) {

            // ---- signup: the server requires MFA, the claims say nothing ------------------------------
            AuthResponse signup = auth.signupWithEmail(email, PASSWORD).execute();
            // true although the claims below say nothing: the server's own flag
            assertThat(signup.isRequiresMfa()).isTrue();
            assertThat(signup.mfaMethods()).as("the server names no method").isEmpty();
            assertThat(signup.defaultMfaMethod()).isEmpty();
            assertThat(signup.claims()).hasValueSatisfying(claims -> {
                assertThat(claims.isMfaEnabled()).isFalse();
                assertThat(claims.isMfaPending()).as("the claims alone do not say pending").isFalse();
            });
            assertThat(auth.isMfaPending()).isTrue();
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(store.load().map(StoredTokens::mfaPending)).contains(true);
            assertThat(events.drain()).containsExactly(AuthEvent.Type.MFA_REQUIRED);

            // ---- the server does not restrict these tokens; MFA cannot be switched ------------------
            assertThat(auth.getUser().execute().email()).as("an MFA-gated route answers").contains(email);
            MfaStatus status = auth.getMfaStatus().execute();
            assertThat(status.isRequired()).isTrue();
            assertThat(status.canToggle()).isFalse();
            assertThat(status.isEnabled()).as("reported enabled because required").isTrue();
            assertThat(status.verifiedMethods()).as("the email is usable without enrolment").contains(MfaMethod.EMAIL);
            NestAuthResponseException toggle = catchThrowableOfType(NestAuthResponseException.class,
                    () -> auth.toggleMfa(true).execute());
            assertThat(toggle.status()).isEqualTo(403);
            assertThat(toggle.code()).contains("MFA_TOGGLING_NOT_ALLOWED");

            // ---- a refresh (whose answer says isRequiresMfa: false) keeps it pending ------------------
            auth.refreshSession().execute();
            assertThat(auth.isMfaPending()).isTrue();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);

            // ---- the emailed code completes MFA ---------------------------------------------------------
            auth.sendMfaChallenge(MfaMethod.EMAIL).execute();
            AuthResponse verified = auth.verifyMfa(hooks.lastCode(email, CodePurpose.MFA), MfaMethod.EMAIL, false)
                    .execute();
            assertThat(verified.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.isMfaPending()).isFalse();
            assertThat(auth.accessTokenClaims()).hasValueSatisfying(claims -> {
                assertThat(claims.isMfaVerified()).isTrue();
                assertThat(claims.isMfaEnabled()).as("the user row still says MFA is off").isFalse();
            });
            assertThat(store.load().map(StoredTokens::mfaPending)).contains(false);
            assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);

            // ---- every login asks again, even once a TOTP device is enrolled ----------------------------
            TotpSetup totp = auth.setupTotp("Phone").execute();
            auth.verifyTotpSetup(totp.secret(), hooks.totpCode(totp.secret())).execute();
            auth.logout().execute();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_OUT);

            AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(login.isRequiresMfa()).isTrue();
            assertThat(login.mfaMethods()).as("still no method named, TOTP enrolled or not").isEmpty();
            assertThat(login.claims().map(TokenClaims::isMfaPending)).contains(false);
            assertThat(auth.isMfaPending()).isTrue();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.MFA_REQUIRED);

            AuthResponse byTotp = auth.verifyMfa(hooks.totpCode(totp.secret()), MfaMethod.TOTP, true).execute();
            assertThat(byTotp.isRequiresMfa()).isFalse();
            assertThat(byTotp.hasTrustToken()).isTrue();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);

            // ---- a trusted device skips the step --------------------------------------------------------
            auth.logout().execute();
            AuthResponse trusted = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(trusted.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_OUT, AuthEvent.Type.SIGNED_IN);
        }
    }
}
