package io.nestauth.store.redis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md's example is the compiled and tested region of {@link ManySessions}, word for word. */
class ReadmeExampleTest {
  private static final Path MODULE = Path.of(System.getProperty("user.dir"));

  @Test
  void theReadmesExampleIsTheTestedCode() throws IOException {
    List<String> source = Files.readAllLines(MODULE.resolve("src/test/java/io/nestauth/store/redis/ManySessions.java"),
        StandardCharsets.UTF_8);
    List<String> region = source.subList(source.indexOf("  // tag::many-sessions[]") + 1,
        source.indexOf("  // end::many-sessions[]")).stream()
        .map(line -> line.isBlank() ? "" : line.substring(2)).collect(Collectors.toList());

    List<String> readme = Files.readAllLines(MODULE.resolve("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("<!-- example: many-sessions -->") + 2;
    List<String> block = readme.subList(start, start + readme.subList(start, readme.size()).indexOf("```"));

    assertThat(start).as("the marker in README.md").isGreaterThan(1);
    assertThat(Collections.indexOfSubList(block, region)).as("the region inside the README's block").isNotNegative();
  }
}
