package io.nestauth.examples.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code ```java} block of README.md is a tagged region of a compiled source in this folder
 * or in nestauth-testkit's readme folder (whose example runs there against a real server),
 * character for character (up to indentation and trailing whitespace), and every region is shown;
 * nestauth-testkit/README.md likewise shows the testkit's regions. With
 * {@code -Dnestauth.readme.update=true} the READMEs' marked blocks are first rewritten from the
 * sources.
 */
class ReadmeSnippetsTest {
  private static final Path BASE_DIR = Path.of(System.getProperty("user.dir"));
  private static final Path README = Path.of(System.getProperty("nestauth.readme",
      BASE_DIR.resolve("../README.md").toString())).normalize();
  private static final Path SNIPPETS = Path.of(System.getProperty("nestauth.readme.snippets",
      BASE_DIR.resolve("src/test/java/io/nestauth/examples/readme").toString())).normalize();
  private static final Path TESTKIT_README = BASE_DIR.resolve("../nestauth-testkit/README.md").normalize();
  private static final Path TESTKIT_SNIPPETS =
      BASE_DIR.resolve("../nestauth-testkit/src/test/java/io/nestauth/testkit/readme").normalize();

  @Test
  void everyJavaBlockOfTheReadmeIsACompiledSnippet() throws IOException {
    checkReadme(README, ReadmeSnippetChecker.fromDirectories(List.of(SNIPPETS, TESTKIT_SNIPPETS)));
  }

  @Test
  void everyJavaBlockOfTheTestkitReadmeIsACompiledSnippet() throws IOException {
    checkReadme(TESTKIT_README, ReadmeSnippetChecker.fromDirectory(TESTKIT_SNIPPETS));
  }

  private static void checkReadme(Path file, ReadmeSnippetChecker checker) throws IOException {
    assertThat(checker.snippets()).as("snippets for " + file).isNotEmpty();
    String readme = Files.readString(file, StandardCharsets.UTF_8);

    if (Boolean.getBoolean(ReadmeSnippetChecker.UPDATE_PROPERTY)) {
      String updated = checker.update(readme);
      if (!updated.equals(readme)) {
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        readme = updated;
      }
    }

    List<String> problems = checker.check(readme);
    if (!problems.isEmpty()) {
      fail(problems.size() + " problem(s) between " + file + " and its snippets:\n\n"
          + String.join("\n\n", problems));
    }
  }

  // ------------------------------------------------------------------ the checker checks

  /** Test sources write {@code #tag::} for the tag comment, so this file defines no snippet itself. */
  private static ReadmeSnippetChecker checkerFor(String source) {
    return ReadmeSnippetChecker.fromSources(Map.of("Demo.java", source.replace("#tag::", "// tag::")
        .replace("#end::", "// end::")));
  }

  private static final String DEMO = String.join("\n",
      "class Demo {",
      "  void demo(NestAuthClient auth, String password) {",
      "    #tag::demo-login[]",
      "    AuthResponse login = auth.loginWithEmail(\"alice@example.com\", password).execute();   ",
      "    if (login.isRequiresMfa()) {",
      "      auth.sendMfaChallenge(MfaMethod.EMAIL).execute();",
      "    }",
      "    #end::demo-login[]",
      "  }",
      "}");

  private static String readme(String blockContent) {
    return String.join("\n",
        "# Demo",
        "",
        "<!-- snippet: demo-login -->",
        "```java",
        blockContent,
        "```",
        "",
        "```bash",
        "mvn verify",
        "```",
        "");
  }

  private static final String GOOD_BLOCK = String.join("\n",
      "AuthResponse login = auth.loginWithEmail(\"alice@example.com\", password).execute();",
      "if (login.isRequiresMfa()) {",
      "  auth.sendMfaChallenge(MfaMethod.EMAIL).execute();",
      "}");

  @Test
  void acceptsABlockEqualToItsSnippet() {
    assertThat(checkerFor(DEMO).check(readme(GOOD_BLOCK))).isEmpty();
    // trailing whitespace does not count
    assertThat(checkerFor(DEMO).check(readme(GOOD_BLOCK.replace("{", "{  ")))).isEmpty();
  }

  @Test
  void reportsABlockThatDiffersFromItsSnippet() {
    String stale = GOOD_BLOCK.replace("MfaMethod.EMAIL", "MfaMethod.SMS");

    List<String> problems = checkerFor(DEMO).check(readme(stale));

    assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
        .contains("README.md:4", "snippet `demo-login` differs", "Demo.java:3", "first difference at block line 3")
        .contains("expected (from the source)", "  auth.sendMfaChallenge(MfaMethod.EMAIL).execute();")
        .contains("actual (in README.md)", "  auth.sendMfaChallenge(MfaMethod.SMS).execute();")
        .contains("-Dnestauth.readme.update=true"));
  }

  @Test
  void reportsAChangedIndentation() {
    assertThat(checkerFor(DEMO).check(readme(GOOD_BLOCK.replace("  auth.", "    auth.")))).hasSize(1);
  }

  @Test
  void reportsAJavaBlockWithoutMarker() {
    String readme = readme(GOOD_BLOCK) + "\n```java\nauth.logout().execute();\n```\n";

    assertThat(checkerFor(DEMO).check(readme)).singleElement().asString()
        .contains("README.md:15", "has no `<!-- snippet: name -->` line", "auth.logout().execute();");
  }

  @Test
  void reportsAMarkerNamingNoSnippet() {
    String readme = readme(GOOD_BLOCK) + "\n<!-- snippet: demo-logout -->\n```java\nauth.logout().execute();\n```\n";

    assertThat(checkerFor(DEMO).check(readme)).singleElement().asString()
        .contains("snippet `demo-logout`, which no source defines", "known: demo-login");
  }

  @Test
  void reportsAMarkerWithoutJavaBlock() {
    String readme = readme(GOOD_BLOCK) + "\n<!-- snippet: demo-login -->\n\n```java\n" + GOOD_BLOCK + "\n```\n";

    assertThat(checkerFor(DEMO).check(readme)).hasSize(2).anySatisfy(problem -> assertThat(problem)
        .contains("marker for snippet `demo-login` is not followed directly by a ```java block"));
  }

  @Test
  void reportsASnippetTheReadmeDoesNotShow() {
    String twoSnippets = DEMO.replace("  }\n}", "  }\n  #tag::demo-unused[]\n  int unused;\n  #end::demo-unused[]\n}");

    assertThat(checkerFor(twoSnippets).check(readme(GOOD_BLOCK))).singleElement().asString()
        .contains("snippet `demo-unused` is not used by README.md");
  }

  @Test
  void reportsBrokenTags() {
    assertThat(checkerFor("#tag::open[]\nint a;\n").check("")).singleElement().asString()
        .contains("snippet `open` has no end::open[]");
    assertThat(checkerFor("#tag::a[]\n#tag::b[]\n#end::b[]\n#end::a[]\n").check("")).isNotEmpty();
    assertThat(checkerFor("#tag::Bad_Name[]\n#end::Bad_Name[]\n").check("")).isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).contains("lowercase words joined by dashes"));
    assertThat(checkerFor("#tag::a[] int a;\n#end::a[]\n").check("")).anySatisfy(problem ->
        assertThat(problem).contains("malformed tag line"));
    assertThat(ReadmeSnippetChecker.fromSources(Map.of(
            "A.java", "// tag::same[]\nint a;\n// end::same[]\n",
            "B.java", "// tag::same[]\nint b;\n// end::same[]\n"))
        .check("<!-- snippet: same -->\n```java\nint a;\n```\n"))
        .singleElement().asString().contains("snippet `same` is already defined at A.java:1");
  }

  /** DEMO with imports: two used by the region, one used outside it, one named only in a comment and a string. */
  private static final String DEMO_WITH_IMPORTS = String.join("\n",
      "package demo;",
      "",
      "import io.nestauth.client.AuthResponse;",
      "import io.nestauth.client.MfaMethod;",
      "import io.nestauth.client.NestAuthClient;",
      "import io.nestauth.client.SessionUser;",
      "",
      "import java.time.Duration;",
      "import java.util.List;",
      "",
      "import static java.util.Objects.requireNonNull;",
      "",
      "class Demo {",
      "  List<Object> demo(NestAuthClient auth, String password) {",
      "    #tag::demo-login[]",
      "    AuthResponse login = auth.loginWithEmail(\"SessionUser@example.com\", password).execute();",
      "    if (login.isRequiresMfa()) {   // a SessionUser only after MFA",
      "      auth.sendMfaChallenge(MfaMethod.EMAIL).execute();",
      "    }",
      "    Duration wait = requireNonNull(Duration.ZERO);",
      "    #end::demo-login[]",
      "    return List.of(login, wait);",
      "  }",
      "}");

  @Test
  void aSnippetShowsTheImportsItsRegionUses() {
    ReadmeSnippetChecker checker = checkerFor(DEMO_WITH_IMPORTS);

    assertThat(checker.snippets().get("demo-login").lines()).containsExactly(
        "import io.nestauth.client.AuthResponse;",
        "import io.nestauth.client.MfaMethod;",
        "",
        "import java.time.Duration;",
        "",
        "import static java.util.Objects.requireNonNull;",
        "",
        "AuthResponse login = auth.loginWithEmail(\"SessionUser@example.com\", password).execute();",
        "if (login.isRequiresMfa()) {   // a SessionUser only after MFA",
        "  auth.sendMfaChallenge(MfaMethod.EMAIL).execute();",
        "}",
        "Duration wait = requireNonNull(Duration.ZERO);");
    // a README block without the imports is stale
    String withoutImports = String.join("\n", checker.snippets().get("demo-login").lines().subList(7, 12));
    assertThat(checker.check(readme(withoutImports))).singleElement().asString()
        .contains("snippet `demo-login` differs", "first difference at block line 1");
    assertThat(checker.check(checker.update(readme(withoutImports)))).isEmpty();
  }

  @Test
  void reportsAWildcardImport() {
    assertThat(checkerFor("import java.util.*;\n\nclass A {\n}\n").check("")).singleElement().asString()
        .contains("Demo.java:1", "wildcard import `import java.util.*;`");
  }

  @Test
  void updateRewritesMarkedJavaBlocksOnly() {
    String stale = readme("AuthResponse login = auth.loginWithEmail(email, password).execute();") + "\n```java\nint free;\n```\n";

    String updated = checkerFor(DEMO).update(stale);

    assertThat(updated).isEqualTo(readme(GOOD_BLOCK) + "\n```java\nint free;\n```\n");
    assertThat(checkerFor(DEMO).check(updated)).singleElement().asString().contains("has no `<!-- snippet");
    assertThat(checkerFor(DEMO).update(updated)).isEqualTo(updated);
  }
}
