package io.nestauth.examples.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the Java blocks of README.md equal to tagged regions of compiled sources.
 *
 * <p>A region of a source file starts after a line holding only the line comment {@code tag::NAME[]}
 * and ends before one holding {@code end::NAME[]}; its text is the lines in between with their
 * common indentation removed. A snippet shows its imports: its text starts with the import lines of
 * its source file that the region uses (a type or static member named in its code, outside comments
 * and literals), in the file's order and groups, followed by an empty line. In the README, the line
 * right before a {@code ```java} fence is {@code <!-- snippet: NAME -->}, and the block holds exactly
 * that text (trailing whitespace ignored). {@link #check} lists every way the two disagree;
 * {@link #update} rewrites the README's marked blocks from the sources.
 */
final class ReadmeSnippetChecker {
  static final String UPDATE_PROPERTY = "nestauth.readme.update";
  static final String HOW_TO_FIX = "Edit the snippet in the source (it is compiled), then copy it into README.md, "
      + "or let the test do it: mvn -pl nestauth-examples -am test -Dtest='ReadmeSnippets*' "
      + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern TAG_LINE = Pattern.compile("^\\s*//\\s*(tag|end)::(.*)\\[\\]\\s*$");
  private static final Pattern ANY_TAG_MENTION = Pattern.compile("^\\s*//\\s*(tag|end)::");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S*)\\s*-->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;\\s*$");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  /** Comments, string and character literals: what the import lookup leaves out of a region's code. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

  /** A tagged region of a source file; {@code lines} are what the README shows: its imports, then the region. */
  record Snippet(String name, String source, int line, List<String> lines) {
    String text() {
      return String.join("\n", lines);
    }
  }

  /** An import line of a source file: the name it brings in, and which blank-line-separated group it is in. */
  private record Import(String line, String name, int group) {
  }

  /** A fenced block of the README: its fence lines (0-based) and language. */
  private record Block(int open, int close, String indent, String language, String marker) {
  }

  private final Map<String, Snippet> snippets;
  private final List<String> sourceProblems;

  private ReadmeSnippetChecker(Map<String, Snippet> snippets, List<String> sourceProblems) {
    this.snippets = snippets;
    this.sourceProblems = sourceProblems;
  }

  /** @param sources the text of each source file, by a name used in messages */
  static ReadmeSnippetChecker fromSources(Map<String, String> sources) {
    Map<String, Snippet> snippets = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    new TreeMap<>(sources).forEach((file, text) -> collect(file, text, snippets, problems));
    return new ReadmeSnippetChecker(snippets, problems);
  }

  /** Reads every {@code .java} file of a folder (not its subfolders). */
  static ReadmeSnippetChecker fromDirectory(Path directory) throws IOException {
    return fromDirectories(List.of(directory));
  }

  /** Reads every {@code .java} file of these folders (not their subfolders). */
  static ReadmeSnippetChecker fromDirectories(List<Path> directories) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    for (Path directory : directories) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".java")).collect(Collectors.toList())) {
          sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    return fromSources(sources);
  }

  Map<String, Snippet> snippets() {
    return snippets;
  }

  private static void collect(String file, String text, Map<String, Snippet> snippets, List<String> problems) {
    List<String> lines = lines(text);
    List<Import> imports = imports(file, lines, problems);
    String open = null;
    int openLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = file + ":" + (i + 1);
      Matcher tag = TAG_LINE.matcher(line);
      if (!tag.matches()) {
        if (ANY_TAG_MENTION.matcher(line).find()) {
          problems.add(where + ": malformed tag line (expected `// tag::name[]` or `// end::name[]` alone on "
              + "the line): " + line.strip());
        }
        continue;
      }
      String kind = tag.group(1);
      String name = tag.group(2);
      if (!NAME.matcher(name).matches()) {
        problems.add(where + ": snippet name `" + name + "` must be lowercase words joined by dashes");
        continue;
      }
      if (kind.equals("tag")) {
        if (open != null) {
          problems.add(where + ": tag::" + name + " starts inside snippet `" + open + "` (no nesting)");
          continue;
        }
        open = name;
        openLine = i;
      } else if (!name.equals(open)) {
        problems.add(where + ": end::" + name + " without a matching tag::" + name
            + (open != null ? " (snippet `" + open + "` is open)" : ""));
      } else {
        List<String> region = dedent(lines.subList(openLine + 1, i));
        Snippet snippet = new Snippet(name, file, openLine + 1, withImports(imports, region));
        Snippet earlier = snippets.putIfAbsent(name, snippet);
        if (earlier != null) {
          problems.add(file + ":" + (openLine + 1) + ": snippet `" + name + "` is already defined at "
              + earlier.source() + ":" + earlier.line() + "; names must be unique");
        } else if (region.isEmpty()) {
          problems.add(file + ":" + (openLine + 1) + ": snippet `" + name + "` is empty");
        }
        open = null;
      }
    }
    if (open != null) {
      problems.add(file + ":" + (openLine + 1) + ": snippet `" + open + "` has no end::" + open + "[]");
    }
  }

  /** The file's import lines; a wildcard import is reported, as it cannot be told whether a region uses it. */
  private static List<Import> imports(String file, List<String> lines, List<String> problems) {
    List<Import> imports = new ArrayList<>();
    int group = 0;
    boolean inGroup = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      Matcher match = IMPORT.matcher(line);
      if (match.matches()) {
        if (match.group(3) != null) {
          problems.add(file + ":" + (i + 1) + ": wildcard import `" + line + "`: import each type by name, so "
              + "that every snippet can show the imports it uses");
          continue;
        }
        String qualified = match.group(2);
        imports.add(new Import(line, qualified.substring(qualified.lastIndexOf('.') + 1), group));
        inGroup = true;
      } else if (line.isEmpty()) {
        if (inGroup) {
          group++;
          inGroup = false;
        }
      } else if (!line.startsWith("package ") && !line.startsWith("//")) {
        break;                                        // the imports end where the first declaration starts
      }
    }
    return imports;
  }

  /** The imports a region uses, in the file's order and groups, an empty line, then the region. */
  private static List<String> withImports(List<Import> imports, List<String> region) {
    Set<String> names = new LinkedHashSet<>();
    Matcher identifier = IDENTIFIER.matcher(NOT_CODE.matcher(String.join("\n", region)).replaceAll(" "));
    while (identifier.find()) {
      names.add(identifier.group());
    }
    List<String> lines = new ArrayList<>();
    int lastGroup = -1;
    for (Import used : imports) {
      if (!names.contains(used.name())) {
        continue;
      }
      if (lastGroup >= 0 && used.group() != lastGroup) {
        lines.add("");
      }
      lines.add(used.line());
      lastGroup = used.group();
    }
    if (!lines.isEmpty() && !region.isEmpty()) {
      lines.add("");
    }
    lines.addAll(region);
    return lines;
  }

  /** @return every disagreement between the README and the sources; empty when they agree */
  List<String> check(String readme) {
    List<String> problems = new ArrayList<>(sourceProblems);
    List<String> lines = lines(readme);
    List<Block> blocks = blocks(lines, problems);
    Set<String> used = new LinkedHashSet<>();
    Set<Integer> markersWithBlock = new LinkedHashSet<>();
    for (Block block : blocks) {
      if (!block.language().equalsIgnoreCase("java")) {
        continue;
      }
      if (block.marker() != null) {
        markersWithBlock.add(block.open() - 1);
      }
      String where = "README.md:" + (block.open() + 1);
      if (block.marker() == null) {
        problems.add(where + ": this ```java block has no `<!-- snippet: name -->` line right before it. Every Java "
            + "block of the README must be a compiled snippet: put the code between `// tag::name[]` and "
            + "`// end::name[]` in " + "nestauth-examples/src/test/java/io/nestauth/examples/readme/ and add the "
            + "marker.\n" + excerpt("block", content(lines, block)));
        continue;
      }
      Snippet snippet = snippets.get(block.marker());
      if (snippet == null) {
        problems.add(where + ": the marker names snippet `" + block.marker() + "`, which no source defines"
            + (snippets.isEmpty() ? "" : " (known: " + String.join(", ", snippets.keySet()) + ")"));
        continue;
      }
      used.add(snippet.name());
      List<String> actual = content(lines, block);
      if (!actual.equals(snippet.lines())) {
        problems.add(where + ": snippet `" + snippet.name() + "` differs from its source " + snippet.source() + ":"
            + snippet.line() + " (first difference at block line " + firstDifference(snippet.lines(), actual)
            + ").\n" + excerpt("expected (from the source)", snippet.lines()) + "\n"
            + excerpt("actual (in README.md)", actual) + "\n" + HOW_TO_FIX);
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (marker.matches() && !markersWithBlock.contains(i)) {
        problems.add("README.md:" + (i + 1) + ": marker for snippet `" + marker.group(1)
            + "` is not followed directly by a ```java block");
      }
    }
    for (Snippet snippet : snippets.values()) {
      if (!used.contains(snippet.name())) {
        problems.add(snippet.source() + ":" + snippet.line() + ": snippet `" + snippet.name() + "` is not used by "
            + "README.md; add a `<!-- snippet: " + snippet.name() + " -->` line and a ```java block, or remove the tags");
      }
    }
    return problems;
  }

  /**
   * @return the README with the content of every marked Java block replaced by its snippet;
   *     blocks without a marker or naming an unknown snippet are left as they are (check reports them)
   */
  String update(String readme) {
    List<String> lines = lines(readme);
    List<Block> blocks = blocks(lines, new ArrayList<>());
    List<String> out = new ArrayList<>();
    int next = 0;
    for (Block block : blocks) {
      Snippet snippet = block.marker() == null ? null : snippets.get(block.marker());
      if (snippet == null || !block.language().equalsIgnoreCase("java")) {
        continue;
      }
      out.addAll(lines.subList(next, block.open() + 1));
      for (String line : snippet.lines()) {
        out.add(line.isEmpty() ? "" : block.indent() + line);
      }
      next = block.close();
    }
    out.addAll(lines.subList(next, lines.size()));
    // lines() keeps a final empty element for a trailing newline, so joining restores it
    return String.join("\n", out);
  }

  private static List<Block> blocks(List<String> lines, List<String> problems) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        continue;
      }
      String indent = fence.group(1);
      String delimiter = fence.group(2);
      String language = fence.group(3);
      int close = -1;
      for (int j = i + 1; j < lines.size(); j++) {
        String candidate = lines.get(j).strip();
        if (candidate.startsWith(delimiter) && candidate.chars().allMatch(c -> c == delimiter.charAt(0))) {
          close = j;
          break;
        }
      }
      if (close < 0) {
        problems.add("README.md:" + (i + 1) + ": code block is never closed");
        break;
      }
      String marker = null;
      if (i > 0) {
        Matcher m = MARKER.matcher(lines.get(i - 1));
        if (m.matches()) {
          marker = m.group(1);
        }
      }
      blocks.add(new Block(i, close, indent, language, marker));
      i = close;
    }
    return blocks;
  }

  /** The block's lines without the fence's indentation and without trailing whitespace. */
  private static List<String> content(List<String> lines, Block block) {
    List<String> content = new ArrayList<>();
    for (String line : lines.subList(block.open() + 1, block.close())) {
      String stripped = line.stripTrailing();
      content.add(stripped.startsWith(block.indent()) ? stripped.substring(block.indent().length()) : stripped.strip());
    }
    return content;
  }

  /** Removes the common indentation and trailing whitespace; drops blank lines at both ends. */
  static List<String> dedent(List<String> region) {
    List<String> lines = region.stream().map(String::stripTrailing).collect(Collectors.toCollection(ArrayList::new));
    while (!lines.isEmpty() && lines.get(0).isEmpty()) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    int indent = lines.stream().filter(line -> !line.isEmpty())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    return lines.stream().map(line -> line.isEmpty() ? line : line.substring(indent)).collect(Collectors.toList());
  }

  private static int firstDifference(List<String> expected, List<String> actual) {
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    return i + 1;
  }

  private static String excerpt(String title, List<String> lines) {
    StringBuilder text = new StringBuilder("--- ").append(title).append(" ---\n");
    lines.forEach(line -> text.append("  | ").append(line).append('\n'));
    return text.append("---").toString();
  }

  private static List<String> lines(String text) {
    return List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
  }
}
