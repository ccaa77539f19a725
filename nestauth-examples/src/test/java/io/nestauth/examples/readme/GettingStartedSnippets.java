package io.nestauth.examples.readme;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.NestAuthClient;

import java.nio.file.Path;

/** README: the client every other snippet uses. */
final class GettingStartedSnippets {
  private GettingStartedSnippets() {
  }

  static NestAuthClient createClient() {
    // tag::create-client[]
    NestAuthClient auth = NestAuthClient.builder()
        .baseUrl("https://api.example.com/api")        // including your app's global prefix
        .tokenStore(new FileTokenStore(Path.of("session.json")))
        .build();
    // end::create-client[]
    return auth;
  }
}
