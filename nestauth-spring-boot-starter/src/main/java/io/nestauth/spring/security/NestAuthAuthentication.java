package io.nestauth.spring.security;

import io.nestauth.verifier.NestAuthPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a verified Nest Auth access token: the principal is the token's
 * {@link NestAuthPrincipal} ({@code @AuthenticationPrincipal NestAuthPrincipal user} in a
 * controller), the name is the user id. Immutable.
 *
 * <p>Authorities: each role name as {@code ROLE_<name>} (so {@code hasRole('editor')} works) and
 * each permission as it is ({@code hasAuthority('users.invite')}). Nest Auth 2.11.1 puts no
 * permissions into its tokens; they appear only when the deployment adds a {@code permissions}
 * claim (see {@link NestAuthPrincipal#permissions()}).
 *
 * <p>The token itself is not kept: {@link #getCredentials()} is null, so nothing that prints or
 * serialises the authentication can leak it.
 */
public final class NestAuthAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The verified principal; not serialisable, the authentication lives for one request. */
  private final transient NestAuthPrincipal principal;

  /**
   * Creates an authenticated token.
   *
   * @param principal the verified token's principal
   */
  public NestAuthAuthentication(NestAuthPrincipal principal) {
    super(authoritiesOf(principal));
    this.principal = principal;
    setAuthenticated(true);
  }

  /**
   * The authorities a principal's roles and permissions map to: {@code ROLE_<role>} for each role,
   * each permission as it is, in token order without duplicates.
   *
   * @param principal a verified principal
   * @return the authorities
   */
  public static List<GrantedAuthority> authoritiesOf(NestAuthPrincipal principal) {
    Set<String> names = new LinkedHashSet<>();
    principal.roles().forEach(role -> names.add("ROLE_" + role));
    names.addAll(principal.permissions());
    List<GrantedAuthority> authorities = new ArrayList<>();
    names.forEach(name -> authorities.add(new SimpleGrantedAuthority(name)));
    return authorities;
  }

  /** @return the verified token's principal */
  @Override
  public NestAuthPrincipal getPrincipal() {
    return principal;
  }

  /** @return null: the token is not kept */
  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  /** @return the user id */
  @Override
  public String getName() {
    return principal.userId();
  }

  /** @return the tenant of the token's session, or empty outside any tenant */
  public Optional<String> tenantId() {
    return principal.tenantId();
  }

  /** @return the principal (no email or phone) and the authorities; never a token */
  @Override
  public String toString() {
    return "NestAuthAuthentication[" + principal + ", authorities=" + getAuthorities() + "]";
  }
}
