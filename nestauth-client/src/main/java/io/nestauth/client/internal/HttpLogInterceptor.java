package io.nestauth.client.internal;

import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Logs each exchange at DEBUG (method, path, status, time, headers); bodies are never logged and
 * credential headers are redacted. Costs nothing when DEBUG is off.
 */
public final class HttpLogInterceptor implements Interceptor {
  private static final Log LOG = Log.get(HttpLogInterceptor.class);
  /** Headers whose value is a credential. */
  public static final Set<String> REDACTED = Set.of("authorization", "nest_auth_device_trust", "cookie",
      "set-cookie", "proxy-authorization", "x-csrf-token");

  /** Further credential headers, e.g. a CSRF header under the name the server chose. */
  private final Predicate<String> alsoRedacted;

  public HttpLogInterceptor() {
    this(name -> false);
  }

  /** @param alsoRedacted header names whose values are credentials too */
  public HttpLogInterceptor(Predicate<String> alsoRedacted) {
    this.alsoRedacted = alsoRedacted;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!LOG.isDebugEnabled()) {
      return chain.proceed(chain.request());
    }
    Request request = chain.request();
    long start = System.nanoTime();
    LOG.debug(() -> "--> " + request.method() + " " + request.url().encodedPath() + " "
        + redact(request.headers(), alsoRedacted));
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      LOG.debug(() -> "<-- " + request.method() + " " + request.url().encodedPath() + " failed: "
          + e.getClass().getSimpleName());
      throw e;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.debug(() -> "<-- " + response.code() + " " + request.method() + " " + request.url().encodedPath()
        + " (" + millis + " ms) " + redact(response.headers(), alsoRedacted));
    return response;
  }

  /** @return the headers as text with credential values replaced by ██ */
  public static String redact(Headers headers) {
    return redact(headers, name -> false);
  }

  private static String redact(Headers headers, Predicate<String> alsoRedacted) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < headers.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      String name = headers.name(i);
      text.append(name).append('=')
          .append(REDACTED.contains(name.toLowerCase(Locale.ROOT)) || alsoRedacted.test(name) ? "██" : headers.value(i));
    }
    return text.append('}').toString();
  }
}
