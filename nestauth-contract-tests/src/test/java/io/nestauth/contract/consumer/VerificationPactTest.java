package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.CODE_SENT;
import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.PASSWORD;
import static io.nestauth.contract.Contract.PHONE;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.Contract.USER_WITH_PHONE;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.error;
import static io.nestauth.contract.consumer.PactSupport.message;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
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
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.testfixtures.FixedJwts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Email and phone verification of the signed-in user. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class VerificationPactTest {

    private static Map<String, Object> phoneUser() {
        return Map.of("phone", PHONE, "password", PASSWORD);
    }

    @Pact(consumer = CONSUMER)
    V4Pact sendEmailVerification(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a request for an email verification code")
                        .path("/auth/send-email-verification").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody())
                .willRespondWith().status(200)
                .body(message("Verification email sent"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "sendEmailVerification")
    void sendEmailVerification(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.sendEmailVerification().execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact verifyEmail(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(CODE_SENT, Map.of("purpose", "verify-email"))
                        .uponReceiving("the email verification code that was sent")
                        .path("/auth/verify-email").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().valueFromProviderState("code", "${code}", "123456"))
                .willRespondWith().status(200)
                .body(message("Email verified successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyEmail")
    void verifyEmail(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.verifyEmail("123456").execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact verifyEmailWrongCode(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("an email verification code that is wrong")
                        .path("/auth/verify-email").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().stringValue("code", "000000"))
                .willRespondWith().status(400)
                .body(error("VERIFICATION_CODE_INVALID", "Invalid verification code"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyEmailWrongCode")
    void verifyEmailWrongCode(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThatThrownBy(() -> auth.verifyEmail("000000").execute())
                    .isInstanceOfSatisfying(NestAuthResponseException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.hasCode("VERIFICATION_CODE_INVALID")).isTrue();
                    });
            // a wrong code does not touch the session
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact sendPhoneVerification(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_PHONE, phoneUser())
                        .uponReceiving("a request for a phone verification code")
                        .path("/auth/send-phone-verification").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody())
                .willRespondWith().status(200)
                .body(message("Verification SMS sent"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "sendPhoneVerification")
    void sendPhoneVerification(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.sendPhoneVerification().execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact verifyPhone(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_PHONE, phoneUser())
                        .given(CODE_SENT, Map.of("purpose", "verify-phone"))
                        .uponReceiving("the phone verification code that was sent")
                        .path("/auth/verify-phone").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().valueFromProviderState("code", "${code}", "123456"))
                .willRespondWith().status(200)
                .body(message("Phone verified successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyPhone")
    void verifyPhone(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.verifyPhone("123456").execute()).isNotBlank();
        }
    }
}
