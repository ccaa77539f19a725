package io.nestauth.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * OkHttp 5 declares kotlin-stdlib 2.1, but a Boot line's dependency management wins: Boot 3.5
 * puts kotlin-stdlib 1.9.25 on the classpath. This checks, in each Boot line's module, that every
 * Kotlin class, method and field that OkHttp and Okio refer to exists in the kotlin-stdlib that is
 * actually there, so that no call can fail with a NoSuchMethodError or NoClassDefFoundError later.
 * Read from the jars' bytecode with Spring's copy of ASM.
 */
class OkHttpKotlinLinkageTest {
  @Test
  void everyKotlinMemberOkHttpAndOkioUseExistsInTheKotlinOnTheClasspath() throws Exception {
    Set<String> references = new TreeSet<>();
    for (Class<?> anchor : new Class<?>[] {OkHttpClient.class, Buffer.class}) {
      collectKotlinReferences(jarOf(anchor), references);
    }
    assertThat(references).as("OkHttp and Okio are Kotlin code").hasSizeGreaterThan(50);

    Set<String> missing = new TreeSet<>();
    for (String reference : references) {
      if (!resolves(reference)) {
        missing.add(reference);
      }
    }
    assertThat(missing).as("Kotlin members OkHttp/Okio use that kotlin-stdlib " + kotlin.KotlinVersion.CURRENT
        + " lacks").isEmpty();
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Entries {@code owner#name#descriptor} ({@code descriptor} empty for a class reference). */
  private static void collectKotlinReferences(Path jar, Set<String> references) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
              addClass(superName, references);
              if (interfaces != null) {
                Arrays.stream(interfaces).forEach(type -> addClass(type, references));
              }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
              return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                  if (owner.startsWith("kotlin/")) {
                    references.add(owner + "#" + method + "#" + desc);
                  }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                  if (owner.startsWith("kotlin/")) {
                    references.add(owner + "#" + field + "#");
                  }
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                  addClass(type, references);
                }
              };
            }
          }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
      }
    }
  }

  private static void addClass(String internalName, Set<String> references) {
    if (internalName != null && internalName.startsWith("kotlin/")) {
      references.add(internalName + "##");
    }
  }

  private static boolean resolves(String reference) {
    String[] parts = reference.split("#", -1);
    Class<?> owner;
    try {
      owner = Class.forName(parts[0].replace('/', '.'), false, OkHttpKotlinLinkageTest.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    if (parts[1].isEmpty()) {
      return true;
    }
    if (parts[2].isEmpty()) {
      return hierarchy(owner).stream().anyMatch(type -> Arrays.stream(type.getDeclaredFields())
          .anyMatch(field -> field.getName().equals(parts[1])));
    }
    return hierarchy(owner).stream().anyMatch(type -> members(type, parts[1])
        .anyMatch(member -> descriptor(member).equals(parts[2])));
  }

  private static Stream<Executable> members(Class<?> type, String name) {
    if (name.equals("<init>")) {
      return Arrays.stream(type.getDeclaredConstructors()).map(Executable.class::cast);
    }
    return Arrays.stream(type.getDeclaredMethods()).filter(method -> method.getName().equals(name))
        .map(Executable.class::cast);
  }

  private static String descriptor(Executable member) {
    return member instanceof Method ? Type.getMethodDescriptor((Method) member)
        : Type.getConstructorDescriptor((Constructor<?>) member);
  }

  /** The type, its superclasses and every interface they implement. */
  private static Set<Class<?>> hierarchy(Class<?> type) {
    Set<Class<?>> all = new HashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      Class<?> next = pending.poll();
      if (all.add(next)) {
        if (next.getSuperclass() != null) {
          pending.add(next.getSuperclass());
        }
        pending.addAll(Arrays.asList(next.getInterfaces()));
      }
    }
    return all;
  }
}
