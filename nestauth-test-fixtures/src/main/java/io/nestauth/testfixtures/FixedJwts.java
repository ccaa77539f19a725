package io.nestauth.testfixtures;

import java.time.Instant;

/**
 * Tokens that are the same on every run, for recorded examples such as the consumer pacts: built
 * by {@link TestJwts} for {@link TestUser} with fixed {@code iat} and {@code jti}, so they have
 * the server's exact claims (no {@code jti} on access tokens). They are issued on
 * {@link #ISSUED_AT} (2099) and so stay live, except {@link #EXPIRED_ACCESS}.
 */
public final class FixedJwts {
  /** 2099-01-01T00:00:00Z, when the live tokens were issued. */
  public static final Instant ISSUED_AT = Instant.ofEpochSecond(4_070_908_800L);

  /** A signed-in session (no MFA). */
  public static final String ACCESS = access(0).build();
  /** The refresh token of {@link #ACCESS}'s session. */
  public static final String REFRESH = refresh(0, "3eb56097-8dee-4ffb-af0d-4ebde6a823ac").build();
  /** What a refresh issues for the same session (issued a minute later). */
  public static final String REFRESHED_ACCESS = access(60).build();
  /** The refresh token a refresh issues with {@link #REFRESHED_ACCESS}. */
  public static final String REFRESHED_REFRESH = refresh(60, "7d0f2a51-1c57-4d0e-9a38-0f0c6f5b2c11").build();
  /** A session that still has to pass MFA ({@code isMfaEnabled && !isMfaVerified}). */
  public static final String PENDING_ACCESS = access(0).mfa(true, false).build();
  /** The refresh token of {@link #PENDING_ACCESS}'s session. */
  public static final String PENDING_REFRESH = refresh(0, "5c1f4a0e-2b7d-4f6e-8a9b-1d2c3e4f5a6b").mfa(true, false).build();
  /** The same session once MFA was verified. */
  public static final String VERIFIED_ACCESS = access(30).mfa(true, true).build();
  /** The refresh token issued with {@link #VERIFIED_ACCESS}. */
  public static final String VERIFIED_REFRESH = refresh(30, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d").mfa(true, true).build();
  /** Tokens re-scoped to {@link TestUser#TENANT_ID} by switch-tenant. */
  public static final String TENANT_ACCESS = access(90).tenantId(TestUser.TENANT_ID).build();
  /** The refresh token issued with {@link #TENANT_ACCESS}. */
  public static final String TENANT_REFRESH =
      refresh(90, "0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e").tenantId(TestUser.TENANT_ID).build();
  /** An access token whose {@code exp} lies in the past (issued 2026-11-21T22:15:38Z, expired 22:30:38Z). */
  public static final String EXPIRED_ACCESS = TestJwts.access().issuedAt(Instant.ofEpochSecond(1_795_299_338L))
      .jti(null).build();
  /** A password-reset token as verify-forgot-password-otp issues it. */
  public static final String RESET_TOKEN = TestJwts.passwordReset().issuedAt(ISSUED_AT).jti(null).build();

  private FixedJwts() {
  }

  private static TestJwts.Builder access(long secondsAfterIssue) {
    return TestJwts.access().issuedAt(ISSUED_AT.plusSeconds(secondsAfterIssue)).jti(null);
  }

  private static TestJwts.Builder refresh(long secondsAfterIssue, String jti) {
    return TestJwts.refresh().issuedAt(ISSUED_AT.plusSeconds(secondsAfterIssue)).jti(jti);
  }
}
