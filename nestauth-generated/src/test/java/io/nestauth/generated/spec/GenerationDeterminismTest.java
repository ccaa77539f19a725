package io.nestauth.generated.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build generates the code twice (executions generate-nestauth and generate-nestauth-twin):
 * the two trees must be byte-identical, so regeneration from the same spec never shows a diff.
 */
class GenerationDeterminismTest {
  private static final Path FIRST = Path.of("target/generated-sources/openapi");
  private static final Path SECOND = Path.of("target/generated-twin");

  @Test
  void twoGenerationsAreByteIdentical() throws IOException {
    List<Path> first = files(FIRST);
    List<Path> second = files(SECOND);
    assertThat(first).as("generated files").isNotEmpty().isEqualTo(second);
    for (Path relative : first) {
      assertThat(Files.readAllBytes(SECOND.resolve(relative))).as(relative.toString())
          .isEqualTo(Files.readAllBytes(FIRST.resolve(relative)));
    }
  }

  @Test
  void noGenerationTimestampOrMachinePathLeaksIn() throws IOException {
    for (Path relative : files(FIRST)) {
      String text = Files.readString(FIRST.resolve(relative));
      assertThat(text).as(relative.toString()).doesNotContain("date = \"").doesNotContain(System.getProperty("user.dir"));
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      // the plugin's own up-to-date marker is named after the execution: not generated code
      return walk.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".sha256"))
          .map(root::relativize).sorted().collect(Collectors.toList());
    }
  }
}
