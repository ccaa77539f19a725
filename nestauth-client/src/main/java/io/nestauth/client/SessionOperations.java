package io.nestauth.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.SessionChangedException;
import io.nestauth.client.internal.Args;
import io.nestauth.client.internal.Log;
import io.nestauth.generated.model.SwitchTenantRequestDto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The session's own operations (who is signed in, refresh, tenants, logout) and the server's
 * configuration: the definitions behind {@link NestAuthClient}'s methods of the same names.
 */
final class SessionOperations {
  private static final Log LOG = Log.get(SessionOperations.class);
  private static final TypeReference<Map<String, Object>> RAW_OBJECT = new TypeReference<Map<String, Object>>() { };

  private final ClientCore core;

  SessionOperations(ClientCore core) {
    this.core = core;
  }

  NestAuthCall<SessionUser> getSessionUserData() {
    return core.call(true, core.sessionApi::getSessionUser, (answer, startedIn) -> {
      // the answer is about the session the call was sent in: another user's profile must never be
      // shown as the one signed in now
      if (core.session().generation() != startedIn) {
        throw new SessionChangedException("the session changed (logout or another sign-in) while the user was "
            + "being read; the answer was dropped");
      }
      return new SessionUser(answer, () -> core.mapper.convertValue(answer, RAW_OBJECT));
    });
  }

  NestAuthCall<User> getUser() {
    return core.call(true, core.sessionApi::getUser, (answer, startedIn) -> User.from(answer));
  }

  NestAuthCall<SessionStatus> verifySession() {
    return core.call(true, core.sessionApi::verifySession, (answer, startedIn) -> SessionStatus.from(answer));
  }

  NestAuthCall<ServerConfig> getClientConfig() {
    return core.call(false, core.configApi::getClientConfig, (answer, startedIn) -> ServerConfig.from(answer));
  }

  NestAuthCall<CsrfToken> getCsrfToken() {
    return core.call(false, core.configApi::getCsrfToken, (answer, startedIn) -> CsrfToken.from(answer));
  }

  NestAuthCall<List<Account>> listAccounts() {
    return core.call(false, core.sessionApi::listAccounts, (answer, startedIn) -> {
      List<Account> accounts = new ArrayList<>();
      ClientCore.orEmpty(answer.getAccounts()).stream().filter(Objects::nonNull)
          .forEach(account -> accounts.add(Account.from(account)));
      return List.copyOf(accounts);
    });
  }

  NestAuthCall<Tenant> lookupTenant(String slug) {
    String checked = Args.notBlank(slug, "slug");
    return core.call(false, () -> core.tenantsApi.lookupTenant(checked), (answer, startedIn) -> Tenant.from(answer));
  }

  NestAuthCall<AuthResponse> switchTenant(String tenantId) {
    UUID tenant = Args.uuid(tenantId, "tenantId");
    return core.call(true, () -> core.tenantsApi.switchTenant(new SwitchTenantRequestDto().tenantId(tenant)),
        (answer, startedIn) -> new AuthResponse(answer, core.session().accept(answer, AuthEvent.Type.TOKEN_REFRESHED,
            startedIn, core.settings.clock)));
  }

  NestAuthCall<Invitation> inviteUser(InviteRequest request) {
    Args.notNull(request, "request");
    return core.call(true, () -> core.authApi.inviteUser(request.toWire()),
        (answer, startedIn) -> Invitation.from(answer));
  }

  NestAuthCall<Void> refreshSession() {
    return new NestAuthCall<Void>() {
      @Override
      public Void execute() {
        core.ensureOpen();
        core.requireSession();
        core.session().refreshExplicitly(core.settings.clock);
        return null;
      }

      @Override
      public CompletableFuture<Void> executeAsync() {
        // the refresh holds the session's single-flight lock while it waits for the server, so it
        // runs as one blocking task on OkHttp's dispatcher threads
        return supplyOnDispatcher(core, this::execute);
      }
    };
  }

  NestAuthCall<Void> logout() {
    NestAuthCall<Void> serverLogout = core.callWithoutBody(true, core.authApi::logout, (answer, startedIn) -> null);
    return new NestAuthCall<Void>() {
      @Override
      public Void execute() {
        core.ensureOpen();
        if (core.session().session() != null) {
          try {
            serverLogout.execute();
          } catch (NestAuthException e) {
            LOG.debug(() -> "server-side logout failed, clearing locally: " + e.getMessage());
          }
        }
        core.session().signOut(AuthEvent.SignOutReason.LOGOUT);
        return null;
      }

      @Override
      public CompletableFuture<Void> executeAsync() {
        try {
          core.ensureOpen();
        } catch (RuntimeException e) {
          return failed(e);
        }
        CompletableFuture<Void> sent = core.session().session() == null
            ? CompletableFuture.completedFuture(null) : serverLogout.executeAsync();
        return sent.handle((ok, error) -> {
          if (error != null) {
            LOG.debug(() -> "server-side logout failed, clearing locally: " + error.getMessage());
          }
          core.session().signOut(AuthEvent.SignOutReason.LOGOUT);
          return null;
        });
      }
    };
  }

  NestAuthCall<String> logoutAll() {
    return core.call(true, core.authApi::logoutAll, (answer, startedIn) -> {
      core.session().signOutIfStill(startedIn, AuthEvent.SignOutReason.LOGOUT_ALL);
      return ClientCore.message(answer, startedIn);
    });
  }

  /** Runs a blocking task (one that holds locks while it waits for the server) on OkHttp's dispatcher threads. */
  static <T> CompletableFuture<T> supplyOnDispatcher(ClientCore core, java.util.function.Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      core.http.httpClient.dispatcher().executorService().execute(() -> {
        try {
          result.complete(task.get());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      result.completeExceptionally(rejected);
    }
    return result;
  }

  private static <T> CompletableFuture<T> failed(Throwable error) {
    CompletableFuture<T> future = new CompletableFuture<>();
    future.completeExceptionally(error);
    return future;
  }
}
