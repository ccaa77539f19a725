package io.nestauth.contract.provider;

import static io.nestauth.contract.Contract.ACCESS_TOKEN_EXPIRED;
import static io.nestauth.contract.Contract.CARRIED_STATE_VALUES;
import static io.nestauth.contract.Contract.CODE_SENT;
import static io.nestauth.contract.Contract.HAS_PERMISSION;
import static io.nestauth.contract.Contract.MEMBER_OF_TENANT;
import static io.nestauth.contract.Contract.MFA_ENABLED;
import static io.nestauth.contract.Contract.NO_TENANT;
import static io.nestauth.contract.Contract.RECOVERY_CODES;
import static io.nestauth.contract.Contract.REFRESH_TOKEN_ROTATED;
import static io.nestauth.contract.Contract.RESET_TOKEN_ISSUED;
import static io.nestauth.contract.Contract.TENANT_EXISTS;
import static io.nestauth.contract.Contract.TOTP_DEVICE;
import static io.nestauth.contract.Contract.TRUSTED_DEVICE;
import static io.nestauth.contract.Contract.UNUSED_EMAIL;
import static io.nestauth.contract.Contract.USER_WITH_EMAIL;
import static io.nestauth.contract.Contract.USER_WITH_PHONE;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider side shared by the verifications: the target ({@link ProviderUnderTest}) and one
 * {@code @State} method per provider state of the pacts. Each forwards its state to the provider-state
 * endpoint and returns the values it answered (tokens, codes, ids), which pact-jvm injects into the
 * request wherever the pact says {@code fromProviderState}. The states of one interaction run in the
 * order listed; a later state's {@code accessToken} replaces an earlier one.
 *
 * <p>pact-jvm calls the states of an interaction on that interaction's own instance of the class: the
 * instance keeps what they answered and gives later states the {@code userId} and {@code password}
 * (Contract.CARRIED_STATE_VALUES), so that "the user" is this interaction's even when other
 * verifications run against the same server at the same time.
 */
@ExtendWith(ProviderUnderTest.Extension.class)
abstract class NestAuthProviderContract {

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(ProviderUnderTest.current().testTarget());
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void interaction(PactVerificationContext context) {
        context.verifyInteraction();
    }

    // ---- provider states: each forwards to the state endpoint --------------------------------

    /** What the states of this interaction answered so far. */
    private final Map<String, Object> interactionValues = new HashMap<>();

    private Map<String, Object> state(String name, Map<String, Object> params) {
        Map<String, Object> withCarried = new HashMap<>();
        CARRIED_STATE_VALUES.stream().filter(interactionValues::containsKey)
                .forEach(key -> withCarried.put(key, interactionValues.get(key)));
        withCarried.putAll(params == null ? Map.of() : params);
        Map<String, Object> values = ProviderUnderTest.current().state(name, withCarried);
        interactionValues.putAll(values);
        return values;
    }

    @State(UNUSED_EMAIL)
    Map<String, Object> unusedEmail(Map<String, Object> params) {
        return state(UNUSED_EMAIL, params);
    }

    @State(NO_TENANT)
    Map<String, Object> noTenant(Map<String, Object> params) {
        return state(NO_TENANT, params);
    }

    @State(USER_WITH_EMAIL)
    Map<String, Object> userWithEmail(Map<String, Object> params) {
        return state(USER_WITH_EMAIL, params);
    }

    @State(USER_WITH_PHONE)
    Map<String, Object> userWithPhone(Map<String, Object> params) {
        return state(USER_WITH_PHONE, params);
    }

    @State(MFA_ENABLED)
    Map<String, Object> mfaEnabled(Map<String, Object> params) {
        return state(MFA_ENABLED, params);
    }

    @State(TENANT_EXISTS)
    Map<String, Object> tenantExists(Map<String, Object> params) {
        return state(TENANT_EXISTS, params);
    }

    @State(MEMBER_OF_TENANT)
    Map<String, Object> memberOfTenant(Map<String, Object> params) {
        return state(MEMBER_OF_TENANT, params);
    }

    @State(HAS_PERMISSION)
    Map<String, Object> hasPermission(Map<String, Object> params) {
        return state(HAS_PERMISSION, params);
    }

    @State(CODE_SENT)
    Map<String, Object> codeSent(Map<String, Object> params) {
        return state(CODE_SENT, params);
    }

    @State(ACCESS_TOKEN_EXPIRED)
    Map<String, Object> accessTokenExpired(Map<String, Object> params) {
        return state(ACCESS_TOKEN_EXPIRED, params);
    }

    @State(REFRESH_TOKEN_ROTATED)
    Map<String, Object> refreshTokenRotated(Map<String, Object> params) {
        return state(REFRESH_TOKEN_ROTATED, params);
    }

    @State(TOTP_DEVICE)
    Map<String, Object> totpDevice(Map<String, Object> params) {
        return state(TOTP_DEVICE, params);
    }

    @State(RECOVERY_CODES)
    Map<String, Object> recoveryCodes(Map<String, Object> params) {
        return state(RECOVERY_CODES, params);
    }

    @State(TRUSTED_DEVICE)
    Map<String, Object> trustedDevice(Map<String, Object> params) {
        return state(TRUSTED_DEVICE, params);
    }

    @State(RESET_TOKEN_ISSUED)
    Map<String, Object> resetTokenIssued(Map<String, Object> params) {
        return state(RESET_TOKEN_ISSUED, params);
    }
}
