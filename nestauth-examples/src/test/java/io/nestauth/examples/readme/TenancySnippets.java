package io.nestauth.examples.readme;

import io.nestauth.client.AuthResponse;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.Tenant;
import io.nestauth.client.TokenClaims;

import java.util.Optional;

/** README: Tenancy. */
final class TenancySnippets {
  private final NestAuthClient auth;

  TenancySnippets(NestAuthClient auth) {
    this.auth = auth;
  }

  static NestAuthClient defaultTenant(String acmeTenantId) {
    // tag::tenant-default[]
    NestAuthClient auth = NestAuthClient.builder()
        .baseUrl("https://api.example.com/api")
        .defaultTenantId(acmeTenantId)   // a UUID, for signup, login, passwordless and password reset
        .build();
    // end::tenant-default[]
    return auth;
  }

  Optional<String> loginAndSwitch(String password, String otherTenantId) {
    // tag::tenant-switch[]
    Tenant acme = auth.lookupTenant("acme").execute();   // slug to id; needs no session
    auth.loginWithEmail("alice@example.com", password, acme.id()).execute();

    AuthResponse switched = auth.switchTenant(otherTenantId).execute();   // re-scopes this session
    Optional<String> tenantId = switched.claims().flatMap(TokenClaims::tenantId);
    // end::tenant-switch[]
    return tenantId;
  }
}
