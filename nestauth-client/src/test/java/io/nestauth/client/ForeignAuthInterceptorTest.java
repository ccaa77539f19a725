package io.nestauth.client;

import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's OkHttpClient that carries one client's {@code authInterceptor()} (to call its own API) and
 * is then given to another client's builder: the other client's SDK calls run through that
 * interceptor first. They must carry their own session only: never the first client's token (to
 * another server, or as another user), not even when the calling client is signed out.
 */
class ForeignAuthInterceptorTest extends ClientTestSupport {
  private static final String USER_ID = "7f9c1f0e-3b52-4c4e-9a51-2f4d8f1e6a01";
  private final MockWebServer otherServer = new MockWebServer();
  private NestAuthClient other;
  private String othersToken;
  private OkHttpClient appHttp;

  @BeforeEach
  void signInTheOtherClient() throws IOException {
    otherServer.start();
    othersToken = TestJwts.access().userId("other-user").email("other@example.com").build();
    InMemoryTokenStore othersStore = new InMemoryTokenStore();
    othersStore.save(new StoredTokens(othersToken, TestJwts.refreshToken(), false, null));
    other = NestAuthClient.builder().baseUrl(otherServer.url("/api").toString()).tokenStore(othersStore).build();
    appHttp = new OkHttpClient.Builder().addInterceptor(other.authInterceptor()).build();
  }

  @AfterEach
  void stopTheOtherClient() {
    other.close();
    otherServer.close();
    appHttp.dispatcher().executorService().shutdown();
  }

  private static MockResponse me() {
    return MockResponses.ok("{\"id\":\"" + USER_ID + "\",\"email\":\"alice@example.com\"}");
  }

  private RecordedRequest takeFromThisServer() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  @Test
  void aSignedInClientSendsItsOwnTokenNotTheInterceptorsOfItsHttpClient() throws Exception {
    String ownToken = TestJwts.access().userId(USER_ID).email("alice@example.com").build();
    store.save(new StoredTokens(ownToken, TestJwts.refreshToken(), false, null));
    try (NestAuthClient client = builder().httpClient(appHttp).build()) {
      server.enqueue(me());
      client.getSessionUserData().execute();
    }
    RecordedRequest request = takeFromThisServer();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + ownToken);
    assertThat(String.valueOf(request.getHeaders().get("Cookie"))).doesNotContain(othersToken);
    assertThat(otherServer.getRequestCount()).isZero();
  }

  @Test
  void aPublicCallOfASignedOutClientCarriesNoTokenAtAll() throws Exception {
    try (NestAuthClient client = builder().httpClient(appHttp).build()) {
      server.enqueue(MockResponses.ok("{}"));
      client.getClientConfig().execute();
    }
    RecordedRequest request = takeFromThisServer();
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("Cookie")).isNull();
  }

  @Test
  void theServerCheckSendsNoTokenEvenThroughAWrappedInterceptor() throws Exception {
    OkHttpClient wrapped = new OkHttpClient.Builder()
        .addInterceptor(chain -> other.authInterceptor().intercept(chain)).build();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.endsWith("/client-config")) {
          return MockResponses.ok("{\"emailAuth\":{\"enabled\":true},\"registration\":{\"enabled\":true}}");
        }
        return path.endsWith("/me") ? MockResponses.json(401, ServerAnswers.noAuthBody())
            : MockResponses.json(404, ServerAnswers.notFoundBody(request.getMethod(), path));
      }
    });
    try (NestAuthClient client = builder().httpClient(wrapped).build()) {
      client.checkServer().execute();
    }
    List<RecordedRequest> sent = new ArrayList<>();
    for (RecordedRequest r; (r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      sent.add(r);
    }
    assertThat(sent).as("the check probed GET me").anySatisfy(r -> assertThat(r.getUrl().encodedPath()).endsWith("/me"));
    assertThat(sent).allSatisfy(r -> {
      assertThat(r.getHeaders().get("Authorization")).as(r.getUrl().toString()).isNull();
      assertThat(String.valueOf(r.getHeaders().get("Cookie"))).as(r.getUrl().toString()).doesNotContain(othersToken);
    });
    wrapped.dispatcher().executorService().shutdown();
  }
}
