package io.nestauth.client;

import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.invoker.ApiClient;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A path parameter is one segment of {@code /auth/callback/{provider}}, whatever its value: OkHttp
 * resolves {@code .} and {@code ..} segments (which would send the request to another path), so both
 * the SDK and the generated transport refuse them before anything is sent, and a {@code /} is sent
 * percent-encoded inside the one segment.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PathParameterBoundaryTest extends ClientTestSupport {
  private static MockResponse page() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
        .body("<html>callback</html>").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "."})
  void dotSegmentsAreRefusedWhenTheCallIsMadeBeforeAnythingIsSent(String provider) throws InterruptedException {
    server.enqueue(page());

    assertThatThrownBy(() -> client.getSocialCallbackPage(provider, "code-1", "state-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider");

    assertThat(sentPaths()).as("paths requested").isEmpty();
  }

  @Test
  void aSlashIsSentEncodedInsideTheOneSegment() {
    server.enqueue(page());

    String page = client.getSocialCallbackPage("a/b", "code-1", "state-1").execute();

    assertThat(page).isEqualTo("<html>callback</html>");
    RecordedRequest request = take();
    assertThat(path(request)).isEqualTo("/api/auth/callback/a%2Fb");
    assertThat(request.getUrl().queryParameter("code")).isEqualTo("code-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../..", "a/../../me", "%2e%2e", "..%2f..", "google"})
  void otherValuesStayInsideTheCallbackSegment(String provider) {
    server.enqueue(page());

    client.getSocialCallbackPage(provider, null, null).execute();

    String sent = path(take());
    assertThat(sent).startsWith("/api/auth/callback/");
    assertThat(sent.substring("/api/auth/callback/".length())).as("one segment").doesNotContain("/");
    assertThat(request0Decoded(sent)).isEqualTo(provider);
  }

  /** The paths of the requests the server received, in order. */
  private java.util.List<String> sentPaths() throws InterruptedException {
    java.util.List<String> paths = new java.util.ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
      if (request != null) {
        paths.add(request.getMethod() + " " + path(request));
      }
    }
    return paths;
  }

  private static String request0Decoded(String path) {
    return okhttp3.HttpUrl.get("http://h" + path).pathSegments().get(3);
  }

  /** The generated transport keeps its own guard, for callers that use it without the SDK. */
  @ParameterizedTest
  @ValueSource(strings = {"..", "."})
  void theGeneratedTransportRefusesDotSegmentsWithoutARequest(String provider) throws InterruptedException {
    server.enqueue(page());
    server.enqueue(page());
    OkHttpClient http = new OkHttpClient();
    try {
      AuthenticationApi api = new AuthenticationApi(new ApiClient(http, server.url("/api").toString(),
          ApiClient.defaultObjectMapper(), ApiClient.DEFAULT_MAX_RESPONSE_BYTES));

      Throwable blocking = catchThrowable(() -> api.getSocialCallbackPage(provider, "c", "s", null, null).execute());
      CompletableFuture<String> async = api.getSocialCallbackPage(provider, "c", "s", null, null).executeAsync();
      Throwable asyncFailure = catchThrowable(() -> async.get(5, TimeUnit.SECONDS));

      assertThat(sentPaths()).as("paths requested").isEmpty();
      assertThat(blocking).isInstanceOf(IllegalArgumentException.class);
      assertThat(asyncFailure).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
    } finally {
      BoundarySupport.shutdown(http);
    }
  }
}
