package io.nestauth.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The runtime classpath a user of nestauth-client gets, jar by jar: read from the file the
 * maven-dependency-plugin writes at every build of this module (runtime scope of a module whose
 * only compile dependency is nestauth-client).
 *
 * <p>Standalone: {@code java -cp nestauth-benchmarks/target/classes io.nestauth.benchmarks.Footprint
 * nestauth-benchmarks/target/client-runtime-classpath.txt}
 */
public final class Footprint {
  /** The budget of the "Performance" issue. */
  public static final long BUDGET_BYTES = 6L * 1024 * 1024;

  public record Entry(String name, long bytes) {
  }

  private Footprint() {
  }

  /** @return the entries, largest first */
  public static List<Entry> read(Path classpathFile) throws IOException {
    String text = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    List<Entry> entries = new ArrayList<>();
    if (text.isEmpty()) {
      return entries;
    }
    for (String element : text.split(File.pathSeparator)) {
      Path path = Path.of(element);
      // inside a reactor build before `package`, a module resolves to its classes folder
      entries.add(new Entry(Files.isDirectory(path) ? path.getParent().getParent().getFileName() + " (classes)"
          : path.getFileName().toString(), size(path)));
    }
    entries.sort(Comparator.comparingLong(Entry::bytes).reversed());
    return entries;
  }

  public static long total(List<Entry> entries) {
    return entries.stream().mapToLong(Entry::bytes).sum();
  }

  /** @return a Markdown table with a total line */
  public static String table(List<Entry> entries) {
    StringBuilder out = new StringBuilder("| jar | size |\n|---|---:|\n");
    for (Entry entry : entries) {
      out.append("| ").append(entry.name()).append(" | ").append(String.format("%,d B (%.2f MB)", entry.bytes(),
          entry.bytes() / 1048576.0)).append(" |\n");
    }
    long total = total(entries);
    out.append(String.format("| **total: %d jars** | **%,d B (%.2f MB)**, budget %.0f MB |%n", entries.size(), total,
        total / 1048576.0, BUDGET_BYTES / 1048576.0));
    return out.toString();
  }

  private static long size(Path path) {
    try {
      return Files.isDirectory(path) ? zippedSize(path) : Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A classes folder (`mvn test` runs before `package`) counts as the jar it becomes: its files zipped
   * the way the jar plugin does (deflate), so the budget means the same in every build. The jar's
   * metadata (manifest, pom, folder entries) is not counted: 2 to 3 KB.
   */
  private static long zippedSize(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    CountingOutputStream counter = new CountingOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(counter)) {
      for (Path file : files) {
        zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return counter.count;
  }

  private static final class CountingOutputStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "nestauth-benchmarks/target/client-runtime-classpath.txt");
    List<Entry> entries = read(file);
    System.out.print(table(entries));
    if (total(entries) > BUDGET_BYTES) {
      System.err.println("over the budget");
      System.exit(1);
    }
  }
}
