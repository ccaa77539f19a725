package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.CODE_SENT;
import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.JWT;
import static io.nestauth.contract.Contract.NEW_PASSWORD;
import static io.nestauth.contract.Contract.PASSWORD;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.RESET_TOKEN_ISSUED;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.error;
import static io.nestauth.contract.consumer.PactSupport.message;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
import static io.nestauth.contract.consumer.PactSupport.uncodedError;
import static io.nestauth.contract.consumer.PactSupport.userEmail;
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
import io.nestauth.client.AuthEvent;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.ValidationException;
import io.nestauth.testfixtures.FixedJwts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Forgot/reset password and change password. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class PasswordPactTest {

    // ---- POST /auth/forgot-password -----------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact forgotPassword(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .uponReceiving("a forgotten-password request for a registered email")
                .path("/auth/forgot-password").method("POST")
                .body(userEmail(new PactDslJsonBody(), "email"))
                .willRespondWith().status(200)
                .body(message("If your email is registered, you will receive a password reset link"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "forgotPassword")
    void forgotPassword(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.forgotPassword(EMAIL).execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact forgotPasswordInvalidPhone(PactDslWithProvider builder) {
        return builder
                .uponReceiving("a forgotten-password request with a malformed phone number")
                .path("/auth/forgot-password").method("POST")
                .body(new PactDslJsonBody().stringValue("phone", "12345"))
                .willRespondWith().status(400)
                .body(uncodedError("phone must be a valid phone number"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "forgotPasswordInvalidPhone")
    void forgotPasswordInvalidPhone(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThatThrownBy(() -> auth.forgotPassword("12345").execute())
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEmpty();
                        assertThat(e.serverMessage()).isPresent();
                    });
        }
    }

    // ---- POST /auth/verify-forgot-password-otp ------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact verifyForgotPasswordOtp(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(CODE_SENT, Map.of("purpose", "password-reset"))
                .uponReceiving("the password-reset code that was sent")
                .path("/auth/verify-forgot-password-otp").method("POST")
                .body(userEmail(new PactDslJsonBody(), "email")
                        .valueFromProviderState("code", "${code}", "123456"))
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .stringType("message", "OTP verified successfully")
                        .stringMatcher("resetToken", JWT, FixedJwts.RESET_TOKEN))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyForgotPasswordOtp")
    void verifyForgotPasswordOtp(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.verifyForgotPasswordOtp(EMAIL, "123456").execute()).isEqualTo(FixedJwts.RESET_TOKEN);
        }
    }

    // ---- POST /auth/reset-password ------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact resetPassword(PactDslWithProvider builder) {
        return builder
                .given(USER_WITH_EMAIL, alice())
                .given(RESET_TOKEN_ISSUED)
                .uponReceiving("a new password with a valid reset token")
                .path("/auth/reset-password").method("POST")
                .body(new PactDslJsonBody()
                        .valueFromProviderState("token", "${resetToken}", FixedJwts.RESET_TOKEN)
                        .stringValue("newPassword", NEW_PASSWORD))
                .willRespondWith().status(200)
                .body(message("Password has been reset successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "resetPassword")
    void resetPassword(MockServer server) {
        try (NestAuthClient auth = client(server)) {
            assertThat(auth.resetPassword(FixedJwts.RESET_TOKEN, NEW_PASSWORD).execute()).isNotBlank();
        }
    }

    // ---- POST /auth/change-password -----------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact changePassword(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a password change with the right current password")
                        .path("/auth/change-password").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody()
                        .stringValue("currentPassword", PASSWORD)
                        .stringValue("newPassword", NEW_PASSWORD))
                .willRespondWith().status(200)
                .body(message("Password changed successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "changePassword")
    void changePasswordSignsOut(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = signedIn();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            auth.changePassword(PASSWORD, NEW_PASSWORD).execute();

            // the server revoked every session, this one included
            assertThat(auth.isAuthenticated()).isFalse();
            assertThat(store.load()).isEmpty();
            assertThat(events.seen).singleElement()
                    .satisfies(e -> assertThat(e.signOutReason()).contains(AuthEvent.SignOutReason.PASSWORD_CHANGED));
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact changePasswordWrongCurrent(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a password change with a wrong current password")
                        .path("/auth/change-password").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody()
                        .stringValue("currentPassword", "not-the-password")
                        .stringValue("newPassword", NEW_PASSWORD))
                .willRespondWith().status(400)
                .body(error("CURRENT_PASSWORD_INCORRECT", "Current password is incorrect"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "changePasswordWrongCurrent")
    void changePasswordWrongCurrent(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThatThrownBy(() -> auth.changePassword("not-the-password", NEW_PASSWORD).execute())
                    .isInstanceOfSatisfying(NestAuthResponseException.class,
                            e -> assertThat(e.hasCode("CURRENT_PASSWORD_INCORRECT")).isTrue());
            assertThat(auth.isAuthenticated()).isTrue();
        }
    }
}
