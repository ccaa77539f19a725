package io.nestauth.client;

import io.nestauth.generated.invoker.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK owns its public API: no public signature of {@code nestauth-client} mentions a generated
 * wire type (so regenerating from the spec cannot break users), no getter returns a boxed
 * {@code Boolean}, and no two public classes of the client and the generated layer share a name.
 */
class PublicApiTest {

  @Test
  void noPublicSignatureMentionsAGeneratedType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : publicClasses(NestAuthClient.class, "io/nestauth/client")) {
      for (String signature : signatures(type)) {
        if (signature.contains("io.nestauth.generated")) {
          leaks.add(type.getName() + ": " + signature);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void noGetterReturnsABoxedBoolean() throws Exception {
    List<String> boxed = new ArrayList<>();
    for (Class<?> type : publicClasses(NestAuthClient.class, "io/nestauth/client")) {
      for (Method method : type.getMethods()) {
        if (method.getDeclaringClass() == type && method.getReturnType() == Boolean.class) {
          boxed.add(type.getSimpleName() + "." + method.getName());
        }
      }
    }
    assertThat(boxed).isEmpty();
  }

  @Test
  void noTwoPublicClassesShareAName() throws Exception {
    Map<String, List<String>> byName = new HashMap<>();
    List<Class<?>> all = new ArrayList<>(publicClasses(NestAuthClient.class, "io/nestauth/client"));
    all.addAll(publicClasses(ApiClient.class, "io/nestauth/generated"));
    for (Class<?> type : all) {
      byName.computeIfAbsent(nameInCode(type), name -> new ArrayList<>()).add(type.getName());
    }
    Map<String, List<String>> shared = byName.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(shared).isEmpty();
  }

  /**
   * The name code writes after an import: the simple name of a top-level class, {@code Outer.Inner}
   * for a nested one (so the request builders, each {@code Xxx.Builder}, do not clash).
   */
  private static String nameInCode(Class<?> type) {
    return type.getEnclosingClass() == null ? type.getSimpleName()
        : nameInCode(type.getEnclosingClass()) + "." + type.getSimpleName();
  }

  private static List<String> signatures(Class<?> type) {
    List<String> signatures = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (isApi(method.getModifiers()) && !method.isSynthetic()) {
        signatures.add(method.toGenericString());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (isApi(constructor.getModifiers())) {
        signatures.add(constructor.toGenericString());
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (isApi(field.getModifiers())) {
        signatures.add(field.toGenericString());
      }
    }
    if (type.getGenericSuperclass() != null) {
      signatures.add("extends " + type.getGenericSuperclass().getTypeName());
    }
    for (java.lang.reflect.Type implemented : type.getGenericInterfaces()) {
      signatures.add("implements " + implemented.getTypeName());
    }
    return signatures;
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /**
   * The public classes (nested ones too) under a package folder of the class path entry holding {@code anchor}:
   * a classes folder when the build stops before {@code package} ({@code mvn test}), the module's jar after it
   * ({@code mvn verify}, or a module resolved from the local repository).
   */
  static List<Class<?>> publicClasses(Class<?> anchor, String packageFolder) throws IOException, URISyntaxException {
    Path location = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(location)) {
      return publicClasses(anchor, location, packageFolder);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return publicClasses(anchor, jar.getPath("/"), packageFolder);
    }
  }

  private static List<Class<?>> publicClasses(Class<?> anchor, Path root, String packageFolder) throws IOException {
    Path folder = root.resolve(packageFolder);
    String separator = root.getFileSystem().getSeparator();
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".class")).collect(Collectors.toList())) {
        String name = root.relativize(file).toString().replace(separator, ".")
            .replaceAll("\\.class$", "");
        if (name.contains(".internal.") || name.endsWith("package-info")) {
          continue;
        }
        try {
          Class<?> type = Class.forName(name, false, anchor.getClassLoader());
          if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass() && !type.isSynthetic()
              && (type.getEnclosingClass() == null || Modifier.isPublic(type.getEnclosingClass().getModifiers()))) {
            classes.add(type);
          }
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return classes;
  }
}
