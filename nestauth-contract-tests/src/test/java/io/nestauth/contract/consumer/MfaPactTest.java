package io.nestauth.contract.consumer;

import static io.nestauth.contract.Contract.CODE_SENT;
import static io.nestauth.contract.Contract.CONSUMER;
import static io.nestauth.contract.Contract.EMAIL;
import static io.nestauth.contract.Contract.ISO_INSTANT;
import static io.nestauth.contract.Contract.MFA_ENABLED;
import static io.nestauth.contract.Contract.MFA_METHOD;
import static io.nestauth.contract.Contract.PROVIDER;
import static io.nestauth.contract.Contract.RECOVERY_CODE;
import static io.nestauth.contract.Contract.RECOVERY_CODES;
import static io.nestauth.contract.Contract.TOTP_DEVICE;
import static io.nestauth.contract.Contract.TRUST_TOKEN;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.consumer.PactSupport.alice;
import static io.nestauth.contract.consumer.PactSupport.bearer;
import static io.nestauth.contract.consumer.PactSupport.client;
import static io.nestauth.contract.consumer.PactSupport.message;
import static io.nestauth.contract.consumer.PactSupport.mfaPending;
import static io.nestauth.contract.consumer.PactSupport.signedIn;
import static io.nestauth.contract.consumer.PactSupport.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.PactDslJsonArray;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.matchingrules.NullMatcher;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import io.nestauth.client.AuthEvent;
import io.nestauth.client.AuthResponse;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.MfaDevice;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.MfaStatus;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TotpSetup;
import io.nestauth.testfixtures.FixedJwts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MFA: challenge and verification, status and toggle, TOTP devices and recovery codes. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class MfaPactTest {
    /** The example id of a TOTP device (the provider state returns the real one as {@code deviceId}). */
    private static final String DEVICE_ID = "48e9ed68-788d-49a0-adf8-b6e5e42a64b4";

    private static final String TOTP_SECRET = "NN3XIKDSG5XGE5ZFENEVQN2MPUUGC62Y";
    private static final String RECOVERY_CODE_EXAMPLE = "X4mFoSlVi9W7xqgoAsr9X4mNXGk";
    private static final String TRUST_TOKEN_EXAMPLE = "pU2E4k1YTZk7Fv-3vg-ogXOnLtWVcjCKaksHhs_Wwo4";

    /** One TOTP device as listed by the server (unused, not yet confirmed). */
    private static PactDslJsonBody device(PactDslJsonBody body) {
        return body
                .uuid("id", DEVICE_ID)
                .stringType("deviceName", "Work phone")
                .stringMatcher("method", MFA_METHOD, "totp")
                .or("lastUsedAt", null, NullMatcher.INSTANCE, new RegexMatcher(ISO_INSTANT))
                .stringMatcher("createdAt", ISO_INSTANT, "2026-11-21T23:18:14.000Z")
                .booleanType("verified", false);
    }

    // ---- POST /auth/mfa/challenge -------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact challenge(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(MFA_ENABLED)
                        .uponReceiving("a request for an MFA code by email while MFA is pending")
                        .path("/auth/mfa/challenge").method("POST"),
                FixedJwts.PENDING_ACCESS)
                .body(new PactDslJsonBody().stringValue("method", "email"))
                .willRespondWith().status(200)
                .body(message("MFA code sent successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "challenge")
    void challenge(MockServer server) {
        try (NestAuthClient auth = client(server, mfaPending())) {
            assertThat(auth.sendMfaChallenge(MfaMethod.EMAIL).execute()).isNotBlank();
            assertThat(auth.isMfaPending()).isTrue();
        }
    }

    // ---- POST /auth/mfa/verify ----------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact verify(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(MFA_ENABLED)
                        .given(CODE_SENT, Map.of("purpose", "mfa"))
                        .uponReceiving("the MFA code that was sent, asking to trust this device")
                        .path("/auth/mfa/verify").method("POST"),
                FixedJwts.PENDING_ACCESS)
                .body(new PactDslJsonBody()
                        .valueFromProviderState("otp", "${code}", "123456")
                        .stringValue("method", "email")
                        .booleanValue("trustDevice", true))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.VERIFIED_ACCESS, FixedJwts.VERIFIED_REFRESH, false,
                        "2FA verification successful")
                        .stringMatcher("trustToken", TRUST_TOKEN, TRUST_TOKEN_EXAMPLE))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verify")
    void verify(MockServer server) {
        PactSupport.Events events = new PactSupport.Events();
        InMemoryTokenStore store = mfaPending();
        try (NestAuthClient auth = client(server, store)) {
            auth.addListener(events);

            AuthResponse response = auth.verifyMfa("123456", MfaMethod.EMAIL, true).execute();

            assertThat(response.isRequiresMfa()).isFalse();
            assertThat(response.hasTrustToken()).isTrue();
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.isDeviceTrusted()).isTrue();
            assertThat(store.load()).map(StoredTokens::trustToken).contains(TRUST_TOKEN_EXAMPLE);
            assertThat(events.types()).containsExactly(AuthEvent.Type.SIGNED_IN);
        }
    }

    // ---- POST /auth/mfa/verify-recovery-code --------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact verifyRecoveryCode(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(MFA_ENABLED)
                        .given(RECOVERY_CODES)
                        .uponReceiving("an unused recovery code instead of an MFA code")
                        .path("/auth/mfa/verify-recovery-code").method("POST"),
                FixedJwts.PENDING_ACCESS)
                .body(new PactDslJsonBody()
                        .valueFromProviderState("code", "${recoveryCode}", RECOVERY_CODE_EXAMPLE)
                        .booleanValue("trustDevice", false))
                .willRespondWith().status(200)
                .body(tokens(FixedJwts.VERIFIED_ACCESS, FixedJwts.VERIFIED_REFRESH, false,
                        "Recovery code verification successful"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyRecoveryCode")
    void verifyRecoveryCode(MockServer server) {
        try (NestAuthClient auth = client(server, mfaPending())) {
            auth.verifyRecoveryCode(RECOVERY_CODE_EXAMPLE, false).execute();

            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.accessToken()).contains(FixedJwts.VERIFIED_ACCESS);
        }
    }

    // ---- GET /auth/mfa/status -----------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact status(PactDslWithProvider builder) {
        PactDslJsonBody body = new PactDslJsonBody()
                .booleanType("isEnabled", false)
                .eachLike("verifiedMethods", PactDslJsonRootValue.stringMatcher(MFA_METHOD, "email"), 1)
                .eachLike("configuredMethods", PactDslJsonRootValue.stringMatcher(MFA_METHOD, "email"), 1)
                .booleanType("allowUserToggle", true)
                .booleanType("allowMethodSelection", true)
                .minArrayLike("totpDevices", 1);
        body = device(body).closeObject().closeArray().asBody()
                .booleanType("hasRecoveryCode", false)
                .booleanType("required", false)
                .booleanType("canToggle", true);
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(TOTP_DEVICE)
                        .uponReceiving("a request for the MFA status of a user with a TOTP device")
                        .path("/auth/mfa/status").method("GET"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200).body(body)
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "status")
    void status(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            MfaStatus status = auth.getMfaStatus().execute();

            assertThat(status.configuredMethods()).contains(MfaMethod.EMAIL);
            assertThat(status.totpDevices()).singleElement()
                    .satisfies(d -> assertThat(d.method()).contains(MfaMethod.TOTP));
            assertThat(status.canToggle()).isTrue();
        }
    }

    // ---- POST /auth/mfa/toggle ----------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact toggle(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a request to enable MFA")
                        .path("/auth/mfa/toggle").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().booleanValue("enabled", true))
                .willRespondWith().status(200)
                .body(message("MFA enabled successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "toggle")
    void toggle(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.toggleMfa(true).execute()).isNotBlank();
        }
    }

    // ---- TOTP devices -------------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact listDevices(PactDslWithProvider builder) {
        DslPart devices = device(PactDslJsonArray.arrayMinLike(1)).closeObject();
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(TOTP_DEVICE)
                        .uponReceiving("a request for the TOTP devices")
                        .path("/auth/mfa/devices").method("GET"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200).body(devices)
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "listDevices")
    void listDevices(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            List<MfaDevice> devices = auth.listTotpDevices().execute();

            assertThat(devices).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(DEVICE_ID);
                assertThat(d.isVerified()).isFalse();
            });
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact removeDevice(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(TOTP_DEVICE)
                        .uponReceiving("a request to remove a TOTP device")
                        .path("/auth/mfa/devices/" + DEVICE_ID).method("DELETE")
                        .pathFromProviderState("/auth/mfa/devices/${deviceId}", "/auth/mfa/devices/" + DEVICE_ID),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(message("MFA device removed successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "removeDevice")
    void removeDevice(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.removeTotpDevice(DEVICE_ID).execute()).isNotBlank();
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact setupTotp(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a request to set up an authenticator app")
                        .path("/auth/mfa/setup-totp").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().stringValue("deviceName", "Work phone"))
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .stringMatcher("secret", "[A-Z2-7]+=*", TOTP_SECRET)
                        .stringMatcher("qrCode", "data:image/png;base64,[A-Za-z0-9+/]+=*",
                                "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
                        .stringMatcher("otpAuthUrl", "otpauth://totp/.+",
                                "otpauth://totp/Nest%20Auth:alice%40example.com?secret=" + TOTP_SECRET
                                        + "&issuer=Nest%20Auth&period=30")
                        .stringType("issuer", "Nest Auth")
                        .stringType("account", EMAIL))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "setupTotp")
    void setupTotp(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            TotpSetup setup = auth.setupTotp("Work phone").execute();

            assertThat(setup.secret()).isEqualTo(TOTP_SECRET);
            assertThat(setup.otpAuthUrl()).startsWith("otpauth://totp/");
            assertThat(setup.qrCode()).startsWith("data:image/png;base64,");
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact verifyTotpSetup(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(TOTP_DEVICE)
                        .uponReceiving("the current code of a newly set up authenticator app")
                        .path("/auth/mfa/verify-totp-setup").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody()
                        .valueFromProviderState("secret", "${secret}", TOTP_SECRET)
                        .valueFromProviderState("otp", "${totpCode}", "137313"))
                .willRespondWith().status(200)
                .body(message("Device setup successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "verifyTotpSetup")
    void verifyTotpSetup(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.verifyTotpSetup(TOTP_SECRET, "137313").execute()).isNotBlank();
        }
    }

    // ---- recovery codes -----------------------------------------------------------------------

    @Pact(consumer = CONSUMER)
    V4Pact generateRecoveryCodes(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .uponReceiving("a request for new recovery codes")
                        .path("/auth/mfa/generate-recovery-code").method("POST"),
                FixedJwts.ACCESS)
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .minArrayLike("codes", 1, PactDslJsonRootValue.stringMatcher(RECOVERY_CODE, RECOVERY_CODE_EXAMPLE), 2)
                        .stringMatcher("code", RECOVERY_CODE, RECOVERY_CODE_EXAMPLE))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "generateRecoveryCodes")
    void generateRecoveryCodes(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.generateRecoveryCodes().execute().codes()).isNotEmpty().contains(RECOVERY_CODE_EXAMPLE);
        }
    }

    @Pact(consumer = CONSUMER)
    V4Pact resetTotp(PactDslWithProvider builder) {
        return bearer(builder
                        .given(USER_WITH_EMAIL, alice())
                        .given(TOTP_DEVICE)
                        .given(RECOVERY_CODES)
                        .uponReceiving("a recovery code to remove every TOTP device")
                        .path("/auth/mfa/reset-totp").method("POST"),
                FixedJwts.ACCESS)
                .body(new PactDslJsonBody().valueFromProviderState("code", "${recoveryCode}", RECOVERY_CODE_EXAMPLE))
                .willRespondWith().status(200)
                .body(message("MFA reset successfully"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "resetTotp")
    void resetTotp(MockServer server) {
        try (NestAuthClient auth = client(server, signedIn())) {
            assertThat(auth.resetTotp(RECOVERY_CODE_EXAMPLE).execute()).isNotBlank();
        }
    }
}
