package io.nestauth.client;

import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.internal.Args;
import io.nestauth.client.internal.Log;
import io.nestauth.generated.model.AuthTokensResponseDto;
import okhttp3.Interceptor;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Several accounts signed in side by side on one device, made by {@link NestAuthClient#accounts}:
 * sign one more in without losing the others, list them, switch the active one, sign one or all out.
 *
 * <pre>{@code
 * Accounts accounts = auth.accounts(new FileAccountStore(folder));
 * accounts.signIn(client -> client.loginWithEmail(email, password)).execute(); // now the active one
 * NestAuthClient active = accounts.activeClient().orElseThrow();
 * accounts.switchTo(otherUserId);
 * }</pre>
 *
 * <ul>
 *   <li>An account is a user, identified by the user id its tokens name. Signing a user in again
 *       replaces that account's session (the old one is ended at the server, best effort) and keeps
 *       its place in the list; the account signed in becomes the active one.</li>
 *   <li>Each account has its own {@link NestAuthClient} ({@link #client}), derived from the client
 *       this was made from and sharing its OkHttpClient, over its own {@link TokenStore}
 *       ({@link AccountStore#sessionStore}): its refreshes are single-flight on their own and never
 *       touch another account's tokens. Use it for everything the account does (MFA, tenant switch,
 *       profile). Signing it in as another user through its own login methods is not supported:
 *       such an account is left out of the list, with a warning.</li>
 *   <li>What {@link #list()} shows is what the store holds: the index is read on every call, so
 *       another process sharing the store sees the same accounts. An account whose session has
 *       ended (signed out, or its refresh rejected) leaves the list. A failure of the store fails
 *       the operation and changes nothing that {@link #list()} shows.</li>
 *   <li>When the active account leaves, the first remaining one (the earliest signed in) becomes
 *       active, or none.</li>
 *   <li>Listeners ({@link AccountListener}) receive every account's session events tagged with its
 *       user id, and the changes of the active account.</li>
 * </ul>
 *
 * <p>Thread-safe: changes of the list are serialized, reads are not blocked by them, and every
 * account refreshes on its own. Like a client derived with {@code newBuilder()}, the accounts keep
 * working after the client they were made from is closed; {@link #close()} releases them.
 *
 * <p>A login from a trusted device still asks for MFA here: a sign-in starts on a fresh client, with
 * no device-trust token.
 */
public final class Accounts implements AutoCloseable {
  private static final Log LOG = Log.get(Accounts.class);
  private static final String NOT_SIGNED_IN = "no account with this user id is signed in here";

  /** The active account before and after a change of the index. */
  private static final class Change {
    final @Nullable String before;
    final @Nullable String after;

    Change(@Nullable String before, @Nullable String after) {
      this.before = before;
      this.after = after;
    }
  }

  /**
   * A client derived from the one this was made from, kept open while this is: the accounts' clients
   * derive from it, so they keep working after that client is closed, like any derived client.
   */
  private final NestAuthClient base;
  private final AccountStore store;
  /** One client per account for the life of this object: its session state is the account's. */
  private final ConcurrentMap<String, NestAuthClient> clients = new ConcurrentHashMap<>();
  private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();
  /** Serializes this object's changes that take more than one step (tokens, then index). */
  private final Object changes = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Interceptor activeInterceptor = chain -> {
    NestAuthClient active;
    try {
      active = activeClient().orElse(null);
    } catch (RuntimeException e) {
      // nothing but an IOException may leave an interceptor: on OkHttp's threads it would reach the
      // uncaught-exception handler
      throw new IOException("the active account could not be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return active != null ? active.authInterceptor().intercept(chain) : chain.proceed(chain.request());
  };

  Accounts(NestAuthClient client, AccountStore store) {
    this.base = client.newBuilder().build();
    this.store = store;
  }

  // ---------------------------------------------------------------- reading

  /**
   * The signed-in accounts, read from the store: in the order they were first signed in, the active
   * one flagged.
   *
   * @return an unmodifiable list; empty when none is signed in
   * @throws IllegalStateException when closed
   */
  public List<Account> list() {
    ensureOpen();
    AccountIndex index = store.loadIndex();
    List<String> ids = new ArrayList<>();
    List<TokenClaims> claims = new ArrayList<>();
    for (String id : index.userIds()) {
      sessionClaims(id).ifPresent(found -> {
        ids.add(id);
        claims.add(found);
      });
    }
    String active = index.activeUserId().filter(ids::contains).orElse(ids.isEmpty() ? null : ids.get(0));
    List<Account> accounts = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      TokenClaims of = claims.get(i);
      accounts.add(Account.of(ids.get(i), of.email().orElse(null), of.phone().orElse(null),
          of.tenantId().orElse(null), ids.get(i).equals(active)));
    }
    return List.copyOf(accounts);
  }

  /**
   * @return the active account; empty when none is signed in
   * @throws IllegalStateException when closed
   */
  public Optional<Account> active() {
    return list().stream().filter(Account::isActive).findFirst();
  }

  /**
   * @return the client of the active account; empty when none is signed in
   * @throws IllegalStateException when closed
   */
  public Optional<NestAuthClient> activeClient() {
    return active().map(account -> clientFor(account.id()));
  }

  /**
   * The client of one account: every call through it is that account's. The same object for the
   * same account as long as this one is open (also after the account signs out and in again);
   * {@link #close()} closes it.
   *
   * @param userId the account's user id
   * @return its client
   * @throws IllegalArgumentException when no account with this user id is signed in, before any request
   * @throws IllegalStateException when closed
   */
  public NestAuthClient client(String userId) {
    AccountIndex.requireUserId(userId, "userId");
    ensureOpen();
    requireSignedIn(userId);
    return clientFor(userId);
  }

  // ---------------------------------------------------------------- changing

  /**
   * Signs one more account in with a login you compose; the accounts already signed in stay.
   *
   * @param request the login
   * @return the call; when it completes, the account is listed and active (MFA may still be pending:
   *     see {@link AuthResponse#isRequiresMfa()}, and complete it on {@link #activeClient()})
   * @throws IllegalArgumentException when {@code request} is null
   */
  public NestAuthCall<AuthResponse> signIn(LoginRequest request) {
    Args.notNull(request, "request");
    return signIn(client -> client.login(request));
  }

  /**
   * Signs one more account in with any sign-in of {@link NestAuthClient} (a signup, a passwordless
   * code, a social token, ...), made on a fresh client that this passes; the accounts already signed
   * in stay. A sign-in that fails leaves the accounts as they were.
   *
   * <pre>{@code
   * accounts.signIn(client -> client.loginWithPasswordlessCode(email, code, PasswordlessChannel.EMAIL)).execute();
   * }</pre>
   *
   * @param signIn makes the sign-in call on the client it is given
   * @return the call; when it completes, the account is listed and active
   * @throws IllegalArgumentException when {@code signIn} is null; when executed, also when it returns
   *     null (before any request) or a call of another client
   */
  public NestAuthCall<AuthResponse> signIn(Function<? super NestAuthClient, ? extends NestAuthCall<AuthResponse>> signIn) {
    Args.notNull(signIn, "signIn");
    return blocking(() -> signInNow(signIn));
  }

  /**
   * Makes another signed-in account the active one; no request is sent.
   *
   * @param userId the account's user id
   * @return the account, now active
   * @throws IllegalArgumentException when no account with this user id is signed in; nothing changes
   * @throws io.nestauth.client.exception.TokenStoreException when the store cannot save the change;
   *     nothing changes
   * @throws IllegalStateException when closed
   */
  public Account switchTo(String userId) {
    AccountIndex.requireUserId(userId, "userId");
    ensureOpen();
    Change change;
    synchronized (changes) {
      requireSignedIn(userId);
      change = mutate(index -> {
        if (!index.contains(userId)) {
          throw new IllegalArgumentException(NOT_SIGNED_IN); // signed out by another process meanwhile
        }
        return index.withActive(userId);
      });
    }
    tellActive(change);
    return list().stream().filter(account -> account.id().equals(userId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(NOT_SIGNED_IN));
  }

  /**
   * Signs one account out: its session is removed here and then ended at the server (best effort);
   * the other accounts stay. Signing out an account that is not signed in does nothing.
   *
   * @param userId the account's user id
   * @return the call
   * @throws IllegalArgumentException when {@code userId} is not a user id
   */
  public NestAuthCall<Void> signOut(String userId) {
    AccountIndex.requireUserId(userId, "userId");
    return blocking(() -> {
      ensureOpen();
      signOutNow(userId);
      return null;
    });
  }

  /**
   * Signs every account out, each like {@link #signOut}; one that fails does not stop the others.
   *
   * @return the call; it fails with the first failure, the others suppressed
   */
  public NestAuthCall<Void> signOutAll() {
    return blocking(() -> {
      ensureOpen();
      Set<String> ids = new LinkedHashSet<>(store.loadIndex().userIds());
      ids.addAll(clients.keySet());
      RuntimeException first = null;
      for (String id : ids) {
        try {
          signOutNow(id);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- listeners, interceptor

  /**
   * Registers a listener for every account's session events and for changes of the active account.
   *
   * @param listener the listener
   * @throws IllegalArgumentException when {@code listener} is null
   */
  public void addListener(AccountListener listener) {
    listeners.add(Args.notNull(listener, "listener"));
  }

  /**
   * Unregisters a listener; nothing happens when it was not registered.
   *
   * @param listener the listener
   */
  public void removeListener(@Nullable AccountListener listener) {
    listeners.remove(listener);
  }

  /**
   * An OkHttp interceptor for your own API calls that follows the active account: each request gets
   * the token of the account active when it is sent, as {@link NestAuthClient#authInterceptor()}
   * gives it (same origins, same refresh); with no account signed in, requests pass untouched.
   *
   * @return the interceptor
   */
  public Interceptor authInterceptor() {
    return activeInterceptor;
  }

  /** Releases the accounts' clients (the sessions stay in the store). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      clients.values().forEach(NestAuthClient::close);
      base.close();
    }
  }

  /** @return the store only: never an account's token */
  @Override
  public String toString() {
    return "Accounts{store=" + store + "}";
  }

  // ---------------------------------------------------------------- internals

  private AuthResponse signInNow(Function<? super NestAuthClient, ? extends NestAuthCall<AuthResponse>> signIn) {
    ensureOpen();
    // the login runs on a client of its own, over a store of its own: until it has succeeded and
    // named its user, no account's state is touched
    try (NestAuthClient pending = base.newBuilder().tokenStore(new InMemoryTokenStore()).build()) {
      NestAuthCall<AuthResponse> call = signIn.apply(pending);
      if (call == null) {
        throw new IllegalArgumentException("signIn must return the sign-in call of the client it is given");
      }
      AuthResponse response = call.execute();
      StoredTokens issued = pending.core().session().session();
      if (issued == null) {
        throw new IllegalArgumentException("signIn must return a sign-in call of the client it is given; the call "
            + "it returned stored no tokens there, so no account was added");
      }
      String userId = issued.claims().flatMap(TokenClaims::userId).filter(AccountIndex::isUserId).orElse(null);
      if (userId == null) {
        endQuietly(pending);
        throw UnexpectedResponseException.of("the server's access token names no usable user id (claim id or sub); "
            + "no account was added", null, null, 200);
      }
      adopt(userId, issued, pending);
      return response;
    }
  }

  /**
   * Makes {@code issued} the session of {@code userId}'s account, and the account active. The old
   * session of that account, if any, is ended at the server afterwards (best effort).
   */
  private void adopt(String userId, StoredTokens issued, NestAuthClient pending) {
    AtomicReference<StoredTokens> replaced = new AtomicReference<>();
    Change change;
    try {
      synchronized (changes) {
        NestAuthClient account = clientFor(userId);
        SessionManager session = account.core().session();
        try {
          // under the account's refresh lock: a refresh of its old session (here or in another
          // process sharing the store) ends first, and its answer cannot overwrite the new tokens
          session.store().withRefreshLock(() -> {
            replaced.set(session.session());
            return session.accept(wire(issued), AuthEvent.Type.SIGNED_IN, session.generation(),
                account.core().settings.clock);
          });
        } catch (RuntimeException notKept) {
          replaced.set(null); // still the account's session
          endQuietly(pending);
          throw notKept;
        }
        try {
          change = mutate(index -> index.withSignedIn(userId));
        } catch (RuntimeException indexNotSaved) {
          if (replaced.get() == null) {
            // a new account the index cannot list: undo, so that no session is kept that no list shows
            try {
              session.signOut(AuthEvent.SignOutReason.LOGOUT);
            } catch (RuntimeException undoFailed) {
              indexNotSaved.addSuppressed(undoFailed);
            }
            endQuietly(pending);
          }
          throw indexNotSaved;
        }
      }
      tellActive(change);
    } finally {
      StoredTokens old = replaced.get();
      if (old != null && !old.accessToken().equals(issued.accessToken())) {
        endQuietly(old);
      }
    }
  }

  private void signOutNow(String userId) {
    NestAuthClient account = clients.get(userId);
    if (account == null && !store.loadIndex().contains(userId)) {
      return; // not signed in here
    }
    account = clientFor(userId);
    StoredTokens removed = null;
    Change change;
    try {
      synchronized (changes) {
        SessionManager session = account.core().session();
        removed = session.session();
        // removed here first: whatever answer of this session is still in flight is then dropped
        session.signOut(AuthEvent.SignOutReason.LOGOUT);
        // the account is gone: its device-trust token would be kept for nothing
        session.forgetDevice();
        change = mutate(index -> index.without(userId));
      }
      tellActive(change);
    } finally {
      if (removed != null && !removed.equals(account.core().session().session())) {
        endQuietly(removed);
      }
    }
  }

  /** The store's index changed by {@code change}; what was active before and after. */
  private Change mutate(UnaryOperator<AccountIndex> change) {
    AtomicReference<String> before = new AtomicReference<>();
    AccountIndex after = store.updateIndex(current -> {
      before.set(current.activeUserId().orElse(null));
      return change.apply(current);
    });
    return new Change(before.get(), after.activeUserId().orElse(null));
  }

  private NestAuthClient clientFor(String userId) {
    // a client the app closed is replaced: the account's session is in its store, not in the client
    return clients.compute(userId, (id, existing) -> {
      if (existing != null && !existing.core().isClosed()) {
        return existing;
      }
      NestAuthClient client = base.newBuilder().tokenStore(store.sessionStore(id)).build();
      client.addListener(event -> onAccountEvent(id, event));
      return client;
    });
  }

  /** The claims of the account's session when it has one of that very user; empty otherwise. */
  private Optional<TokenClaims> sessionClaims(String userId) {
    StoredTokens tokens = clientFor(userId).core().session().session();
    if (tokens == null) {
      return Optional.empty();
    }
    Optional<TokenClaims> claims = tokens.claims();
    if (!claims.flatMap(TokenClaims::userId).filter(userId::equals).isPresent()) {
      LOG.warn("the session kept for an account names another user, or none; the account is left out of the list");
      return Optional.empty();
    }
    return claims;
  }

  private void requireSignedIn(String userId) {
    if (!store.loadIndex().contains(userId) || !sessionClaims(userId).isPresent()) {
      throw new IllegalArgumentException(NOT_SIGNED_IN);
    }
  }

  /** An account's session event: tagged and passed on; an account whose session ended then leaves the index. */
  private void onAccountEvent(String userId, AuthEvent event) {
    for (AccountListener listener : listeners) {
      try {
        listener.onAccountEvent(userId, event);
      } catch (RuntimeException e) {
        LOG.warn("an AccountListener threw on " + event, e);
      }
    }
    if (event.type() == AuthEvent.Type.SIGNED_OUT) {
      // no lock of this object here: the event may come from a refresh holding the account's
      // refresh lock, which a sign-in here may be waiting for
      try {
        tellActive(mutate(index -> index.without(userId)));
      } catch (RuntimeException e) {
        LOG.warn("an account signed out, but the account index could not be updated (" + e.getClass().getSimpleName()
            + "); it is left out of the list all the same");
      }
    }
  }

  private void tellActive(Change change) {
    if (Objects.equals(change.before, change.after)) {
      return;
    }
    for (AccountListener listener : listeners) {
      try {
        listener.onActiveAccountChanged(change.after);
      } catch (RuntimeException e) {
        LOG.warn("an AccountListener threw on a change of the active account", e);
      }
    }
  }

  /** Ends a session at the server that no store holds any more, through a client of its own; best effort. */
  private void endQuietly(StoredTokens tokens) {
    InMemoryTokenStore holder = new InMemoryTokenStore();
    holder.save(tokens);
    try (NestAuthClient detached = base.newBuilder().tokenStore(holder).build()) {
      endQuietly(detached);
    } catch (RuntimeException e) {
      LOG.debug(() -> "could not end a replaced session at the server: " + e.getClass().getSimpleName());
    }
  }

  private static void endQuietly(NestAuthClient client) {
    try {
      client.logout().execute();
    } catch (RuntimeException e) {
      LOG.debug(() -> "could not end a session at the server: " + e.getClass().getSimpleName());
    }
  }

  /** The token-bearing answer {@code tokens} came from, for the session's one way of taking new tokens. */
  private static AuthTokensResponseDto wire(StoredTokens tokens) {
    return new AuthTokensResponseDto().accessToken(tokens.accessToken()).refreshToken(tokens.refreshToken())
        .isRequiresMfa(tokens.mfaPending()).trustToken(tokens.trustToken());
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("these Accounts are closed");
    }
  }

  /** A call made of blocking steps: run on the caller's thread, or as one task on OkHttp's dispatcher. */
  private <T> NestAuthCall<T> blocking(Supplier<T> steps) {
    return new NestAuthCall<T>() {
      @Override
      public T execute() {
        return steps.get();
      }

      @Override
      public CompletableFuture<T> executeAsync() {
        return base.core().supplyOnDispatcher(steps);
      }
    };
  }
}
