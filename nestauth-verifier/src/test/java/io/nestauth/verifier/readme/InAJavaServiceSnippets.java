package io.nestauth.verifier.readme;

import io.nestauth.verifier.NestAuthPrincipal;
import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.RemoteSessionCheck;
import io.nestauth.verifier.TokenVerificationException;

/**
 * The "In a Java service" section's example, compiled. Written for the README snippet checker of
 * nestauth-examples (tag comments, imports taken from this file): when the section goes into
 * README.md, this file moves to nestauth-examples/src/test/java/io/nestauth/examples/readme/.
 * Until then {@code ReadmeSectionTest} keeps nestauth-verifier/README.md equal to it. Compiled,
 * not run (it reads the secret from the environment and asks a server).
 */
final class InAJavaServiceSnippets {
  /** What the service does for a verified user. */
  interface Orders {
    String listFor(String userId, String tenantId);
  }

  private final Orders orders;
  private int status;
  private String body = "";

  InAJavaServiceSnippets(Orders orders) {
    this.orders = orders;
  }

  void respond(int status, String body) {
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  void handle(String bearerToken) {
    // tag::verify-access-token[]
    RemoteSessionCheck sessionCheck = RemoteSessionCheck.builder("https://api.example.com/api").build();
    NestAuthTokenVerifier verifier = NestAuthTokenVerifier.builder()  // once, at start-up; thread-safe
        .secret(System.getenv("NEST_AUTH_JWT_SECRET"))                // the server's session.jwt.secret
        .remoteCheck(sessionCheck)                                    // optional: also sees logouts
        .build();

    try {
      NestAuthPrincipal user = verifier.verify(bearerToken);          // the header's value after "Bearer "
      respond(200, orders.listFor(user.userId(), user.tenantId().orElse(null)));
    } catch (TokenVerificationException e) {
      respond(e.isTokenRejected() ? 401 : 503, e.reason().name());    // 503: the server could not be asked
    }
    // end::verify-access-token[]
  }
}
