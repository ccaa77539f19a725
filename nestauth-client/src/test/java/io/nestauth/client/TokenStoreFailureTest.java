package io.nestauth.client;

import io.nestauth.testfixtures.TestUser;
import io.nestauth.testfixtures.TestJwts;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.MockResponses.invalidToken;
import static io.nestauth.testfixtures.ServerAnswers.tokensBody;
import static io.nestauth.testfixtures.TestUser.PASSWORD;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.TokenStoreException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A token store that cannot write: the operation that would have changed the session fails with
 * {@link TokenStoreException} (a {@link NestAuthException}), and the client's state stays what the
 * store holds (saved first, held only once saved). On the async path the future fails; nothing
 * escapes onto OkHttp's dispatcher threads.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TokenStoreFailureTest extends ClientTestSupport {
  static final String TRUST = "GWE4YvVcy6CSNmYytfy5GSkGjuhqpPbZhEj8oN1_X6s";

  @TempDir
  Path dir;

  /** An in-memory store whose saves fail once {@link #failSaves} is set (a full disk, a revoked keychain). */
  static final class BreakingStore implements TokenStore {
    final InMemoryTokenStore kept = new InMemoryTokenStore();
    volatile boolean failSaves;

    @Override
    public Optional<StoredTokens> load() {
      return kept.load();
    }

    @Override
    public void save(StoredTokens tokens) {
      if (failSaves) {
        throw new UncheckedIOException(new IOException("No space left on device"));
      }
      kept.save(tokens);
    }

    @Override
    public void clear() {
      kept.clear();
    }
  }

  final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  Thread.UncaughtExceptionHandler previousHandler;
  OkHttpClient http;

  @BeforeEach
  void watchUncaught() {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    http = new OkHttpClient();
  }

  @AfterEach
  void restoreHandler() {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private NestAuthClient clientOver(TokenStore tokenStore) {
    client.close();
    client = NestAuthClient.builder().baseUrl(baseUrl()).tokenStore(tokenStore).httpClient(http)
        .listener(events::add).build();
    return client;
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      Object result = future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded: " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private void assertNothingEscapedOntoOkHttpThreads() throws InterruptedException {
    // the future completes on a dispatcher thread just before that call leaves the dispatcher
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (http.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(http.dispatcher().runningCallsCount()).isZero();
    assertThat(uncaught).as("exceptions thrown on OkHttp's threads").isEmpty();
  }

  // ------------------------------------------------------------------ a login that cannot be saved

  @Test
  void loginWhoseTokensCannotBeSavedFailsAndLeavesTheClientSignedOut() {
    BreakingStore broken = new BreakingStore();
    broken.save(StoredTokens.signedOut(TRUST));
    broken.failSaves = true;
    NestAuthClient client = clientOver(broken);
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute());

    assertThat(thrown).isInstanceOf(TokenStoreException.class).isInstanceOf(NestAuthException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.isMfaPending()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(client.isDeviceTrusted()).isTrue();
    assertThat(broken.load()).as("the store is unchanged").contains(StoredTokens.signedOut(TRUST));
    assertThat(events).as("no SIGNED_IN for tokens that were not kept").isEmpty();
  }

  @Test
  void asyncLoginWhoseTokensCannotBeSavedFailsTheFutureAndLeavesTheClientSignedOut() throws Exception {
    BreakingStore broken = new BreakingStore();
    broken.failSaves = true;
    NestAuthClient client = clientOver(broken);
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful")));

    Throwable thrown = failureOf(client.loginWithEmail(TestUser.EMAIL, PASSWORD).executeAsync());

    assertThat(thrown).isInstanceOf(TokenStoreException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(broken.load()).isEmpty();
    assertThat(events).isEmpty();
    assertNothingEscapedOntoOkHttpThreads();
  }

  @Test
  void loginIntoAFileStoreWhosePathIsAFolderFailsAndLeavesTheClientSignedOut() throws IOException {
    Path folder = dir.resolve("session.json");
    Files.createDirectories(folder);
    FileTokenStore fileStore = new FileTokenStore(folder);
    NestAuthClient client = clientOver(fileStore);
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Login successful")));

    Throwable thrown = catchThrowable(() -> client.loginWithEmail(TestUser.EMAIL, PASSWORD).execute());

    assertThat(thrown).isInstanceOf(TokenStoreException.class).isInstanceOf(NestAuthException.class);
    assertThat(client.isAuthenticated()).isFalse();
    assertThat(client.accessToken()).isEmpty();
    assertThat(folder).isDirectory().isEmptyDirectory();
    assertThat(fileStore.load()).isEmpty();
    assertThat(events).isEmpty();
  }

  // ------------------------------------------------------------------ a refresh that cannot be saved

  @Test
  void asyncCallWhoseRefreshCannotBeSavedFailsTheFutureAndKeepsTheOldSession() throws Exception {
    String oldAccess = TestJwts.access().expired().build();
    String oldRefresh = TestJwts.refreshToken();
    BreakingStore broken = new BreakingStore();
    broken.save(new StoredTokens(oldAccess, oldRefresh, false, null));
    NestAuthClient client = clientOver(broken);
    broken.failSaves = true;
    server.enqueue(invalidToken());
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Token refreshed successfully")));

    Throwable thrown = failureOf(client.getSessionUserData().executeAsync());

    assertThat(thrown).isInstanceOf(TokenStoreException.class);
    assertKept(client, oldAccess, oldRefresh, broken);
    assertThat(server.getRequestCount()).as("the read is not retried with tokens that were not kept").isEqualTo(2);
    assertNothingEscapedOntoOkHttpThreads();
  }

  @Test
  void asyncCallWhoseRefreshCannotBeSavedToAFileThatBecameAFolderKeepsTheOldSession() throws Exception {
    String oldAccess = TestJwts.access().expired().build();
    String oldRefresh = TestJwts.refreshToken();
    Path file = dir.resolve("session.json");
    FileTokenStore fileStore = new FileTokenStore(file);
    fileStore.save(new StoredTokens(oldAccess, oldRefresh, false, null));
    NestAuthClient client = clientOver(fileStore);
    Files.delete(file);
    Files.createDirectories(file);
    server.enqueue(invalidToken());
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Token refreshed successfully")));

    Throwable thrown = failureOf(client.getSessionUserData().executeAsync());

    assertThat(thrown).isInstanceOf(TokenStoreException.class);
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).as("the session held is the old one, not the unsaved refresh").contains(oldAccess);
    assertThat(file).isDirectory().isEmptyDirectory();
    assertThat(events).isEmpty();
    assertNothingEscapedOntoOkHttpThreads();
  }

  @Test
  void blockingCallWhoseRefreshCannotBeSavedFailsAndKeepsTheOldSession() {
    String oldAccess = TestJwts.access().expired().build();
    String oldRefresh = TestJwts.refreshToken();
    BreakingStore broken = new BreakingStore();
    broken.save(new StoredTokens(oldAccess, oldRefresh, false, null));
    NestAuthClient client = clientOver(broken);
    broken.failSaves = true;
    server.enqueue(invalidToken());
    server.enqueue(ok(tokensBody(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, "Token refreshed successfully")));

    Throwable thrown = catchThrowable(() -> client.getSessionUserData().execute());

    assertThat(thrown).isInstanceOf(TokenStoreException.class);
    assertKept(client, oldAccess, oldRefresh, broken);
  }

  private void assertKept(NestAuthClient client, String oldAccess, String oldRefresh, BreakingStore broken) {
    assertThat(client.isAuthenticated()).isTrue();
    assertThat(client.accessToken()).as("the session held is the old one, not the unsaved refresh").contains(oldAccess);
    assertThat(broken.load()).contains(new StoredTokens(oldAccess, oldRefresh, false, null));
    assertThat(events).as("no TOKEN_REFRESHED for tokens that were not kept").isEmpty();
  }
}
