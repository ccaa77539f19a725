package io.nestauth.store.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README shows the table's SQL as the jar ships it. */
class ReadmeTest {
  @Test
  void theReadmesSqlBlockIsTheShippedSchema() throws IOException {
    List<String> readme = Files.readAllLines(Path.of(System.getProperty("user.dir"), "README.md"),
        StandardCharsets.UTF_8);
    int marker = readme.indexOf("<!-- schema.sql -->");
    assertThat(marker).as("the marker before the SQL block").isNotNegative();
    assertThat(readme.get(marker + 1)).isEqualTo("```sql");
    int close = readme.subList(marker + 2, readme.size()).indexOf("```") + marker + 2;

    String shipped;
    try (InputStream in = Statements.class.getResourceAsStream(Statements.SCHEMA_RESOURCE)) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(String.join("\n", readme.subList(marker + 2, close)) + "\n").isEqualTo(shipped);
  }
}
