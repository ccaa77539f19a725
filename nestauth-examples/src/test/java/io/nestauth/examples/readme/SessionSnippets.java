package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.Role;
import io.nestauth.client.SessionUser;
import io.nestauth.client.TokenClaims;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** README: The current session, and Log out. */
final class SessionSnippets {
  private final NestAuthClient auth;

  SessionSnippets(NestAuthClient auth) {
    this.auth = auth;
  }

  List<Object> sessionUser() {
    // tag::session-user[]
    SessionUser me = auth.getSessionUserData().execute();   // GET /auth/me, read from the server's database
    String userId = me.id();
    Optional<String> email = me.email();                    // empty for phone-only users
    boolean emailVerified = me.isEmailVerified();
    boolean canInvite = me.hasPermission("users.invite");
    List<String> roles = me.roles().stream().map(Role::name).toList();
    Object plan = me.raw().get("plan");                     // any field your server adds
    // end::session-user[]
    return List.of(userId, email, emailVerified, canInvite, roles, String.valueOf(plan));
  }

  List<Object> sessionState() {
    // tag::session-state[]
    boolean signedIn = auth.isAuthenticated();      // holds a session that passed MFA (or needed none)
    boolean waitingForMfa = auth.isMfaPending();    // a login still needs its second factor
    // read locally from the access token (not verified: only the server can)
    Optional<TokenClaims> claims = auth.accessTokenClaims();
    Optional<String> tenantId = claims.flatMap(TokenClaims::tenantId);
    Optional<Instant> expiresAt = auth.accessTokenExpiresAt();   // its exp; refreshing is automatic
    // end::session-state[]
    return List.of(signedIn, waitingForMfa, tenantId, expiresAt);
  }

  void logout(boolean signOutEverywhere) {
    // tag::logout[]
    if (signOutEverywhere) {
      auth.logoutAll().execute();   // the server revokes every session of the user, on every device
    } else {
      auth.logout().execute();      // this session; the local tokens are cleared even when the server is unreachable
    }
    // end::logout[]
  }
}
