package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import static io.nestauth.testfixtures.MockResponses.ok;
import static io.nestauth.testfixtures.ServerAnswers.sessionUserBody;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients made with {@code newBuilder()} share the OkHttpClient the first one made for itself: its
 * threads and connections are released when the LAST of them is closed, in whatever order. A child
 * keeps working, blocking and async, after its parent was closed; once both are closed every call
 * fails with {@link IllegalStateException} and the shared dispatcher is shut down.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DerivedClientCloseTest extends ClientTestSupport {
  NestAuthClient parent;
  NestAuthClient child;

  @BeforeEach
  void parentAndChild() {
    givenSession(TestJwts.verifiedAccess(), TestJwts.refreshToken());
    parent = client;
    child = parent.newBuilder().build();
  }

  @AfterEach
  void closeBoth() {
    child.close();
  }

  /** The OkHttpClient the SDK made for the parent (and shares with its children). */
  static OkHttpClient sharedHttpOf(NestAuthClient client) throws ReflectiveOperationException {
    Field core = NestAuthClient.class.getDeclaredField("core");
    core.setAccessible(true);
    return ((ClientCore) core.get(client)).http.httpClient;
  }

  private static SessionUser await(CompletableFuture<SessionUser> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aChildKeepsWorkingBlockingAndAsyncAfterItsParentIsClosed() throws Exception {
    OkHttpClient shared = sharedHttpOf(parent);
    assertThat(sharedHttpOf(child)).as("the child shares the parent's OkHttpClient").isSameAs(shared);
    server.enqueue(ok(sessionUserBody()));
    server.enqueue(ok(sessionUserBody()));

    parent.close();

    assertThat(child.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
    assertThat(await(child.getSessionUserData().executeAsync()).id()).isEqualTo(TestUser.USER_ID);
    assertThat(shared.dispatcher().executorService().isShutdown()).as("released while the child uses it").isFalse();
    assertThatThrownBy(() -> parent.getSessionUserData().execute()).isInstanceOf(IllegalStateException.class);

    child.close();

    assertThat(shared.dispatcher().executorService().isShutdown()).as("released by the last close").isTrue();
    assertThatThrownBy(() -> child.getSessionUserData().execute()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> await(child.getSessionUserData().executeAsync()))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> parent.getSessionUserData().executeAsync().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aParentKeepsWorkingAfterItsChildIsClosedAndClosingTwiceReleasesNothingEarly() throws Exception {
    OkHttpClient shared = sharedHttpOf(parent);
    NestAuthClient sibling = parent.newBuilder().build();
    server.enqueue(ok(sessionUserBody()));
    server.enqueue(ok(sessionUserBody()));

    child.close();
    child.close(); // idempotent: it must not count twice

    assertThat(parent.getSessionUserData().execute().id()).isEqualTo(TestUser.USER_ID);
    parent.close();
    assertThat(await(sibling.getSessionUserData().executeAsync()).id()).isEqualTo(TestUser.USER_ID);
    assertThat(shared.dispatcher().executorService().isShutdown()).as("the sibling still uses it").isFalse();

    sibling.close();

    assertThat(shared.dispatcher().executorService().isShutdown()).isTrue();
  }
}
