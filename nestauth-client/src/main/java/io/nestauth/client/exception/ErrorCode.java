package io.nestauth.client.exception;

import io.nestauth.client.exception.TenantAccessException.Reason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of the error codes the SDK knows from the server ({@code @ackplus/nest-auth}
 * 2.11.1): each entry gives the {@link #code()} string, its {@link #meaning()}, the HTTP
 * {@link #statuses()} the server sends it with, and the {@link #exceptionType()} the SDK throws for
 * it. This table is the SDK's only rule for coded errors: an answer whose code is listed here and
 * arrives with one of the entry's statuses becomes that exception. An answer with an unlisted code,
 * a listed code with another status, or no code maps by HTTP status: 429 is a
 * {@link RateLimitedException}, a JSON 400 without a code a {@link ValidationException}, a 401
 * without a code whose message starts with {@code "Session "} a {@link SessionExpiredException},
 * anything else a {@link NestAuthResponseException}.
 *
 * <p>The list holds the codes that the server's end-user routes, their guards (cookie sessions'
 * CSRF check included) and login providers send; it leaves out the codes of its admin routes and of
 * API-key authentication, which the SDK does not use. Treat the server's set as open: branch on
 * {@link NestAuthException#errorCode()} or the exception types, and keep a default branch.
 *
 * <p>One code has a meaning that depends on the operation: {@code USER_NOT_FOUND} from
 * {@code POST /auth/switch-tenant} means that the user is not a member of the target tenant
 * ({@link #USER_NOT_FOUND_ON_SWITCH_TENANT}); from any other operation it is
 * {@link #USER_NOT_FOUND}.
 */
public enum ErrorCode {

  // ---- Sign-in

  /**
   * Wrong password, unknown account, login to a tenant the user is not a member of, or a refused
   * social token. Sent with HTTP 401; the SDK throws {@link InvalidCredentialsException}.
   */
  INVALID_CREDENTIALS(InvalidCredentialsException.class,
      "Wrong password, unknown account, login to a tenant the user is not a member of, or a refused social token.", 401),
  /**
   * The login provider is missing, unknown or not enabled. Sent with HTTP 401; the SDK throws
   * {@link NestAuthResponseException}.
   */
  INVALID_PROVIDER(NestAuthResponseException.class,
      "The login provider is missing, unknown or not enabled.", 401),
  /**
   * Email or phone authentication is not enabled on the server. Sent with HTTP 400 or 500; the SDK
   * throws {@link NestAuthResponseException}.
   */
  PROVIDER_NOT_FOUND(NestAuthResponseException.class,
      "Email or phone authentication is not enabled on the server.", 400, 500),
  /**
   * The account is suspended or inactive. Sent with HTTP 401; the SDK throws
   * {@link NestAuthResponseException}.
   */
  ACCOUNT_INACTIVE(NestAuthResponseException.class,
      "The account is suspended or inactive.", 401),
  /**
   * Social login: an account with this email exists; sign in with its existing method. Sent with
   * HTTP 401; the SDK throws {@link NestAuthResponseException}.
   */
  SOCIAL_EMAIL_NOT_VERIFIED(NestAuthResponseException.class,
      "Social login: an account with this email exists; sign in with its existing method.", 401),
  /**
   * Social login: the provider (Apple, GitHub) could not be reached or answered badly. Sent with
   * HTTP 401; the SDK throws {@link NestAuthResponseException}.
   */
  OAUTH_PROVIDER_ERROR(NestAuthResponseException.class,
      "Social login: the provider (Apple, GitHub) could not be reached or answered badly.", 401),
  /**
   * GitHub login: the GitHub account has no public email. Sent with HTTP 401; the SDK throws
   * {@link NestAuthResponseException}.
   */
  OAUTH_EMAIL_NOT_PUBLIC(NestAuthResponseException.class,
      "GitHub login: the GitHub account has no public email.", 401),
  /**
   * Passwordless login is switched off. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PASSWORDLESS_DISABLED(NestAuthResponseException.class,
      "Passwordless login is switched off.", 403),
  /**
   * The session must pass MFA before this operation. Sent with HTTP 401; the SDK throws
   * {@link MfaRequiredException}.
   */
  MFA_REQUIRED(MfaRequiredException.class,
      "The session must pass MFA before this operation.", 401),
  /**
   * Too many requests; wait for {@link NestAuthException#retryAfter()}. Sent with HTTP 429; the
   * SDK throws {@link RateLimitedException}.
   */
  RATE_LIMITED(RateLimitedException.class,
      "Too many requests; wait for retryAfter().", 429),
  /**
   * Too many failed logins locked the account; wait for {@link NestAuthException#retryAfter()}.
   * Sent with HTTP 429; the SDK throws {@link AccountLockedException}.
   */
  ACCOUNT_LOCKED(AccountLockedException.class,
      "Too many failed logins locked the account; wait for retryAfter().", 429),

  // ---- Session and access

  /**
   * A secured call carried no access token. Sent with HTTP 401; the SDK throws
   * {@link SessionExpiredException}.
   */
  NO_AUTH_PROVIDED(SessionExpiredException.class,
      "A secured call carried no access token.", 401),
  /**
   * The access token is invalid or expired. Sent with HTTP 401; the SDK throws
   * {@link SessionExpiredException}.
   */
  INVALID_TOKEN(SessionExpiredException.class,
      "The access token is invalid or expired.", 401),
  /**
   * The session was revoked or does not exist. Sent with HTTP 401; the SDK throws
   * {@link SessionExpiredException}.
   */
  SESSION_NOT_FOUND(SessionExpiredException.class,
      "The session was revoked or does not exist.", 401),
  /**
   * The session expired (defined by the library; 2.11.1 does not send it). The SDK expects it with
   * HTTP 401; the SDK throws {@link SessionExpiredException}.
   */
  SESSION_EXPIRED(SessionExpiredException.class,
      "The session expired (defined by the library; 2.11.1 does not send it).", 401),
  /**
   * The server rejected the refresh token: missing, already rotated or replayed (a replay revokes
   * the whole session), or not a refresh token. Sent with HTTP 401; the SDK throws
   * {@link SessionExpiredException}.
   */
  REFRESH_TOKEN_INVALID(SessionExpiredException.class,
      "The server rejected the refresh token: missing, already rotated or replayed (a replay revokes the whole "
          + "session), or not a refresh token.", 401),
  /**
   * The refresh token expired or is not a valid token. Sent with HTTP 401; the SDK throws
   * {@link SessionExpiredException}.
   */
  REFRESH_TOKEN_EXPIRED(SessionExpiredException.class,
      "The refresh token expired or is not a valid token.", 401),
  /**
   * The operation needs a verified email address. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  EMAIL_NOT_VERIFIED(NestAuthResponseException.class,
      "The operation needs a verified email address.", 403),
  /**
   * The user must change the password before continuing. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  MUST_CHANGE_PASSWORD(NestAuthResponseException.class,
      "The user must change the password before continuing.", 403),
  /**
   * Access refused (the app's own guard, platform access, or tenant membership). Sent with HTTP
   * 401 or 403; the SDK throws {@link NestAuthResponseException}.
   */
  ACCESS_DENIED(NestAuthResponseException.class,
      "Access refused (the app's own guard, platform access, or tenant membership).", 401, 403),
  /**
   * No authenticated user for this operation. Sent with HTTP 401 or 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  UNAUTHORIZED(NestAuthResponseException.class,
      "No authenticated user for this operation.", 401, 403),
  /**
   * The user of the session or of the request does not exist. Sent with HTTP 400 or 401 or 404;
   * the SDK throws {@link NestAuthResponseException}.
   */
  USER_NOT_FOUND(NestAuthResponseException.class,
      "The user of the session or of the request does not exist.", 400, 401, 404),
  /**
   * The user lacks a permission the operation needs. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  MISSING_REQUIRED_PERMISSIONS(NestAuthResponseException.class,
      "The user lacks a permission the operation needs.", 403),
  /**
   * The user lacks a role the operation needs. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  MISSING_REQUIRED_ROLES(NestAuthResponseException.class,
      "The user lacks a role the operation needs.", 403),
  /**
   * The user has no role for a role or permission check. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  NO_ROLES_ASSIGNED(NestAuthResponseException.class,
      "The user has no role for a role or permission check.", 403),
  /**
   * The user has no role of the guard the operation requires. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  GUARD_MISMATCH(NestAuthResponseException.class,
      "The user has no role of the guard the operation requires.", 403),
  /**
   * Cookie sessions with CSRF protection: a state-changing request lacked the CSRF token, or it did
   * not match the CSRF cookie. The SDK fetches a token and repeats its request once before it
   * reports this. Sent with HTTP 403; the SDK throws {@link NestAuthResponseException}.
   */
  CSRF_TOKEN_INVALID(NestAuthResponseException.class,
      "Cookie session: the CSRF token was missing or did not match its cookie (the SDK fetched one and tried once more).",
      403),
  /**
   * Cookie sessions with CSRF protection: the request's {@code Origin} (or {@code Referer}) is not
   * one the server allows. Sent with HTTP 403; the SDK throws {@link NestAuthResponseException}.
   */
  CSRF_ORIGIN_REJECTED(NestAuthResponseException.class,
      "Cookie session: the request's Origin is not one the server allows.", 403),

  // ---- Sign-up

  /**
   * An account with this email exists (in this tenant). Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  EMAIL_ALREADY_EXISTS(NestAuthResponseException.class,
      "An account with this email exists (in this tenant).", 400),
  /**
   * An account with this phone number exists (in this tenant). Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PHONE_ALREADY_EXISTS(NestAuthResponseException.class,
      "An account with this phone number exists (in this tenant).", 400),
  /**
   * A user with this email or phone exists. Sent with HTTP 409; the SDK throws
   * {@link NestAuthResponseException}.
   */
  USER_ALREADY_EXISTS(NestAuthResponseException.class,
      "A user with this email or phone exists.", 409),
  /**
   * Sign-up is switched off (also when a passwordless code would create the user). Sent with HTTP
   * 403; the SDK throws {@link NestAuthResponseException}.
   */
  REGISTRATION_DISABLED(NestAuthResponseException.class,
      "Sign-up is switched off (also when a passwordless code would create the user).", 403),
  /**
   * The email's domain is not allowed for sign-up. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  EMAIL_DOMAIN_NOT_ALLOWED(NestAuthResponseException.class,
      "The email's domain is not allowed for sign-up.", 403),
  /**
   * The server wants a CAPTCHA token. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  CAPTCHA_REQUIRED(NestAuthResponseException.class,
      "The server wants a CAPTCHA token.", 400),
  /**
   * The CAPTCHA token was refused. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  CAPTCHA_FAILED(NestAuthResponseException.class,
      "The CAPTCHA token was refused.", 400),

  // ---- Request fields

  /**
   * A required field is blank (identifier, email, phone or code). Sent with HTTP 400; the SDK
   * throws {@link ValidationException}.
   */
  MISSING_REQUIRED_FIELD(ValidationException.class,
      "A required field is blank (identifier, email, phone or code).", 400),
  /**
   * The credentials lack fields the login provider needs. Sent with HTTP 400; the SDK throws
   * {@link ValidationException}.
   */
  MISSING_REQUIRED_FIELDS(ValidationException.class,
      "The credentials lack fields the login provider needs.", 400),
  /**
   * Neither an email nor a phone number was given. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  EMAIL_OR_PHONE_REQUIRED(NestAuthResponseException.class,
      "Neither an email nor a phone number was given.", 400),

  // ---- Passwords

  /**
   * The password is shorter than the server's password policy allows. Sent with HTTP 400; the SDK
   * throws {@link NestAuthResponseException}.
   */
  PASSWORD_TOO_SHORT(NestAuthResponseException.class,
      "The password is shorter than the server's password policy allows.", 400),
  /**
   * The password is longer than the server's password policy allows. Sent with HTTP 400; the SDK
   * throws {@link NestAuthResponseException}.
   */
  PASSWORD_TOO_LONG(NestAuthResponseException.class,
      "The password is longer than the server's password policy allows.", 400),
  /**
   * The password is too common or on the blocklist. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PASSWORD_TOO_COMMON(NestAuthResponseException.class,
      "The password is too common or on the blocklist.", 400),
  /**
   * The password contains the email address. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PASSWORD_CONTAINS_IDENTIFIER(NestAuthResponseException.class,
      "The password contains the email address.", 400),
  /**
   * The password appears in a known data breach. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PASSWORD_BREACHED(NestAuthResponseException.class,
      "The password appears in a known data breach.", 400),
  /**
   * The current password given to change the password is wrong. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  CURRENT_PASSWORD_INCORRECT(NestAuthResponseException.class,
      "The current password given to change the password is wrong.", 400),
  /**
   * The new password equals the current one (request validation usually says so first, without a
   * code). Sent with HTTP 400; the SDK throws {@link NestAuthResponseException}.
   */
  NEW_PASSWORD_SAME_AS_CURRENT(NestAuthResponseException.class,
      "The new password equals the current one (request validation usually says so first, without a code).", 400),
  /**
   * Password reset for an account that does not exist. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PASSWORD_RESET_INVALID_REQUEST(NestAuthResponseException.class,
      "Password reset for an account that does not exist.", 400),
  /**
   * The reset token is invalid, expired, already used or superseded; start the reset again. Sent
   * with HTTP 400; the SDK throws {@link NestAuthResponseException}.
   */
  PASSWORD_RESET_TOKEN_INVALID(NestAuthResponseException.class,
      "The reset token is invalid, expired, already used or superseded; start the reset again.", 400),

  // ---- One-time codes

  /**
   * Wrong or used email/SMS code (verification, MFA, reset, passwordless), or discarded after too
   * many tries. Sent with HTTP 400; the SDK throws {@link InvalidCodeException}.
   */
  VERIFICATION_CODE_INVALID(InvalidCodeException.class,
      "Wrong or used email/SMS code (verification, MFA, reset, passwordless), or discarded after too many tries.", 400),
  /**
   * The email/SMS code (verification, MFA, password reset) was right but has expired. Sent with
   * HTTP 400; the SDK throws {@link InvalidCodeException}.
   */
  VERIFICATION_CODE_EXPIRED(InvalidCodeException.class,
      "The email/SMS code (verification, MFA, password reset) was right but has expired.", 400),
  /**
   * Wrong TOTP code, or no TOTP device (MFA verify, TOTP device setup). Sent with HTTP 401; the
   * SDK throws {@link InvalidCodeException}.
   */
  MFA_CODE_INVALID(InvalidCodeException.class,
      "Wrong TOTP code, or no TOTP device (MFA verify, TOTP device setup).", 401),
  /**
   * Wrong, used or missing MFA recovery code. Sent with HTTP 401; the SDK throws
   * {@link InvalidCodeException}.
   */
  MFA_RECOVERY_CODE_INVALID(InvalidCodeException.class,
      "Wrong, used or missing MFA recovery code.", 401),

  // ---- Verification and MFA settings

  /**
   * The email address is already verified. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  EMAIL_ALREADY_VERIFIED(NestAuthResponseException.class,
      "The email address is already verified.", 400),
  /**
   * The phone number is already verified. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  PHONE_ALREADY_VERIFIED(NestAuthResponseException.class,
      "The phone number is already verified.", 400),
  /**
   * The user has no email address to verify. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  NO_EMAIL_ADDRESS(NestAuthResponseException.class,
      "The user has no email address to verify.", 400),
  /**
   * The user has no phone number to verify. Sent with HTTP 400; the SDK throws
   * {@link NestAuthResponseException}.
   */
  NO_PHONE_NUMBER(NestAuthResponseException.class,
      "The user has no phone number to verify.", 400),
  /**
   * MFA is off for this user (recovery code) or for the whole application. Sent with HTTP 401 or
   * 403; the SDK throws {@link NestAuthResponseException}.
   */
  MFA_NOT_ENABLED(NestAuthResponseException.class,
      "MFA is off for this user (recovery code) or for the whole application.", 401, 403),
  /**
   * Users may not switch MFA on or off (or MFA is mandatory). Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  MFA_TOGGLING_NOT_ALLOWED(NestAuthResponseException.class,
      "Users may not switch MFA on or off (or MFA is mandatory).", 403),
  /**
   * MFA needs a verified email or phone first. Sent with HTTP 403; the SDK throws
   * {@link NestAuthResponseException}.
   */
  MFA_CANNOT_ENABLE_WITHOUT_METHOD(NestAuthResponseException.class,
      "MFA needs a verified email or phone first.", 403),

  // ---- Tenants

  /**
   * The call needs a tenant id (isolated tenant mode). Sent with HTTP 400; the SDK throws
   * {@link TenantAccessException} ({@link TenantAccessException.Reason#REQUIRED}).
   */
  TENANT_ID_REQUIRED(TenantAccessException.class, Reason.REQUIRED,
      "The call needs a tenant id (isolated tenant mode).", 400),
  /**
   * No tenant has this id or slug. Sent with HTTP 400 or 404; the SDK throws
   * {@link TenantAccessException} ({@link TenantAccessException.Reason#NOT_FOUND}).
   */
  TENANT_NOT_FOUND(TenantAccessException.class, Reason.NOT_FOUND,
      "No tenant has this id or slug.", 400, 404),
  /**
   * The user is not a member of the tenant. Sent with HTTP 403; the SDK throws
   * {@link TenantAccessException} ({@link TenantAccessException.Reason#NOT_A_MEMBER}).
   */
  NOT_A_MEMBER_OF_TENANT(TenantAccessException.class, Reason.NOT_A_MEMBER,
      "The user is not a member of the tenant.", 403),
  /**
   * Switching to a tenant the user is not a member of. Sent with HTTP 401 from
   * {@code POST /auth/switch-tenant}; the SDK throws {@link TenantAccessException}
   * ({@link TenantAccessException.Reason#NOT_A_MEMBER}).
   */
  USER_NOT_FOUND_ON_SWITCH_TENANT("USER_NOT_FOUND", "/auth/switch-tenant", TenantAccessException.class, Reason.NOT_A_MEMBER,
      "Switching to a tenant the user is not a member of.", 401),
  /**
   * Switching tenants is impossible in isolated tenant mode; sign in to the other tenant. Sent
   * with HTTP 400; the SDK throws {@link TenantAccessException}
   * ({@link TenantAccessException.Reason#SWITCHING_NOT_SUPPORTED}).
   */
  TENANT_SWITCHING_NOT_SUPPORTED(TenantAccessException.class, Reason.SWITCHING_NOT_SUPPORTED,
      "Switching tenants is impossible in isolated tenant mode; sign in to the other tenant.", 400),
  /**
   * Switching tenants while multi-tenancy is off. Sent with HTTP 400; the SDK throws
   * {@link TenantAccessException} ({@link TenantAccessException.Reason#TENANCY_DISABLED}).
   */
  TENANT_SWITCHING_DISABLED(TenantAccessException.class, Reason.TENANCY_DISABLED,
      "Switching tenants while multi-tenancy is off.", 400),
  /**
   * A tenant id was sent while multi-tenancy is off. Sent with HTTP 400; the SDK throws
   * {@link TenantAccessException} ({@link TenantAccessException.Reason#TENANCY_DISABLED}).
   */
  TENANT_NOT_ENABLED(TenantAccessException.class, Reason.TENANCY_DISABLED,
      "A tenant id was sent while multi-tenancy is off.", 400);

  /** The code string as the server sends it. */
  private final String code;
  /** The only operation path this entry applies to, or null for every operation. */
  private final String path;
  /** The exception the SDK throws for this code. */
  private final Class<? extends NestAuthResponseException> exceptionType;
  /** The reason of a {@link TenantAccessException}, or null for the other types. */
  private final Reason tenantReason;
  /** One line saying what the code means. */
  private final String meaning;
  /** The HTTP statuses the server sends the code with. */
  private final List<Integer> statuses;

  ErrorCode(Class<? extends NestAuthResponseException> exceptionType, String meaning, int... statuses) {
    this(null, null, exceptionType, null, meaning, statuses);
  }

  ErrorCode(Class<? extends NestAuthResponseException> exceptionType, Reason tenantReason, String meaning,
      int... statuses) {
    this(null, null, exceptionType, tenantReason, meaning, statuses);
  }

  ErrorCode(String code, String path, Class<? extends NestAuthResponseException> exceptionType, Reason tenantReason,
      String meaning, int... statuses) {
    this.code = code == null ? name() : code;
    this.path = path;
    this.exceptionType = exceptionType;
    this.tenantReason = tenantReason;
    this.meaning = meaning;
    List<Integer> list = new ArrayList<>();
    for (int status : statuses) {
      list.add(status);
    }
    this.statuses = Collections.unmodifiableList(list);
  }

  /** @return the code string as the server sends it in the {@code code} field, e.g. {@code MFA_CODE_INVALID} */
  public String code() {
    return code;
  }

  /** @return one line saying what the code means */
  public String meaning() {
    return meaning;
  }

  /** @return the HTTP statuses the server sends this code with */
  public List<Integer> statuses() {
    return statuses;
  }

  /**
   * @return the path (below the base URL) of the only operation this entry applies to, e.g.
   *     {@code /auth/switch-tenant}; empty when it applies to every operation
   */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** @return the type of the exception the SDK throws for this code */
  public Class<? extends NestAuthResponseException> exceptionType() {
    return exceptionType;
  }

  /** @return the {@link TenantAccessException#reason()} for a tenant code; empty for the other codes */
  public Optional<Reason> tenantReason() {
    return Optional.ofNullable(tenantReason);
  }

  /**
   * Looks a failed call up in the catalogue.
   *
   * @param code the server's code, or null
   * @param status the HTTP status of the answer
   * @param path the operation's path below the base URL (e.g. {@code /auth/switch-tenant}), or null
   * @return the entry for this code, status and operation; an entry for exactly this operation wins
   *     over a general one. Empty for no code, an unlisted code, or a status the code is not sent with
   */
  public static Optional<ErrorCode> find(String code, int status, String path) {
    if (code == null) {
      return Optional.empty();
    }
    ErrorCode general = null;
    for (ErrorCode entry : values()) {
      if (!entry.code.equals(code) || !entry.statuses.contains(status)) {
        continue;
      }
      if (entry.path == null) {
        general = general == null ? entry : general;
      } else if (entry.path.equals(path)) {
        return Optional.of(entry);
      }
    }
    return Optional.ofNullable(general);
  }

  /**
   * Creates the exception the SDK throws for this code, of {@link #exceptionType()}; handy to test
   * how your own code handles a failure.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   * @return the exception, to be thrown
   */
  public NestAuthResponseException newException(String message, ErrorDetails details, Throwable cause) {
    if (exceptionType == InvalidCredentialsException.class) {
      return new InvalidCredentialsException(message, details, cause);
    }
    if (exceptionType == MfaRequiredException.class) {
      return new MfaRequiredException(message, details, cause);
    }
    if (exceptionType == SessionExpiredException.class) {
      return new SessionExpiredException(message, details, cause);
    }
    if (exceptionType == RateLimitedException.class) {
      return new RateLimitedException(message, details, cause);
    }
    if (exceptionType == AccountLockedException.class) {
      return new AccountLockedException(message, details, cause);
    }
    if (exceptionType == InvalidCodeException.class) {
      return new InvalidCodeException(message, details, cause);
    }
    if (exceptionType == ValidationException.class) {
      return new ValidationException(message, details, cause);
    }
    if (exceptionType == TenantAccessException.class) {
      return new TenantAccessException(message, tenantReason, details, cause);
    }
    return new NestAuthResponseException(message, details, cause);
  }
}
