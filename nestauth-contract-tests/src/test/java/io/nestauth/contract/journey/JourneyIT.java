package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthListener;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user's life with the real client against the live reference backend: signup, an expired
 * access token refreshed transparently, MFA switched on, an MFA login completed with the emailed code
 * on a device that is then trusted, a tenant switch, a password change, and a second client restoring
 * the session from the same token file.
 *
 * <p>Needs the reference backend's test hooks (captured codes, expired tokens, tenants), so it does not
 * run against an external deployment ({@code -Dnestauth.provider.baseUrl}).
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks")
class JourneyIT {

    private static final String EMAIL = "journey@example.com";
    private static final String PASSWORD = "Journey-Passw0rd";
    private static final String NEW_PASSWORD = "Journey-N3w-Passw0rd";

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private final BackendHooks hooks = server.hooks();


    /** Records every event a client fires. */
    static final class Events implements AuthListener {
        final List<AuthEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAuthEvent(AuthEvent event) {
            seen.add(event);
        }

        List<AuthEvent.Type> drain() {
            List<AuthEvent.Type> types = seen.stream().map(AuthEvent::type).toList();
            seen.clear();
            return types;
        }
    }

    private NestAuthClient client(FileTokenStore store, Events events) {
        return NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).listener(events).build();
    }

    @Test
    void aUsersJourney(@TempDir Path dir) {
        FileTokenStore store = new FileTokenStore(dir.resolve("session.json"));
        Events events = new Events();

        // ---- signup signs in --------------------------------------------------------------------
        NestAuthClient auth = client(store, events);
        AuthResponse signup = auth.signupWithEmail(EMAIL, PASSWORD).execute();
        assertThat(signup.isRequiresMfa()).isFalse();
        assertThat(auth.isAuthenticated()).isTrue();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);

        SessionUser me = auth.getSessionUserData().execute();
        assertThat(me.email()).contains(EMAIL);
        String userId = me.id();
        assertThat(auth.accessTokenClaims().flatMap(TokenClaims::userId)).contains(userId);

        // ---- an expired access token is refreshed on the next call --------------------------------
        String liveToken = auth.accessToken().orElseThrow();
        String expired = hooks.expiredCopyOf(liveToken);
        StoredTokens before = store.load().orElseThrow();
        store.save(new StoredTokens(expired, before.refreshToken(), false, null));
        auth.close();
        // the app restarts: a client loads what the store holds (the client caches what it loaded)
        auth = client(store, events);
        assertThat(auth.isAccessTokenExpired()).isTrue();

        assertThat(auth.getSessionUserData().execute().id()).isEqualTo(userId);

        assertThat(events.drain()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);
        String refreshed = auth.accessToken().orElseThrow();
        // (within the same second the server may re-issue an identical access token: same claims, same iat)
        assertThat(refreshed).isNotEqualTo(expired);
        assertThat(store.load().map(StoredTokens::accessToken)).contains(refreshed);
        assertThat(store.load().map(StoredTokens::refreshToken)).isNotEqualTo(java.util.Optional.of(before.refreshToken()));
        assertThat(auth.isAccessTokenExpired()).isFalse();

        // ---- MFA on; the next login needs it ------------------------------------------------------
        auth.toggleMfa(true).execute();
        auth.logout().execute();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_OUT);
        assertThat(auth.isAuthenticated()).isFalse();

        AuthResponse login = auth.loginWithEmail(EMAIL, PASSWORD).execute();
        assertThat(login.isRequiresMfa()).isTrue();
        assertThat(login.mfaMethods()).contains(MfaMethod.EMAIL);
        assertThat(auth.isMfaPending()).isTrue();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.MFA_REQUIRED);

        auth.sendMfaChallenge(MfaMethod.EMAIL).execute();
        String code = hooks.lastCode(EMAIL, CodePurpose.MFA);
        AuthResponse verified = auth.verifyMfa(code, MfaMethod.EMAIL, true).execute();
        assertThat(verified.isRequiresMfa()).isFalse();
        assertThat(verified.hasTrustToken()).isTrue();
        assertThat(auth.isAuthenticated()).isTrue();
        assertThat(auth.isDeviceTrusted()).isTrue();
        assertThat(auth.accessTokenClaims()).hasValueSatisfying(c -> assertThat(c.isMfaVerified()).isTrue());
        assertThat(auth.getUser().execute().isMfaEnabled()).isTrue();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);

        // ---- the trusted device skips MFA on the next login ---------------------------------------
        auth.logout().execute();
        assertThat(auth.isDeviceTrusted()).as("logout keeps the device-trust token").isTrue();
        AuthResponse trustedLogin = auth.loginWithEmail(EMAIL, PASSWORD).execute();
        assertThat(trustedLogin.isRequiresMfa()).isFalse();
        assertThat(auth.isAuthenticated()).isTrue();
        assertThat(auth.getUser().execute().id()).isEqualTo(userId);
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_OUT, AuthEvent.Type.SIGNED_IN);

        // ---- switch to a tenant the user is a member of -------------------------------------------
        String tenantId = hooks.createTenant("Journey Co", "journey-co").id();
        hooks.addMember(EMAIL, tenantId);
        AuthResponse switched = auth.switchTenant(tenantId).execute();
        assertThat(switched.claims().flatMap(TokenClaims::tenantId)).contains(tenantId);
        assertThat(auth.accessTokenClaims().flatMap(TokenClaims::tenantId)).contains(tenantId);
        assertThat(auth.verifySession().execute().isValid()).isTrue();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.TOKEN_REFRESHED);

        // ---- changing the password ends every session ---------------------------------------------
        String revokedToken = auth.accessToken().orElseThrow();
        auth.changePassword(PASSWORD, NEW_PASSWORD).execute();
        assertThat(auth.isAuthenticated()).isFalse();
        assertThat(events.seen).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
            assertThat(e.signOutReason()).contains(AuthEvent.SignOutReason.PASSWORD_CHANGED);
        });
        events.drain();
        assertThat(revokedToken).isNotBlank();

        AuthResponse newLogin = auth.loginWithEmail(EMAIL, NEW_PASSWORD).execute();
        assertThat(newLogin.isRequiresMfa()).as("the device is still trusted").isFalse();
        assertThat(auth.isAuthenticated()).isTrue();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_IN);

        // ---- a second client over the same token file restores the session ------------------------
        Events secondEvents = new Events();
        try (NestAuthClient second = client(new FileTokenStore(dir.resolve("session.json")), secondEvents)) {
            assertThat(second.isAuthenticated()).isTrue();
            assertThat(second.accessToken()).isEqualTo(auth.accessToken());
            assertThat(second.getSessionUserData().execute().email()).contains(EMAIL);
            assertThat(secondEvents.drain()).isEmpty();
        }

        // ---- logout -------------------------------------------------------------------------------
        auth.logout().execute();
        assertThat(auth.isAuthenticated()).isFalse();
        assertThat(events.drain()).containsExactly(AuthEvent.Type.SIGNED_OUT);
        assertThat(store.load().map(StoredTokens::hasSession)).contains(false);
        auth.close();
    }
}
