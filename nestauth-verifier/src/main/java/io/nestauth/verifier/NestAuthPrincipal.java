package io.nestauth.verifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who a verified access token speaks for: the claims the server put into it when it was issued
 * (immutable, thread-safe). They are a snapshot of the moment of issue, not of the server's current
 * state: a role granted or a user deactivated later shows only in the next token.
 *
 * <p>Roles are names only; the server puts partial role objects ({@code {id, name, guard, ...}})
 * into {@code roles}, and plain strings are read too. Nest Auth 2.11.1 puts <b>no permissions</b>
 * into its tokens (they live in the session, see {@code GET /auth/me}), so {@link #permissions()}
 * is empty unless the deployment adds them, e.g. with {@code session.customizeTokenPayload}.
 */
public final class NestAuthPrincipal {
  private final String userId;
  private final @Nullable String email;
  private final @Nullable String phone;
  private final @Nullable String tenantId;
  private final List<String> roles;
  private final List<String> permissions;
  private final String sessionId;
  private final boolean mfaEnabled;
  private final boolean mfaVerified;
  private final Instant expiresAt;
  private final Instant issuedAt;
  private final Map<String, @Nullable Object> claims;

  NestAuthPrincipal(String userId, @Nullable String email, @Nullable String phone, @Nullable String tenantId,
      List<String> roles, List<String> permissions, String sessionId, boolean mfaEnabled, boolean mfaVerified,
      Instant expiresAt, Instant issuedAt, Map<String, @Nullable Object> claims) {
    this.userId = userId;
    this.email = email;
    this.phone = phone;
    this.tenantId = tenantId;
    this.roles = List.copyOf(roles);
    this.permissions = List.copyOf(permissions);
    this.sessionId = sessionId;
    this.mfaEnabled = mfaEnabled;
    this.mfaVerified = mfaVerified;
    this.expiresAt = expiresAt;
    this.issuedAt = issuedAt;
    this.claims = claims;
  }

  /**
   * The user's id: the {@code id} claim, or {@code sub} when there is no {@code id}.
   *
   * @return the user id, never blank
   */
  public String userId() {
    return userId;
  }

  /**
   * The user's email at the time the token was issued ({@code email}).
   *
   * @return the email, or empty when the user has none
   */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /**
   * The user's phone number at the time the token was issued ({@code phone}).
   *
   * @return the phone number, or empty when the user has none
   */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /**
   * The tenant the session belongs to ({@code tenantId}).
   *
   * @return the tenant's id, or empty for a session outside any tenant
   */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /**
   * The names of the user's roles in the session's tenant ({@code roles}), in token order.
   *
   * @return the role names (unmodifiable, no duplicates), possibly empty
   */
  public List<String> roles() {
    return roles;
  }

  /**
   * Whether the user has a role of this name (case-sensitive).
   *
   * @param role a role name
   * @return true when {@link #roles()} contains it
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Permission names found in the token: a top-level {@code permissions} claim and the
   * {@code permissions} of role objects. Empty for the tokens of a default Nest Auth 2.11.1 server,
   * which keeps permissions in the session only.
   *
   * @return the permission names (unmodifiable, no duplicates), possibly empty
   */
  public List<String> permissions() {
    return permissions;
  }

  /**
   * Whether the token grants this permission (case-sensitive).
   *
   * @param permission a permission name, e.g. {@code users.invite}
   * @return true when {@link #permissions()} contains it
   */
  public boolean hasPermission(String permission) {
    return permissions.contains(permission);
  }

  /**
   * The server-side session the token belongs to ({@code sessionId}); a logout ends it.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Whether the user had MFA switched on when the session was created ({@code isMfaEnabled}).
   *
   * @return the claim, false when absent
   */
  public boolean mfaEnabled() {
    return mfaEnabled;
  }

  /**
   * Whether the session passed its second factor ({@code isMfaVerified}).
   *
   * @return the claim, false when absent
   */
  public boolean mfaVerified() {
    return mfaVerified;
  }

  /**
   * Whether the session still waits for its second factor: MFA enabled and not verified. Only seen
   * from a verifier built with {@code allowMfaPending(true)}; others refuse such tokens.
   *
   * @return {@code mfaEnabled() && !mfaVerified()}
   */
  public boolean mfaPending() {
    return mfaEnabled && !mfaVerified;
  }

  /**
   * When the token expires ({@code exp}).
   *
   * @return the expiry, to the second
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * When the token was issued ({@code iat}).
   *
   * @return the time of issue, to the second
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * Every claim of the token as JSON values: strings, numbers, booleans, null, unmodifiable lists
   * and maps. For claims this type does not model, e.g. {@code emailVerifiedAt} or claims a
   * deployment adds.
   *
   * @return the claims (unmodifiable, in token order)
   */
  public Map<String, @Nullable Object> claims() {
    return claims;
  }

  /**
   * Value equality over every claim.
   *
   * @param o another object
   * @return true for a principal with the same claims
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NestAuthPrincipal)) {
      return false;
    }
    NestAuthPrincipal that = (NestAuthPrincipal) o;
    return claims.equals(that.claims);
  }

  /**
   * A hash of every claim.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(claims);
  }

  /**
   * User and session ids, tenant, roles, MFA state and times; no email or phone (personal data
   * does not belong in logs).
   *
   * @return a description for diagnostics
   */
  @Override
  public String toString() {
    return "NestAuthPrincipal[userId=" + userId + ", sessionId=" + sessionId + ", tenantId=" + tenantId
        + ", roles=" + roles + ", permissions=" + permissions + ", mfaEnabled=" + mfaEnabled
        + ", mfaVerified=" + mfaVerified + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
  }
}
