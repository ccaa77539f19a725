package io.nestauth.verifier.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java block of nestauth-verifier/README.md under {@code <!-- snippet: verify-access-token -->} is
 * the tagged region of {@link InAJavaServiceSnippets}, preceded by that file's imports, as
 * nestauth-examples' ReadmeSnippetsTest will demand once the section is in the top-level README.
 */
class ReadmeSectionTest {
  private static final String NAME = "verify-access-token";
  private static final Path MODULE = Path.of(System.getProperty("user.dir"));

  @Test
  void theReadmesJavaBlockIsTheCompiledSnippet() throws IOException {
    List<String> source = Files.readAllLines(
        MODULE.resolve("src/test/java/io/nestauth/verifier/readme/InAJavaServiceSnippets.java"), StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    source.stream().filter(line -> line.startsWith("import ")).forEach(expected::add);
    expected.add("");
    expected.addAll(region(source));

    List<String> readme = Files.readAllLines(MODULE.resolve("README.md"), StandardCharsets.UTF_8);
    int marker = readme.indexOf("<!-- snippet: " + NAME + " -->");
    assertThat(marker).as("snippet marker in README.md").isNotNegative();
    assertThat(readme.get(marker + 1)).isEqualTo("```java");
    int close = readme.subList(marker + 2, readme.size()).indexOf("```") + marker + 2;
    List<String> block = readme.subList(marker + 2, close).stream().map(String::stripTrailing).toList();

    assertThat(block).containsExactlyElementsOf(expected);
  }

  /** The lines between the tag comments, without their common indentation. */
  private static List<String> region(List<String> source) {
    int start = source.indexOf(source.stream().filter(l -> l.strip().equals("// tag::" + NAME + "[]")).findFirst()
        .orElseThrow()) + 1;
    int end = source.indexOf(source.stream().filter(l -> l.strip().equals("// end::" + NAME + "[]")).findFirst()
        .orElseThrow());
    List<String> lines = source.subList(start, end);
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
        .orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
  }
}
