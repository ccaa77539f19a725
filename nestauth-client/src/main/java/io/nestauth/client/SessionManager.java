package io.nestauth.client;

import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.SessionChangedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.TokenStoreException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.internal.Args;
import io.nestauth.client.internal.ErrorMapper;
import io.nestauth.client.internal.Log;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.AuthTokensResponseDto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one owner of token state: the current {@link StoredTokens}, their persistence in the
 * {@link TokenStore}, the single-flight refresh and the listeners. Thread-safe; shared by a client
 * and the clients derived from it over the same store.
 *
 * <p>Rules it keeps:
 * <ul>
 *   <li>Single flight: the server rotates refresh tokens and revokes the whole session when a
 *       rotated one is presented again, so two concurrent refreshes would sign the user out.</li>
 *   <li>Generations: every sign-in, MFA verification, tenant switch and sign-out starts a new
 *       {@link Generation}. A token-issuing answer (or a refresh rejection) applies only to the
 *       generation its call started in: a late answer never revives a logged-out session or
 *       replaces another user's.</li>
 *   <li>The state equals the store: tokens are saved first and held only once saved.</li>
 * </ul>
 */
final class SessionManager {
  private static final Log LOG = Log.get(SessionManager.class);

  /** Performs {@code POST /auth/refresh-token}. */
  @FunctionalInterface
  interface RefreshCall {
    AuthTokensResponseDto refresh(String refreshToken) throws ApiException;
  }

  /** Identifies one session's life in this process; compared by identity. */
  static final class Generation {
    @Override
    public String toString() {
      return "Generation@" + Integer.toHexString(System.identityHashCode(this));
    }
  }

  private final TokenStore store;
  private final ErrorMapper errors;
  private final List<AuthListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock refreshLock = new ReentrantLock();
  private final Object stateLock = new Object();
  private volatile RefreshCall refreshCall;
  private volatile StoredTokens current;
  private volatile Generation generation = new Generation();
  /** When the current tokens arrived, by the clock of the client that received or loaded them. */
  private volatile Instant receivedAt;

  SessionManager(TokenStore store, ErrorMapper errors) {
    this.store = store;
    this.errors = errors;
    this.current = load(store);
  }

  /** What the store holds, as far as it can be used; a store that fails to read reads as signed out. */
  private static StoredTokens load(TokenStore store) {
    try {
      return store.load().filter(SessionManager::usable).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("the token store could not be read (" + e.getClass().getSimpleName() + "); starting signed out");
      return null;
    }
  }

  RefreshCall refreshCall() {
    return refreshCall;
  }

  void setRefreshCall(RefreshCall refreshCall) {
    this.refreshCall = refreshCall;
  }

  TokenStore store() {
    return store;
  }

  Generation generation() {
    return generation;
  }

  /** @return the tokens of the current session (signed in or MFA-pending), or null */
  StoredTokens session() {
    StoredTokens tokens = current;
    return tokens != null && tokens.hasSession() ? tokens : null;
  }

  String trustToken() {
    StoredTokens tokens = current;
    return tokens == null ? null : tokens.trustToken();
  }

  void addListener(AuthListener listener) {
    listeners.add(listener);
  }

  void removeListener(AuthListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stores the tokens of a token-bearing answer (sign-in, MFA verification, tenant switch) as a new
   * generation, and tells listeners.
   *
   * @param startedIn the generation the call started in: when another sign-in or a sign-out came
   *     first, the answer is dropped and {@link SessionChangedException} thrown
   * @return the stored tokens
   */
  StoredTokens accept(AuthTokensResponseDto response, AuthEvent.Type type, Generation startedIn, Clock clock) {
    requireTokens(response, null, null);
    StoredTokens fresh;
    synchronized (stateLock) {
      if (generation != startedIn) {
        throw new SessionChangedException("the session changed (logout or another sign-in) while this call was in "
            + "flight; its tokens were not kept");
      }
      String trust = response.getTrustToken() != null ? response.getTrustToken() : trustToken();
      if (trust != null && !headerSafe(trust)) {
        throw UnexpectedResponseException.of("the server sent a device-trust token that is not a legal header value; "
            + "nothing was stored", null, null, 200);
      }
      fresh = StoredTokens.issued(response.getAccessToken(), response.getRefreshToken(),
          Boolean.TRUE.equals(response.getIsRequiresMfa()), trust);
      write(fresh, clock);
      generation = new Generation();
    }
    tellIssued(type, fresh);
    return fresh;
  }

  private void tellIssued(AuthEvent.Type type, StoredTokens fresh) {
    if (listeners.isEmpty()) {
      return;
    }
    boolean pendingSignIn = type == AuthEvent.Type.SIGNED_IN && fresh.mfaPending();
    fire(new AuthEvent(pendingSignIn ? AuthEvent.Type.MFA_REQUIRED : type, null, fresh.claims().orElse(null)));
  }

  /** Ends the session locally (the device-trust token stays) and tells listeners if one existed. */
  void signOut(AuthEvent.SignOutReason reason) {
    endSession(null, reason);
  }

  /** Ends the session of {@code startedIn} only: nothing happens when a newer one has begun. */
  void signOutIfStill(Generation startedIn, AuthEvent.SignOutReason reason) {
    endSession(startedIn, reason);
  }

  private void endSession(Generation expected, AuthEvent.SignOutReason reason) {
    boolean hadSession;
    synchronized (stateLock) {
      if (expected != null && generation != expected) {
        return;
      }
      hadSession = session() != null;
      String trust = trustToken();
      generation = new Generation();
      write(trust == null ? null : StoredTokens.signedOut(trust), null);
    }
    if (hadSession) {
      fire(new AuthEvent(AuthEvent.Type.SIGNED_OUT, reason, null));
    }
  }

  /** The current generation and its session's tokens (null when signed out), read together. */
  static final class Held {
    final Generation generation;
    final StoredTokens tokens;

    Held(Generation generation, StoredTokens tokens) {
      this.generation = generation;
      this.tokens = tokens;
    }
  }

  Held held() {
    synchronized (stateLock) {
      return new Held(generation, session());
    }
  }

  /** Forgets the device-trust token. */
  void forgetDevice() {
    synchronized (stateLock) {
      StoredTokens tokens = current;
      if (tokens != null && tokens.trustToken() != null) {
        write(tokens.hasSession()
            ? new StoredTokens(tokens.accessToken(), tokens.refreshToken(), tokens.mfaPending(), null)
            : null, null);
      }
    }
  }

  /**
   * Refreshes the session because the server rejected {@code rejectedAccessToken}. When another
   * thread (or another client over the same store) has already replaced that token, its result is
   * reused and no request is made.
   *
   * @param startedIn the generation the rejected request was sent in
   * @return the new tokens, or null when that session is over (rejected by the server, or ended or
   *     replaced here meanwhile): the rejected request must not be repeated with another session's token
   * @throws NestAuthException when the refresh failed for a transient reason; tokens are kept
   */
  StoredTokens refreshAfterRejection(String rejectedAccessToken, Generation startedIn, Clock clock) {
    return refreshAfterRejection(rejectedAccessToken, startedIn, clock, false);
  }

  /**
   * As {@link #refreshAfterRejection(String, Generation, Clock)}; with {@code throwRejection} the
   * server's rejection of the refresh is thrown (after signing out) instead of answered with null, so
   * that the SDK call which met the 401 fails with the reason the session ended.
   */
  StoredTokens refreshAfterRejection(String rejectedAccessToken, Generation startedIn, Clock clock,
      boolean throwRejection) {
    refreshLock.lock();
    try {
      if (generation != startedIn) {
        return null;
      }
      StoredTokens tokens = session();
      if (tokens != null && !tokens.accessToken().equals(rejectedAccessToken)) {
        return tokens;
      }
      // other clients may share the store (other processes, machines): exclude them, then look
      // whether one of them has refreshed already
      return store.withRefreshLock(() -> {
        StoredTokens newer = adoptNewerFromStore(rejectedAccessToken, startedIn, clock);
        if (newer != null) {
          return newer;
        }
        StoredTokens held = session();
        if (held == null || generation != startedIn) {
          return null;
        }
        return refreshNow(held, clock, throwRejection);
      });
    } finally {
      refreshLock.unlock();
    }
  }

  /**
   * Holds what the store holds when it is a session other than the one whose access token is
   * {@code staleAccessToken}: another client over the same store refreshed (or signed in) and saved
   * it. Called under the store's refresh lock, so what is read is what the other client finished.
   *
   * @return the adopted tokens, or null when the store has nothing newer (or the session changed here)
   */
  private StoredTokens adoptNewerFromStore(String staleAccessToken, Generation startedIn, Clock clock) {
    StoredTokens persisted = load(store);
    if (persisted == null || !persisted.hasSession() || persisted.accessToken().equals(staleAccessToken)) {
      return null;
    }
    synchronized (stateLock) {
      if (generation != startedIn) {
        return null; // a logout or sign-in here came first; it decides
      }
      current = persisted;
      receivedAt = clock.instant();
    }
    return persisted;
  }

  /**
   * Refreshes when the access token expires within {@code skew}, judged by the server's clock: the
   * token's lifetime ({@code exp - iat}) counted from when it arrived, so a device clock that is
   * minutes off neither refreshes on every call nor never. A transient failure keeps the old token.
   */
  StoredTokens refreshIfExpiringSoon(StoredTokens tokens, Generation startedIn, Duration skew, Clock clock) {
    if (skew == null || !expiresWithin(tokens, skew, clock)) {
      return tokens;
    }
    try {
      StoredTokens fresh = refreshAfterRejection(tokens.accessToken(), startedIn, clock);
      return fresh != null ? fresh : tokens;
    } catch (NestAuthException e) {
      LOG.debug(() -> "proactive refresh failed, continuing with the current token: " + e.getMessage());
      return tokens;
    }
  }

  /**
   * Refreshes unconditionally (the user asked for it).
   *
   * @throws NestAuthException the server's rejection (the session is then signed out), or a
   *     transient failure (the session is kept)
   * @throws SessionChangedException when a logout or another sign-in came first
   */
  void refreshExplicitly(Clock clock) {
    refreshLock.lock();
    try {
      Generation startedIn = generation;
      StoredTokens tokens = session();
      if (tokens == null) {
        return;
      }
      store.withRefreshLock(() -> {
        // never present a refresh token another client over the store has already rotated
        StoredTokens newer = adoptNewerFromStore(tokens.accessToken(), startedIn, clock);
        StoredTokens latest = newer != null ? newer : session();
        if (generation != startedIn || latest == null || refreshNow(latest, clock, true) == null) {
          throw new SessionChangedException("the session changed (logout or another sign-in) while it was being "
              + "refreshed; the new tokens were not kept");
        }
        return null;
      });
    } finally {
      refreshLock.unlock();
    }
  }

  private StoredTokens refreshNow(StoredTokens tokens, Clock clock, boolean throwRejection) {
    Generation startedIn = generation;
    AuthTokensResponseDto response;
    try {
      response = refreshCall.refresh(tokens.refreshToken());
    } catch (ApiException e) {
      NestAuthException mapped = errors.map(e);
      if (mapped.status() == 401) {
        LOG.debug(() -> "refresh rejected by the server (" + mapped.code().orElse("no code") + ")");
        signOutIfStill(startedIn, AuthEvent.SignOutReason.SESSION_REJECTED);
        if (throwRejection) {
          // whatever the body said, a 401 on the refresh ended the session
          throw mapped instanceof SessionExpiredException ? mapped
              : new SessionExpiredException("POST /auth/refresh-token answered HTTP 401: the server rejected the "
                  + "session; signed out", mapped.details(), mapped);
        }
        return null;
      }
      throw mapped;
    }
    // an answer without both tokens is a transient failure: the current tokens are kept
    requireTokens(response, "POST", "/auth/refresh-token");
    StoredTokens fresh;
    synchronized (stateLock) {
      if (generation != startedIn || current != tokens) {
        // a logout or another sign-in came first: this answer belongs to a session that is gone
        return null;
      }
      fresh = StoredTokens.issued(response.getAccessToken(), response.getRefreshToken(), tokens.mfaPending(),
          trustToken());
      write(fresh, clock);
    }
    tellIssued(AuthEvent.Type.TOKEN_REFRESHED, fresh);
    return fresh;
  }

  /**
   * A token-bearing 2xx must carry both tokens, each a legal header value: storing half a pair is
   * impossible, storing none would silently end the session, and a token that cannot be sent as a
   * header would break every later call.
   */
  static void requireTokens(AuthTokensResponseDto response, String method, String path) {
    if (response == null || Args.isBlank(response.getAccessToken()) || Args.isBlank(response.getRefreshToken())) {
      throw UnexpectedResponseException.of((path == null ? "the server" : method + " " + path)
          + " answered HTTP 200 without an access and a refresh token (in its body or in cookies the SDK accepts)",
          method, path, 200);
    }
    if (!headerSafe(response.getAccessToken()) || !headerSafe(response.getRefreshToken())) {
      throw UnexpectedResponseException.of((path == null ? "the server" : method + " " + path)
          + " answered HTTP 200 with a token that is not a legal header value; nothing was stored", method, path, 200);
    }
  }

  /** @return true when the access token of {@code tokens} expires within {@code window} (false without {@code exp}) */
  boolean expiresWithin(StoredTokens tokens, Duration window, Clock clock) {
    Optional<TokenClaims> claims = tokens.claims();
    Optional<Instant> exp = claims.flatMap(TokenClaims::expiresAt);
    if (!exp.isPresent()) {
      return false;
    }
    Optional<Instant> iat = claims.flatMap(TokenClaims::issuedAt);
    Instant arrived = receivedAt;
    Instant deadline = iat.isPresent() && arrived != null && tokens == current
        ? arrived.plus(Duration.between(iat.get(), exp.get()))
        : exp.get();
    return !deadline.isAfter(clock.instant().plus(window));
  }

  /** Tokens loaded from a store are used only when they can be sent as headers. */
  private static boolean usable(StoredTokens tokens) {
    return (!tokens.hasSession() || headerSafe(tokens.accessToken()) && headerSafe(tokens.refreshToken()))
        && (tokens.trustToken() == null || headerSafe(tokens.trustToken()));
  }

  /** Tokens go into headers as they are: empty, control or non-ASCII characters would break every call. */
  private static boolean headerSafe(String value) {
    return value != null && !value.isEmpty() && Args.isHeaderSafe(value);
  }


  /**
   * Saves first, then holds: a store that cannot write leaves the state as it was, and the caller's
   * operation fails with {@link TokenStoreException}.
   */
  private void write(StoredTokens tokens, Clock clock) {
    try {
      if (tokens == null) {
        store.clear();
      } else {
        store.save(tokens);
      }
    } catch (TokenStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TokenStoreException("the token store could not " + (tokens == null ? "clear" : "save")
          + " the session (" + e.getClass().getSimpleName() + ")", e);
    }
    current = tokens;
    receivedAt = clock == null ? null : clock.instant();
  }

  private void fire(AuthEvent event) {
    for (AuthListener listener : listeners) {
      try {
        listener.onAuthEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("an AuthListener threw on " + event, e);
      }
    }
  }
}
