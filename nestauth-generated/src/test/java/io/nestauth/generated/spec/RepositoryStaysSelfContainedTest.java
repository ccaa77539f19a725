package io.nestauth.generated.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing in the repository may send readers to notes that only exist next to a developer's
 * checkout (a sibling folder of the repository, holding notes on the wire protocol and on the
 * build tools): a user who clones the repository does not have them. What the SDK relies on about
 * the server is in spec/SERVER-BEHAVIOUR.md, so references go there.
 *
 * <p>Walks every file from the project root (build output, node_modules and .git skipped) and
 * lists each line that refers to those notes.
 */
class RepositoryStaysSelfContainedTest {
  /** Directories never scanned: build output, installed packages, git's own data. */
  private static final Set<String> SKIPPED_DIRECTORIES = Set.of(
      "target", "node_modules", ".git",
      // the reference backend's TypeScript build output (git-ignored; stale until rebuilt)
      "dist");

  /*
   * The references looked for (compared in lower case): the sibling folder and its two notes files,
   * by name. Spelled in pieces so that this file does not match its own search, nor a plain grep.
   */
  private static final List<String> FORBIDDEN = List.of(
      ".." + "/shared", "shared" + "/wire", "wire" + ".md", "tool" + "chain.md");

  private static final int MAX_SHOWN_CHARS = 160;

  @Test
  void noFileRefersToNotesOutsideTheRepository() throws IOException {
    Path root = projectRoot();
    assertThat(root.resolve("spec/SERVER-BEHAVIOUR.md")).as("the document references should point to").isRegularFile();

    List<String> offending = new ArrayList<>();
    int[] scanned = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        Path name = dir.getFileName();
        boolean skip = !dir.equals(root) && name != null && SKIPPED_DIRECTORIES.contains(name.toString());
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          scanned[0]++;
          collect(root, file, offending);
        }
        return FileVisitResult.CONTINUE;
      }
    });

    assertThat(scanned[0]).as("files scanned under " + root).isGreaterThan(50);
    if (!offending.isEmpty()) {
      fail(offending.size() + " line(s) refer to notes that are not in the repository; point them to a"
          + " section of spec/SERVER-BEHAVIOUR.md or drop them:\n  " + String.join("\n  ", offending));
    }
  }

  private static void collect(Path root, Path file, List<String> offending) throws IOException {
    // Bytes that are not UTF-8 become U+FFFD: binary files are scanned too, harmlessly.
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    if (!refersToNotes(text)) {
      return;
    }
    String relative = root.relativize(file).toString().replace('\\', '/');
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (refersToNotes(lines[i])) {
        String line = lines[i].strip();
        if (line.length() > MAX_SHOWN_CHARS) {
          line = line.substring(0, MAX_SHOWN_CHARS) + "…";
        }
        offending.add(relative + ":" + (i + 1) + ": " + line);
      }
    }
  }

  private static boolean refersToNotes(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return FORBIDDEN.stream().anyMatch(lower::contains);
  }

  /**
   * The project root: from this module's directory upwards, the first directory that holds
   * {@code spec/} and either {@code .git} (a directory, or a file in a git worktree) or the
   * aggregating root pom.
   */
  private static Path projectRoot() throws IOException {
    String basedir = System.getProperty("basedir");
    Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      boolean repositoryOrBuildRoot = Files.exists(dir.resolve(".git")) || isRootPom(dir.resolve("pom.xml"));
      if (Files.isDirectory(dir.resolve("spec")) && repositoryOrBuildRoot) {
        return dir;
      }
    }
    throw new IllegalStateException("no project root (a directory with spec/ and .git or the root pom) above " + start);
  }

  private static boolean isRootPom(Path pom) throws IOException {
    return Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).contains("<modules>");
  }
}
