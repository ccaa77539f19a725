package io.nestauth.contract.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Example JWTs for the pacts: the shape of the server's tokens (HS256, the claims listed in
 * spec/SERVER-BEHAVIOUR.md §11), signed with a key of this test only. They are deterministic, so
 * the pact file is the same on every run, and expire in 2099 (except {@link #EXPIRED_ACCESS}), so
 * the client under test treats them as live. The provider never sees them: the verifier replaces
 * each with the live token the provider state returned, and responses are matched by a JWT regex.
 */
public final class ExampleJwts {

    public static final String USER_ID = "26b6b071-32d7-4cba-9161-6d80869ec2fa";
    public static final String SESSION_ID = "b4444c0b-50d7-41b6-a0db-59160d823b73";
    public static final String TENANT_ID = "8e39cf74-acb8-4231-9f63-ffd4e415fa40";
    public static final String DEVICE_ID = "48e9ed68-788d-49a0-adf8-b6e5e42a64b4";

    /** 2099-01-01T00:00:00Z. */
    private static final long ISSUED_AT = 4_070_908_800L;
    private static final long ACCESS_TTL = 15 * 60;
    private static final long REFRESH_TTL = 7 * 24 * 3600;
    private static final byte[] KEY = "nestauth-java-pact-examples-only".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A signed-in session (no MFA). */
    public static final String ACCESS = access(ISSUED_AT, false, false, null);
    public static final String REFRESH = refresh(ISSUED_AT, false, false, null, "3eb56097-8dee-4ffb-af0d-4ebde6a823ac");
    /** What a refresh issues for the same session (issued a minute later). */
    public static final String REFRESHED_ACCESS = access(ISSUED_AT + 60, false, false, null);
    public static final String REFRESHED_REFRESH =
            refresh(ISSUED_AT + 60, false, false, null, "7d0f2a51-1c57-4d0e-9a38-0f0c6f5b2c11");
    /** A session that still has to pass MFA ({@code isMfaEnabled && !isMfaVerified}). */
    public static final String PENDING_ACCESS = access(ISSUED_AT, true, false, null);
    public static final String PENDING_REFRESH =
            refresh(ISSUED_AT, true, false, null, "5c1f4a0e-2b7d-4f6e-8a9b-1d2c3e4f5a6b");
    /** The same session once MFA was verified. */
    public static final String VERIFIED_ACCESS = access(ISSUED_AT + 30, true, true, null);
    public static final String VERIFIED_REFRESH =
            refresh(ISSUED_AT + 30, true, true, null, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    /** Tokens re-scoped to {@link #TENANT_ID} by switch-tenant. */
    public static final String TENANT_ACCESS = access(ISSUED_AT + 90, false, false, TENANT_ID);
    public static final String TENANT_REFRESH =
            refresh(ISSUED_AT + 90, false, false, TENANT_ID, "0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e");
    /** An access token whose {@code exp} lies in the past (2026-11-21T22:30:38Z). */
    public static final String EXPIRED_ACCESS = access(1_795_299_338L, false, false, null);
    /** A password-reset token as verify-forgot-password-otp issues it. */
    public static final String RESET_TOKEN = resetToken();

    private ExampleJwts() {
    }

    private static String access(long iat, boolean mfaEnabled, boolean mfaVerified, String tenantId) {
        Map<String, Object> claims = userClaims(mfaEnabled, mfaVerified, tenantId);
        claims.put("type", "access");
        claims.put("iat", iat);
        claims.put("exp", iat + ACCESS_TTL);
        return sign(claims);
    }

    private static String refresh(long iat, boolean mfaEnabled, boolean mfaVerified, String tenantId, String jti) {
        Map<String, Object> claims = userClaims(mfaEnabled, mfaVerified, tenantId);
        claims.put("type", "refresh");
        claims.put("jti", jti);
        claims.put("iat", iat);
        claims.put("exp", iat + REFRESH_TTL);
        return sign(claims);
    }

    private static Map<String, Object> userClaims(boolean mfaEnabled, boolean mfaVerified, String tenantId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("id", USER_ID);
        claims.put("sub", USER_ID);
        claims.put("sessionId", SESSION_ID);
        claims.put("email", "alice@example.com");
        claims.put("phone", null);
        claims.put("emailVerifiedAt", null);
        claims.put("phoneVerifiedAt", null);
        claims.put("roles", List.of());
        claims.put("tenantId", tenantId);
        claims.put("isMfaEnabled", mfaEnabled);
        claims.put("isMfaVerified", mfaVerified);
        return claims;
    }

    private static String resetToken() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("userId", USER_ID);
        claims.put("type", "password_reset");
        claims.put("iat", ISSUED_AT);
        claims.put("exp", ISSUED_AT + 3600);
        return sign(claims);
    }

    private static String sign(Map<String, Object> claims) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = b64.encodeToString(MAPPER.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            String signature = b64.encodeToString(
                    mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + payload + "." + signature;
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
