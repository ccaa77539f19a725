package io.nestauth.store.redis;

import io.lettuce.core.RedisClient;
import io.nestauth.client.NestAuthClient;
import okhttp3.OkHttpClient;

/**
 * The README's example of a service holding a session for each of its users, compiled and run by
 * {@link ManySessionsTest}; README.md shows the region between the tags ({@link ReadmeExampleTest}).
 */
final class ManySessions implements AutoCloseable {
  // tag::many-sessions[]
  // once per service: one Redis connection and one OkHttpClient for every user's session
  private final RedisTokenStores stores;
  private final OkHttpClient http = new OkHttpClient();
  private final String baseUrl;

  ManySessions(RedisClient redis, String baseUrl) {
    this.stores = RedisTokenStores.builder(redis).build();
    this.baseUrl = baseUrl;
  }

  /** The client of one user, over that user's session in Redis; cheap, close it when done. */
  NestAuthClient clientFor(String userId) {
    return NestAuthClient.builder()
        .baseUrl(baseUrl)
        .httpClient(http)
        .tokenStore(stores.forKey(userId))
        .build();
  }

  @Override
  public void close() {
    stores.close(); // the connection it opened; the RedisClient stays the app's
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
  // end::many-sessions[]
}
