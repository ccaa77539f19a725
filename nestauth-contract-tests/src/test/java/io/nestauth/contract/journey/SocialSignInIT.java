package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.client.SocialTokenType;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.NestAuthTestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Social sign-in against the live reference backend, through its test-only {@code test-oidc}
 * provider: the backend signs RS256 ID tokens with a key it made at start and the provider checks
 * them as the library's Google provider checks Google's. What happens after the check (finding the
 * linked account, creating it on a first sign-in when {@code createUserIfNotExists} is true) is the
 * library's own code.
 *
 * <p>The server's default for {@code createUserIfNotExists} is false; before the SDK sent true, a
 * new user's first social sign-in was refused with 401 INVALID_CREDENTIALS.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks and its test-oidc provider")
class SocialSignInIT {

    private static final String PROVIDER = BackendHooks.TEST_OIDC_PROVIDER;

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private final BackendHooks hooks = server.hooks();


    private NestAuthClient client() {
        return NestAuthClient.builder().baseUrl(server.baseUrl()).build();
    }

    private static String newEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void aFirstSocialSignInCreatesTheUserAndSignsIn() {
        String email = newEmail("social-first");
        String idToken = hooks.socialIdToken(email, "Social First");
        try (NestAuthClient auth = client()) {
            auth.socialLogin(PROVIDER, idToken, SocialTokenType.ID_TOKEN).execute();

            assertThat(auth.isAuthenticated()).isTrue();
            SessionUser me = auth.getSessionUserData().execute();
            assertThat(me.email()).contains(email);
            assertThat(me.id()).isNotBlank();
        }
    }

    @Test
    void aLaterSocialSignInWithANewTokenFindsTheSameUser() {
        String email = newEmail("social-again");
        String firstToken = hooks.socialIdToken(email, "Social Again");
        String firstUserId;
        try (NestAuthClient auth = client()) {
            auth.socialLogin(PROVIDER, firstToken, SocialTokenType.ID_TOKEN).execute();
            firstUserId = auth.getSessionUserData().execute().id();
        }

        String secondToken = hooks.socialIdToken(email);
        assertThat(secondToken).isNotEqualTo(firstToken);
        try (NestAuthClient auth = client()) {
            auth.socialLogin(PROVIDER, secondToken, SocialTokenType.ID_TOKEN).execute();

            assertThat(auth.isAuthenticated()).isTrue();
            SessionUser me = auth.getSessionUserData().execute();
            assertThat(me.id()).isEqualTo(firstUserId);
            assertThat(me.email()).contains(email);
        }
    }

    @Test
    void withoutCreateUserIfNotExistsAnUnknownUserIsRefused() {
        String email = newEmail("social-unknown");
        String idToken = hooks.socialIdToken(email);
        try (NestAuthClient auth = client()) {
            assertThatThrownBy(() -> auth.socialLogin(PROVIDER, idToken, SocialTokenType.ID_TOKEN, false).execute())
                    .isInstanceOfSatisfying(InvalidCredentialsException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).contains("INVALID_CREDENTIALS");
                    });
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(auth.accessToken()).isEmpty();

            // the refusal was the flag's doing: the same token with the SDK's default signs up
            auth.socialLogin(PROVIDER, idToken, SocialTokenType.ID_TOKEN).execute();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.getSessionUserData().execute().email()).contains(email);
        }
    }

    @Test
    void aTamperedTokenIsRefused() {
        String idToken = hooks.socialIdToken(newEmail("social-tampered"));
        // flip one character of the signature
        int last = idToken.length() - 1;
        char flipped = idToken.charAt(last - 5) == 'A' ? 'B' : 'A';
        String tampered = idToken.substring(0, last - 5) + flipped + idToken.substring(last - 4);
        try (NestAuthClient auth = client()) {
            assertThatThrownBy(() -> auth.socialLogin(PROVIDER, tampered, SocialTokenType.ID_TOKEN).execute())
                    .isInstanceOfSatisfying(NestAuthResponseException.class,
                            e -> assertThat(e.status()).isEqualTo(401));
            assertThat(auth.isAuthenticated()).isFalse();
        }
    }
}
