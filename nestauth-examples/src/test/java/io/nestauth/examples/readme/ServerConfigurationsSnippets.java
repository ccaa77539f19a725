package io.nestauth.examples.readme;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.ServerCheck;

import java.io.PrintStream;

/** README: Server configurations. */
final class ServerConfigurationsSnippets {
  private ServerConfigurationsSnippets() {
  }

  static NestAuthClient routePrefix() {
    // tag::route-prefix[]
    NestAuthClient auth = NestAuthClient.builder()
        .baseUrl("https://api.example.com/api")        // including your app's global prefix
        .routePrefix("identity")                       // the server's routePrefix option (default auth)
        .build();
    // end::route-prefix[]
    return auth;
  }

  static boolean checkServer(NestAuthClient auth, PrintStream log) {
    // tag::check-server[]
    ServerCheck check = auth.checkServer().execute();   // reads only; creates nothing on the server
    if (!check.isCompatible()) {
      for (ServerCheck.Finding mismatch : check.mismatches()) {
        log.println(mismatch.topic().label() + ": " + mismatch.problem().orElse("") + " -> "
            + mismatch.fix().orElse(""));
      }
    }
    log.println(check);                                 // the whole report, as below
    // end::check-server[]
    return check.isCompatible();
  }
}
