package io.nestauth.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the classpath entries that live in the work tree (the reactor's jars and class folders, which a
 * concurrent {@code mvn install} or {@code clean} can replace or delete mid-run) to a private folder,
 * so that the JMH forks and the cold-start JVMs of one run all use the same bytes. Entries from the local
 * Maven repository are kept as they are.
 */
final class Snapshot {
  private Snapshot() {
  }

  static String classpath(String classpath, Path dir) throws IOException {
    Path repository = Path.of(System.getProperty("user.home"), ".m2").toAbsolutePath();
    Files.createDirectories(dir);
    List<String> copied = new ArrayList<>();
    int index = 0;
    for (String element : classpath.split(File.pathSeparator)) {
      if (element.isBlank()) {
        continue;
      }
      Path source = Path.of(element).toAbsolutePath();
      if (source.startsWith(repository) || !Files.exists(source)) {
        copied.add(element);
        continue;
      }
      String name = Files.isDirectory(source) ? source.getParent().getParent().getFileName() + "-classes" : source.getFileName().toString();
      Path target = dir.resolve((index++) + "-" + name);
      copy(source, target);
      copied.add(target.toString());
    }
    return String.join(File.pathSeparator, copied);
  }

  private static void copy(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      files.forEach(file -> {
        try {
          Path to = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
