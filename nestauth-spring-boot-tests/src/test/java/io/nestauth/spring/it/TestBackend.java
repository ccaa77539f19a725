package io.nestauth.spring.it;

import io.nestauth.testbackend.ReferenceBackend;
import java.time.Duration;
import java.util.Map;

/**
 * The one reference backend of a test run, started on first use and stopped by its shutdown hook
 * when the JVM ends. Its secret is the tests' own, so that the application is configured with it.
 */
final class TestBackend {
  /** The server's {@code jwt.secret} in these tests, and the resource server's. */
  static final String JWT_SECRET = "nestauth-spring-boot-tests-jwt-secret-0123456789";
  /**
   * Access tokens live this long, so that a test can wait for one to expire; long enough for a
   * test to use a fresh token on a busy machine.
   */
  static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(6);

  private static ReferenceBackend backend;

  private TestBackend() {
  }

  static synchronized ReferenceBackend get() {
    if (backend == null) {
      backend = ReferenceBackend.start(Map.of("JWT_SECRET", JWT_SECRET,
          "ACCESS_TOKEN_TTL", ACCESS_TOKEN_TTL.toSeconds() + "s"));
    }
    return backend;
  }
}
