package io.nestauth.contract;

import java.util.List;

/**
 * The vocabulary the consumer pacts and the provider verification share: participant names, the
 * provider-state sentences (the backend's {@code /__test/provider-state} protocol, see
 * reference-backend/README.md), the test data and the regular expressions used by the matchers.
 */
public final class Contract {

    /** Consumer and provider names in the pact file ({@code target/pacts/nestauth-java-nest-auth.json}). */
    public static final String CONSUMER = "nestauth-java";
    public static final String PROVIDER = "nest-auth";

    // ---- provider states: the exact sentences the state endpoint understands ------------------
    //
    // None of them wipes or changes data it did not create: the users, tenants and roles they make
    // have names of their own (the given one plus a random tag), which the states answer and the
    // pacts inject (fromProviderState), so a verification can run against a shared deployment.

    public static final String USER_WITH_EMAIL = "a user with a unique email like {email} and password {password} exists";
    public static final String USER_WITH_PHONE = "a user with a unique phone like {phone} and password {password} exists";
    public static final String UNUSED_EMAIL = "an unused email address like {email}";
    public static final String MFA_ENABLED = "the user has MFA enabled";
    public static final String TENANT_EXISTS = "a tenant with a unique slug like {slug} exists";
    public static final String NO_TENANT = "no tenant with slug {slug} exists";
    public static final String MEMBER_OF_TENANT = "the user is a member of a new tenant with a slug like {slug}";
    public static final String HAS_PERMISSION = "the user has permission {permission}";
    public static final String CODE_SENT = "a one-time code was sent to the user";
    public static final String ACCESS_TOKEN_EXPIRED = "the user's access token has expired";
    public static final String REFRESH_TOKEN_ROTATED = "the user's refresh token has been rotated";
    public static final String TOTP_DEVICE = "the user has an unconfirmed TOTP device";
    public static final String RECOVERY_CODES = "the user has recovery codes";
    public static final String TRUSTED_DEVICE = "the user trusts this device";
    public static final String RESET_TOKEN_ISSUED = "a password reset token was issued to the user";

    /** Every state the pacts use; a deployment's state endpoint must know all of them. */
    public static final List<String> STATES = List.of(USER_WITH_EMAIL, USER_WITH_PHONE, UNUSED_EMAIL, MFA_ENABLED,
            TENANT_EXISTS, NO_TENANT, MEMBER_OF_TENANT, HAS_PERMISSION, CODE_SENT, ACCESS_TOKEN_EXPIRED,
            REFRESH_TOKEN_ROTATED, TOTP_DEVICE, RECOVERY_CODES, TRUSTED_DEVICE, RESET_TOKEN_ISSUED);

    /**
     * Values the states answer that later states of the same interaction are given, so that "the
     * user" is the interaction's own even when other verifications use the same server.
     */
    public static final List<String> CARRIED_STATE_VALUES = List.of("userId", "password");

    // ---- test data (inputs the consumer sends; they are the states' parameters too) -----------
    // The email addresses, the phone and the slug are examples: at verification the request carries
    // the ones the states made up from them.

    public static final String EMAIL = "alice@example.com";
    public static final String NEW_EMAIL = "bob@example.com";
    public static final String INVITEE = "carol@example.com";
    public static final String PHONE = "+14155550101";
    public static final String PASSWORD = "Passw0rd!23";
    public static final String NEW_PASSWORD = "N3w-Passw0rd!";
    public static final String TENANT_SLUG = "acme";

    // ---- regular expressions of the matchers ------------------------------------------------

    /** A compact JWS (the server's HS256 JWTs). */
    public static final String JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
    /** The Authorization header of a bearer call. */
    public static final String BEARER = "Bearer [A-Za-z0-9._-]+";
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** ISO 8601 instants as the server writes them, e.g. {@code 2026-11-21T22:13:44.000Z}. */
    public static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})";
    /** A one-time code as the server sends it (6 digits). */
    public static final String OTP = "\\d{6}";
    /** A device-trust token (32 random bytes, base64url). */
    public static final String TRUST_TOKEN = "[A-Za-z0-9_-]{20,}";
    /** A recovery code (base64url). */
    public static final String RECOVERY_CODE = "[A-Za-z0-9_-]{10,}";
    public static final String MFA_METHOD = "email|sms|totp";

    private Contract() {
    }
}
