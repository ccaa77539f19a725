package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.RetryPolicy;
import okhttp3.OkHttpClient;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** README: Configuration. */
final class ConfigurationSnippets {
  private ConfigurationSnippets() {
  }

  static List<NestAuthClient> configure(OkHttpClient appHttpClient) {
    // tag::configuration[]
    OkHttpClient http = appHttpClient.newBuilder()    // shares your app's connection pool and threads
        .connectTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(20))
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.example.com", 3128)))
        .build();

    NestAuthClient auth = NestAuthClient.builder()
        .baseUrl("https://api.example.com/api")
        .httpClient(http)
        .userAgentSuffix("my-app/1.4")                 // User-Agent: nestauth-java/<version> my-app/1.4
        .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(200), Duration.ofSeconds(5)))
        .proactiveRefreshSkew(Duration.ofSeconds(30))  // refresh ahead of expiry, not after a 401
        .maxResponseBytes(256 * 1024)                  // the default is 1 MiB
        .build();

    // a second client with other settings, sharing the first one's connections and session
    NestAuthClient noRetries = auth.newBuilder().retryPolicy(RetryPolicy.none()).build();
    // end::configuration[]
    return List.of(auth, noRetries);
  }

  static NestAuthClient insecureHttp() {
    // tag::insecure-http[]
    NestAuthClient dev = NestAuthClient.builder()
        .baseUrl("http://auth.dev.internal:3000/api")
        .allowInsecureHttp(true)                       // passwords and tokens then travel unencrypted
        .build();
    // end::insecure-http[]
    return dev;
  }

  // tag::debug-logging[]
  // java.util.logging holds loggers weakly: keep a reference for the configuration to last
  static final Logger NESTAUTH_LOG = Logger.getLogger("io.nestauth");

  static void enableDebugLogging() {
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.FINE);
    NESTAUTH_LOG.addHandler(console);
    NESTAUTH_LOG.setLevel(Level.FINE);                 // System.Logger's DEBUG is FINE here
  }
  // end::debug-logging[]
}
