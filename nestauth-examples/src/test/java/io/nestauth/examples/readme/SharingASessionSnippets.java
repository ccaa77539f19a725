package io.nestauth.examples.readme;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import io.nestauth.store.jdbc.JdbcTokenStores;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/** README: Sharing a session. */
final class SharingASessionSnippets {
  private SharingASessionSnippets() {
  }

  static NestAuthClient sameFileInEveryProcess(String baseUrl) {
    // tag::shared-file[]
    // every process of the app (two windows, a CLI run twice, a job beside the app) opens the same file:
    // their refreshes take turns through a lock file beside it, and each adopts the others' tokens
    Path session = Path.of(System.getProperty("user.home"), ".my-app", "session.json");
    NestAuthClient auth = NestAuthClient.builder()
        .baseUrl(baseUrl)
        .tokenStore(new FileTokenStore(session))
        .build();
    // end::shared-file[]
    return auth;
  }

  // tag::many-sessions[]
  /**
   * A server-side app's sessions at Nest Auth, one per end user, kept in the app's database and
   * keyed by the app's own session id: every instance of the app reaches them, and a refresh happens
   * once across the fleet. All clients share the base client's OkHttpClient (one connection pool).
   */
  static final class UserSessions implements AutoCloseable {
    private final NestAuthClient base;
    private final JdbcTokenStores stores;
    private final ConcurrentMap<String, NestAuthClient> clients = new ConcurrentHashMap<>();

    UserSessions(String nestAuthBaseUrl, DataSource database) {
      this.base = NestAuthClient.builder().baseUrl(nestAuthBaseUrl).build();
      this.stores = JdbcTokenStores.builder(database).build();
      stores.createTableIfMissing(); // or put JdbcTokenStores.schemaSql() into your migrations
    }

    /** The client of one end user's session; cheap, made on first use. */
    NestAuthClient of(String appSessionId) {
      return clients.computeIfAbsent(appSessionId,
          id -> base.newBuilder().tokenStore(stores.forKey(id)).build());
    }

    /** A request of that user: the token is attached, and refreshed when it expires. */
    SessionUser currentUser(String appSessionId) {
      return of(appSessionId).getSessionUserData().execute();
    }

    @Override
    public void close() {
      clients.values().forEach(NestAuthClient::close);
      base.close();
    }
  }
  // end::many-sessions[]
}
