package io.nestauth.client.exception;

/**
 * The server refused the tenant of a call; {@link #reason()} says why. One exception with a
 * reason rather than one subtype per reason: an app usually reacts to all of them in one place
 * (show the tenant picker, or a message), and the statuses differ (400, 401, 403, 404), so
 * separate subtypes would not line up with anything else. {@link #errorCode()} gives the server's
 * code.
 *
 * <pre>{@code
 * } catch (TenantAccessException e) {
 *   switch (e.reason()) {
 *     case NOT_A_MEMBER: showError("You are not a member of that organisation"); break;
 *     case REQUIRED:     askForTenant(); break;
 *     default:           showError("This organisation is not available"); break;
 *   }
 * }
 * }</pre>
 */
public class TenantAccessException extends NestAuthResponseException {
  private static final long serialVersionUID = 1L;

  /** Why the server refused the tenant. */
  public enum Reason {
    /** The call needs a tenant id and has none: the server runs in isolated tenant mode ({@code TENANT_ID_REQUIRED}). */
    REQUIRED,
    /** No tenant has that id or slug ({@code TENANT_NOT_FOUND}). */
    NOT_FOUND,
    /**
     * The user is not a member of that tenant: {@code NOT_A_MEMBER_OF_TENANT}, or the 401
     * {@code USER_NOT_FOUND} that {@code POST /auth/switch-tenant} answers for a tenant without the user.
     */
    NOT_A_MEMBER,
    /**
     * Switching the session's tenant is not possible in isolated tenant mode; sign in to the other
     * tenant instead ({@code TENANT_SWITCHING_NOT_SUPPORTED}).
     */
    SWITCHING_NOT_SUPPORTED,
    /**
     * The server has multi-tenancy switched off, so a tenant id cannot be used
     * ({@code TENANT_NOT_ENABLED}, {@code TENANT_SWITCHING_DISABLED}).
     */
    TENANCY_DISABLED
  }

  /** Why the server refused the tenant. */
  private final Reason reason;

  /**
   * Creates an exception for a refused tenant.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param reason why the tenant was refused
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   * @throws IllegalArgumentException when {@code reason} is null
   */
  public TenantAccessException(String message, Reason reason, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null");
    }
    this.reason = reason;
  }

  /** @return why the server refused the tenant */
  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isTenantError() {
    return true;
  }
}
