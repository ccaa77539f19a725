package io.nestauth.client;

import io.nestauth.client.exception.NestAuthException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one owner of token state: the cached {@link StoredTokens}, their persistence in the
 * {@link TokenStore}, the single-flight refresh and the listeners. Thread-safe.
 *
 * <p>Why single flight: the server rotates refresh tokens and revokes the whole session when a
 * rotated one is presented again, so two concurrent refreshes would sign the user out.
 */
final class SessionManager {
  private static final Log LOG = Log.get(SessionManager.class);

  /** Performs {@code POST /auth/refresh-token}. */
  @FunctionalInterface
  interface RefreshCall {
    AuthTokensResponseDto refresh(String refreshToken) throws ApiException;
  }

  private final TokenStore store;
  private final Clock clock;
  private final ErrorMapper errors;
  private final Duration proactiveRefreshSkew;
  private final List<AuthListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock refreshLock = new ReentrantLock();
  private final Object stateLock = new Object();
  private volatile RefreshCall refreshCall;
  private volatile StoredTokens current;
  /** The expiry of the last tokens checked, so the proactive check makes no {@link Instant} per call. */
  private volatile TokenExpiry lastExpiry;

  /** Not a record: records need desugaring on Android. */
  private static final class TokenExpiry {
    final StoredTokens tokens;
    final Instant expiresAt;

    TokenExpiry(StoredTokens tokens, Instant expiresAt) {
      this.tokens = tokens;
      this.expiresAt = expiresAt;
    }
  }

  SessionManager(TokenStore store, Clock clock, ErrorMapper errors, Duration proactiveRefreshSkew) {
    this.store = store;
    this.clock = clock;
    this.errors = errors;
    this.proactiveRefreshSkew = proactiveRefreshSkew;
    this.current = store.load().orElse(null);
  }

  void setRefreshCall(RefreshCall refreshCall) {
    this.refreshCall = refreshCall;
  }

  TokenStore store() {
    return store;
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
   * Stores the tokens of a token-bearing answer and tells listeners.
   *
   * @return the stored tokens, whose claims (read when first asked for) the caller hands on
   */
  StoredTokens accept(AuthTokensResponseDto response, AuthEvent.Type type) {
    requireTokens(response, null, null);
    StoredTokens fresh;
    synchronized (stateLock) {
      String trust = response.getTrustToken() != null ? response.getTrustToken() : trustToken();
      fresh = StoredTokens.issued(response.getAccessToken(), response.getRefreshToken(),
          Boolean.TRUE.equals(response.getIsRequiresMfa()), trust);
      write(fresh);
    }
    tellIssued(type, fresh);
    return fresh;
  }

  /**
   * Tells listeners that tokens were issued; a sign-in into an MFA-pending session is told as
   * {@link AuthEvent.Type#MFA_REQUIRED}. Without listeners the tokens' claims stay unread.
   */
  private void tellIssued(AuthEvent.Type type, StoredTokens fresh) {
    if (listeners.isEmpty()) {
      return;
    }
    boolean pendingSignIn = type == AuthEvent.Type.SIGNED_IN && fresh.mfaPending();
    fire(new AuthEvent(pendingSignIn ? AuthEvent.Type.MFA_REQUIRED : type, null, fresh.claims().orElse(null)));
  }

  /** Ends the session locally (the device-trust token stays) and tells listeners if one existed. */
  void signOut(AuthEvent.SignOutReason reason) {
    boolean hadSession;
    synchronized (stateLock) {
      hadSession = session() != null;
      String trust = trustToken();
      if (trust == null) {
        current = null;
        store.clear();
      } else {
        write(StoredTokens.signedOut(trust));
      }
    }
    if (hadSession) {
      fire(new AuthEvent(AuthEvent.Type.SIGNED_OUT, reason, null));
    }
  }

  /** Forgets everything, the device-trust token included. */
  void forgetDevice() {
    synchronized (stateLock) {
      StoredTokens tokens = current;
      if (tokens != null && tokens.trustToken() != null) {
        write(tokens.withTrustToken(null));
      }
    }
  }

  /**
   * Refreshes the session because the server rejected {@code rejectedAccessToken}. When another
   * thread (or another client over the same store) has already replaced that token, its result is
   * reused and no request is made.
   *
   * @return the new tokens, or null when there is no session any more (the server rejected the
   *     refresh token: the session was cleared and listeners told)
   * @throws NestAuthException when the refresh failed for a transient reason; tokens are kept
   */
  StoredTokens refreshAfterRejection(String rejectedAccessToken) {
    refreshLock.lock();
    try {
      StoredTokens tokens = session();
      if (tokens != null && !tokens.accessToken().equals(rejectedAccessToken)) {
        return tokens;
      }
      StoredTokens persisted = store.load().orElse(null);
      if (persisted != null && persisted.hasSession() && !persisted.accessToken().equals(rejectedAccessToken)) {
        synchronized (stateLock) {
          current = persisted;
        }
        return persisted;
      }
      if (tokens == null) {
        return null;
      }
      return refreshNow(tokens);
    } finally {
      refreshLock.unlock();
    }
  }

  /** Refreshes when the access token expires within the configured skew; on a transient failure the old token is kept. */
  StoredTokens refreshIfExpiringSoon(StoredTokens tokens) {
    if (proactiveRefreshSkew == null || !expiresWithin(tokens, proactiveRefreshSkew)) {
      return tokens;
    }
    try {
      StoredTokens fresh = refreshAfterRejection(tokens.accessToken());
      return fresh != null ? fresh : tokens;
    } catch (NestAuthException e) {
      LOG.debug(() -> "proactive refresh failed, continuing with the current token: " + e.getMessage());
      return tokens;
    }
  }

  /** Refreshes unconditionally (the user asked for it). */
  StoredTokens refreshExplicitly() {
    refreshLock.lock();
    try {
      StoredTokens tokens = session();
      return tokens == null ? null : refreshNow(tokens);
    } finally {
      refreshLock.unlock();
    }
  }

  private StoredTokens refreshNow(StoredTokens tokens) {
    AuthTokensResponseDto response;
    try {
      response = refreshCall.refresh(tokens.refreshToken());
    } catch (ApiException e) {
      NestAuthException mapped = errors.map(e);
      if (mapped.status() == 401) {
        LOG.debug(() -> "refresh rejected by the server (" + mapped.code().orElse("no code") + "); signing out");
        signOut(AuthEvent.SignOutReason.SESSION_REJECTED);
        return null;
      }
      throw mapped;
    }
    // an answer without both tokens is a transient failure: the current tokens are kept
    requireTokens(response, "POST", "/auth/refresh-token");
    StoredTokens fresh;
    synchronized (stateLock) {
      fresh = StoredTokens.issued(response.getAccessToken(), response.getRefreshToken(), tokens.mfaPending(),
          trustToken());
      write(fresh);
    }
    tellIssued(AuthEvent.Type.TOKEN_REFRESHED, fresh);
    return fresh;
  }

  /**
   * A token-bearing 2xx must carry both tokens: storing half a pair is impossible and storing none
   * would silently end the session the answer was meant to start or renew.
   */
  static void requireTokens(AuthTokensResponseDto response, String method, String path) {
    if (response == null || isBlank(response.getAccessToken()) || isBlank(response.getRefreshToken())) {
      throw new UnexpectedResponseException((path == null ? "the server" : method + " " + path)
          + " answered HTTP 200 without an access and a refresh token", null, 200, null, null, method, path, null);
    }
  }

  private static boolean isBlank(String value) {
    return Args.isBlank(value);
  }

  /** @return true when the access token of {@code tokens} expires within {@code window} (false without {@code exp}) */
  boolean expiresWithin(StoredTokens tokens, Duration window) {
    TokenExpiry known = lastExpiry;
    Instant exp;
    if (known != null && known.tokens == tokens) {
      exp = known.expiresAt;
    } else {
      exp = tokens.claims().flatMap(TokenClaims::expiresAt).orElse(null);
      lastExpiry = new TokenExpiry(tokens, exp);
    }
    return exp != null && !exp.isAfter(clock.instant().plus(window));
  }

  private void write(StoredTokens tokens) {
    current = tokens;
    store.save(tokens);
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
