package io.nestauth.contract.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client without listeners and with the in-memory store stores a login's tokens without reading
 * their claims (the read waits for the first question). Against the live reference backend: the MFA
 * state it then reports is still the tokens', where the server's answer says otherwise.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
        disabledReason = "needs the reference backend's /__test hooks")
class MfaStateWithoutListenersIT {

    private static final String PASSWORD = "NoListen3r-Passw0rd";

    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder().build();

    private final BackendHooks hooks = server.hooks();


    /**
     * Keeps the bodies the server answered to {@code POST /auth/login}: what the server itself said
     * about MFA, which {@link AuthResponse} corrects with the tokens' claims.
     */
    private static final class LoginAnswers implements Interceptor {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final List<JsonNode> answers = new CopyOnWriteArrayList<>();

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            if (chain.request().url().encodedPath().endsWith("/auth/login")) {
                answers.add(JSON.readTree(response.peekBody(64 * 1024).string()));
            }
            return response;
        }

        /** @return the {@code isRequiresMfa} of the last login answer; null when it sent none or no boolean */
        Boolean lastRequiresMfa() {
            assertThat(answers).as("login answers seen").isNotEmpty();
            JsonNode requiresMfa = answers.get(answers.size() - 1).path("isRequiresMfa");
            return requiresMfa.isBoolean() ? requiresMfa.booleanValue() : null;
        }
    }

    @Test
    void theMfaStateComesFromTheTokensEvenWhenNothingReadThemAtLogin() {
        String email = "no-listeners-" + UUID.randomUUID() + "@example.com";
        InMemoryTokenStore store = new InMemoryTokenStore();
        LoginAnswers loginAnswers = new LoginAnswers();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(loginAnswers).build();
        try (NestAuthClient auth = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store)
                .httpClient(http).build()) {
            auth.signupWithEmail(email, PASSWORD).execute();
            auth.toggleMfa(true).execute();
            auth.logout().execute();

            // a passwordless login answers isRequiresMfa=false but issues MFA-pending tokens (spec/SERVER-BEHAVIOUR.md §5)
            auth.sendPasswordlessCode(PasswordlessChannel.EMAIL, email).execute();
            AuthResponse passwordless = auth.loginWithPasswordlessCode(email,
                    hooks.lastCode(email, CodePurpose.PASSWORDLESS), PasswordlessChannel.EMAIL).execute();
            assertThat(loginAnswers.lastRequiresMfa()).isFalse();
            assertThat(auth.isMfaPending()).isTrue();
            assertThat(passwordless.isRequiresMfa()).isTrue();
            assertThat(store.load().orElseThrow().mfaPending()).isTrue();
            // the server agrees: an MFA-gated route refuses these tokens
            assertThatThrownBy(() -> auth.getUser().execute()).isInstanceOf(MfaRequiredException.class);

            AuthResponse login = auth.loginWithEmail(email, PASSWORD).execute();
            assertThat(login.isRequiresMfa()).isTrue();
            assertThat(auth.isAuthenticated()).isFalse();

            auth.sendMfaChallenge(MfaMethod.EMAIL).execute();
            AuthResponse verified = auth.verifyMfa(hooks.lastCode(email, CodePurpose.MFA), MfaMethod.EMAIL, false).execute();
            assertThat(verified.isRequiresMfa()).isFalse();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(store.load().orElseThrow().mfaPending()).isFalse();
            assertThat(auth.getUser().execute().isMfaEnabled()).isTrue();
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
