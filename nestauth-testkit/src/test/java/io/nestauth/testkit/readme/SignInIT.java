package io.nestauth.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.testkit.BackendHooks.CodePurpose;
import io.nestauth.testkit.NestAuthTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/*
 * The example of nestauth-testkit/README.md and of the top-level README's "Testing your app against a
 * real server" (snippet test-server): compiled and run here, kept equal to both READMEs by
 * nestauth-examples' ReadmeSnippetsTest.
 */
// tag::test-server[]
class SignInIT {

    // one server per distinct configuration per test run, shared by the classes that register it
    @RegisterExtension
    static NestAuthTestServer server = NestAuthTestServer.builder()
            .tokenDelivery(NestAuthTestServer.TokenDelivery.HEADER)   // or COOKIE, CLIENT_CHOSEN
            .build();

    @Test
    void signsInWithTheCodeTheServerSent() {
        try (NestAuthClient auth = NestAuthClient.builder().baseUrl(server.baseUrl()).build()) {
            auth.sendPasswordlessCode(PasswordlessChannel.EMAIL, "ann@example.com").execute();
            String code = server.hooks().lastCode("ann@example.com", CodePurpose.PASSWORDLESS);

            auth.loginWithPasswordlessCode("ann@example.com", code, PasswordlessChannel.EMAIL).execute();

            assertThat(auth.isAuthenticated()).isTrue();
        }
    }
}
// end::test-server[]
