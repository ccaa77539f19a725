package io.nestauth.generated.drift;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the drift check against the upstream package's own published document (test data copied
 * from the npm package @ackplus/nest-auth 2.11.1), which differs from the real server in known ways.
 */
class SpecDriftTest {
  private static final String SPEC = "../spec/nest-auth.openapi.yaml";
  private static final String UPSTREAM = "src/test/resources/upstream/nest-auth-2.11.1.json";

  @Test
  void reportsTheKnownDifferencesOfTheUpstreamDocument() {
    SpecDrift.Report report = SpecDrift.compare(SPEC, UPSTREAM);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SpecDrift.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);

    assertThat(report.breaking()).isTrue();
    // upstream documents mfa/reset-totp without the {code} body the server reads
    assertThat(report.breakingChanges()).anyMatch(line -> line.contains("POST /auth/mfa/reset-totp: request body"));
    // ... and /auth/me without a response schema
    assertThat(report.breakingChanges()).anyMatch(line -> line.contains("GET /auth/me: responses"));
    // the admin console API is upstream-only: not part of the end-user SDK
    assertThat(report.otherChanges()).anyMatch(line -> line.startsWith("only in the backend: ") && line.contains("/auth/admin"));
    assertThat(text).contains("RESULT: " + (report.breaking() ? "BREAKING" : "compatible"));
  }

  @Test
  void theSpecComparedWithItselfHasNoBreakingDifference() {
    SpecDrift.Report report = SpecDrift.compare(SPEC, SPEC);
    assertThat(report.breaking()).isFalse();
    assertThat(report.breakingChanges()).isEmpty();
  }
}
