package io.nestauth.client.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nestauth.client.AccountIndex;
import io.nestauth.client.AccountStore;
import io.nestauth.client.Accounts;
import io.nestauth.client.FileAccountStore;
import io.nestauth.client.InMemoryAccountStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.FileTokenStore;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenClaims;
import io.nestauth.testfixtures.TestJwts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Builds instances of the SDK's public types and of the generated models by reflection, with a
 * distinct marker value in every settable field: fluent setters and {@code putAdditionalProperty}
 * of the generated models; builder methods ({@code credential(...)}, {@code field(...)},
 * {@code metadata(...)} included), {@code from(...)} factories and constructors of the SDK's types.
 *
 * <p>Every marker is a secret unless the name of the field (or parameter, or builder method) it
 * went into is on the public list below: the list is closed, so a new field is a secret until it
 * is named here, and a type that starts printing it fails {@link SecretHygieneTest}.
 */
final class MarkedInstances {
  /** Names whose values are not secrets, in every type: identities, addresses, descriptions, configuration. */
  static final Set<String> PUBLIC_NAMES = Set.of(
      "id", "userId", "accountId", "sessionId", "tenantId", "deviceId",
      "email", "phone", "identifier", "emailOrPhone", "name", "firstName", "lastName", "givenName", "familyName",
      "avatarUrl", "account", "issuer", "slug", "deviceName", "label", "value", "placeholder",
      "message", "serverMessage", "error", "method", "path", "providerName", "provider", "guard", "type", "mode",
      "headerName", "cookieName", "accessTokenType", "clientId", "appId", "roleGuards", "customProviders", "methods",
      "permissions", "userIds", "activeUserId");
  /** Names that are public in one type only ({@code Type.name}); the same name is a secret elsewhere. */
  static final Set<String> PUBLIC_IN_TYPE = Set.of("ErrorResponseDto.code", "ErrorDetails.Builder.code",
      // the report of checkServer(): the settings checked (the base URL without user info) and the check's own words
      "ServerCheck.baseUrl", "ServerCheck.routePrefix", "ServerCheck.Finding.found", "ServerCheck.Finding.problem",
      "ServerCheck.Finding.fix");

  private static final int MAX_DEPTH = 6;

  private final Path dir;
  /** secret marker → where it was put */
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final Set<String> publicMarkers = new LinkedHashSet<>();
  private int counter;

  MarkedInstances(Path dir) {
    this.dir = dir;
  }

  // ------------------------------------------------------------------ markers

  /** Secret markers (and the JWTs' signatures) with where each went. */
  Map<String, String> secrets() {
    return secrets;
  }

  /** How many markers went into public fields (shown or not, they are no leak). */
  int publicMarkerCount() {
    return publicMarkers.size();
  }

  static boolean isPublic(String owner, String name) {
    return PUBLIC_NAMES.contains(name) || PUBLIC_IN_TYPE.contains(owner + "." + name);
  }

  /** A marker for {@code owner.name}, shaped so that the SDK's argument checks accept it. */
  String marker(String owner, String name) {
    int n = ++counter;
    String lower = name.toLowerCase(Locale.ROOT);
    String value;
    if (lower.endsWith("id")) {
      value = UUID.randomUUID().toString();
    } else if (lower.contains("email") || lower.equals("identifier") || lower.equals("account")) {
      value = "mk" + n + "q@example.com";
    } else if (lower.contains("phone")) {
      value = String.format(Locale.ROOT, "+1555%07d", n);
    } else if (lower.endsWith("token") && !lower.contains("csrf")) {
      value = TestJwts.access().claim("marker", "mk" + n + "q-claim").build();
    } else if (lower.contains("url")) {
      value = "https://mk" + n + "q.example.com/x";
    } else {
      value = "mk" + n + "q-marker-value";
    }
    return register(value, owner, name);
  }

  /** Registers a value as a marker of {@code owner.name}; a JWT's signature is registered with it. */
  String register(String value, String owner, String name) {
    if (isPublic(owner, name)) {
      publicMarkers.add(value);
    } else {
      secrets.put(value, owner + "." + name);
      String[] parts = value.split("\\.");
      if (parts.length == 3 && parts[2].length() >= 20) {
        secrets.put(parts[2], owner + "." + name + " (JWT signature)");
      }
    }
    return value;
  }

  /** The secret markers {@code text} shows, each with where it was put. */
  List<String> leaks(String text) {
    List<String> leaks = new ArrayList<>();
    if (text != null) {
      secrets.forEach((marker, where) -> {
        if (text.contains(marker)) {
          leaks.add(where);
        }
      });
    }
    return leaks;
  }

  // ------------------------------------------------------------------ generated models

  /** A generated model with a marker in every fluent setter and an additional property if it takes them. */
  Object dto(Class<?> type) {
    return dto(type, 0);
  }

  private Object dto(Class<?> type, int depth) {
    Object dto = newInstance(type);
    String owner = type.getSimpleName();
    for (Method method : sorted(type.getMethods())) {
      if (method.getDeclaringClass() != type || Modifier.isStatic(method.getModifiers())
          || method.getReturnType() != type) {
        continue;
      }
      String name = method.getName();
      Parameter[] parameters = method.getParameters();
      if (name.equals("putAdditionalProperty") && parameters.length == 2) {
        invoke(method, dto, "extraField" + (++counter),
            value(parameters[1].getParameterizedType(), owner, "additionalProperties", depth));
      } else if (parameters.length == 1 && !(name.matches("(add|put)\\w+Item"))) {
        // the list or map setter covers the add...Item / put...Item helpers
        invoke(method, dto, value(parameters[0].getParameterizedType(), owner, name, depth));
      }
    }
    return dto;
  }

  // ------------------------------------------------------------------ the SDK's types

  /**
   * An instance of one of the SDK's public types: through its builder (every method called), its
   * {@code from(...)} factory, or its largest constructor; token stores hold marked tokens.
   */
  Object instance(Class<?> type) {
    return instance(type, 0);
  }

  private Object instance(Class<?> type, int depth) {
    if (type == TokenClaims.class) {
      return claims();
    }
    if (type == InMemoryTokenStore.class) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      store.save(storedTokens());
      return store;
    }
    if (type == FileTokenStore.class) {
      FileTokenStore store = new FileTokenStore(dir.resolve("marked-" + (++counter) + ".json"));
      store.save(storedTokens());
      return store;
    }
    if (type == InMemoryAccountStore.class) {
      return withAnAccount(new InMemoryAccountStore());
    }
    if (type == FileAccountStore.class) {
      return withAnAccount(new FileAccountStore(dir.resolve("marked-accounts-" + (++counter))));
    }
    if (type == Accounts.class) {
      // the accounts outlive the client they were made from; nothing is sent to this address
      try (NestAuthClient client = NestAuthClient.builder().baseUrl("http://127.0.0.1:9/api").build()) {
        return client.accounts(withAnAccount(new InMemoryAccountStore()));
      }
    }
    Method builder = Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals("builder") && m.getParameterCount() == 0
            && Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
        .findFirst().orElse(null);
    if (builder != null) {
      return build(invoke(builder, null), depth);
    }
    Method from = staticMethod(type, "from");
    if (from != null) {
      return invoke(from, null, arguments(from, ownerName(type), depth));
    }
    Constructor<?> constructor = Arrays.stream(type.getDeclaredConstructors())
        .max(Comparator.comparing((Constructor<?> c) -> Modifier.isPublic(c.getModifiers()))
            .thenComparingInt(Constructor::getParameterCount))
        .orElseThrow(() -> new AssertionError("no constructor: " + type));
    constructor.setAccessible(true);
    try {
      return constructor.newInstance(arguments(constructor, ownerName(type), depth));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot construct " + type + ": " + cause(e), cause(e));
    }
  }

  /** Calls every method of a builder that returns the builder, then {@code build()}. */
  private Object build(Object builder, int depth) {
    Class<?> type = builder.getClass();
    String owner = ownerName(type);
    for (Method method : sorted(type.getMethods())) {
      if (method.getDeclaringClass() != type || method.getReturnType() != type) {
        continue;
      }
      Parameter[] parameters = method.getParameters();
      if (parameters.length == 1) {
        invoke(method, builder, value(parameters[0].getParameterizedType(), owner, method.getName(), depth));
      } else if (parameters.length == 2 && parameters[0].getType() == String.class) {
        // credential(name, value), field(name, value), metadata(name, value): the name is not a marker
        invoke(method, builder, "custom" + (++counter),
            value(parameters[1].getParameterizedType(), owner, method.getName(), depth));
      } else {
        throw new AssertionError("teach MarkedInstances the builder method " + method);
      }
    }
    return invoke(publicMethod(type, "build"), builder);
  }

  /** Arguments for a factory, constructor or operation, each a marker of its parameter's name. */
  Object[] arguments(Executable executable, String owner, int depth) {
    Parameter[] parameters = executable.getParameters();
    List<String> names = parameterNames(executable);
    Object[] arguments = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      arguments[i] = value(parameters[i].getParameterizedType(), owner, names.get(i), depth);
    }
    return arguments;
  }

  /**
   * The parameter names javac recorded ({@code -parameters}), read from the class file itself:
   * classes an agent re-instrumented (Jazzer's, once a fuzz test ran in the same JVM) lose them
   * in reflection.
   */
  static List<String> parameterNames(Executable executable) {
    Parameter[] parameters = executable.getParameters();
    if (Arrays.stream(parameters).allMatch(Parameter::isNamePresent)) {
      return Arrays.stream(parameters).map(Parameter::getName).collect(java.util.stream.Collectors.toList());
    }
    Class<?> type = executable.getDeclaringClass();
    String name = executable instanceof Constructor ? "<init>" : executable.getName();
    StringBuilder descriptor = new StringBuilder("(");
    for (Class<?> parameter : executable.getParameterTypes()) {
      descriptor.append(descriptor(parameter));
    }
    descriptor.append(')').append(executable instanceof Method ? descriptor(((Method) executable).getReturnType()) : "V");
    List<String> names = ClassFileParameters.of(type).get(name + descriptor);
    if (names == null || names.size() != parameters.length) {
      throw new AssertionError("no parameter names (compile with -parameters): " + executable);
    }
    return names;
  }

  private static String descriptor(Class<?> type) {
    if (type.isArray()) {
      return "[" + descriptor(type.getComponentType());
    }
    if (!type.isPrimitive()) {
      return "L" + type.getName().replace('.', '/') + ";";
    }
    Map<Class<?>, String> primitives = Map.of(boolean.class, "Z", byte.class, "B", char.class, "C", short.class, "S",
        int.class, "I", long.class, "J", float.class, "F", double.class, "D", void.class, "V");
    return primitives.get(type);
  }

  /** The MethodParameters attributes of a class file: method name + descriptor → parameter names. */
  private static final class ClassFileParameters {
    private static final Map<Class<?>, Map<String, List<String>>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, List<String>> of(Class<?> type) {
      return CACHE.computeIfAbsent(type, ClassFileParameters::read);
    }

    private static Map<String, List<String>> read(Class<?> type) {
      String resource = "/" + type.getName().replace('.', '/') + ".class";
      try (java.io.InputStream stream = type.getResourceAsStream(resource)) {
        if (stream == null) {
          throw new AssertionError("no class file for " + type);
        }
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(stream));
        in.readInt(); // magic
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
          int tag = in.readUnsignedByte();
          switch (tag) {
            case 1: utf8[i] = in.readUTF(); break;
            case 3: case 4: in.readInt(); break;
            case 5: case 6: in.readLong(); i++; break;
            case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
            case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
            case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
            default: throw new AssertionError("constant pool tag " + tag + " in " + type);
          }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        in.readFully(new byte[2 * in.readUnsignedShort()]); // interfaces
        for (int fields = in.readUnsignedShort(); fields > 0; fields--) {
          in.readFully(new byte[6]);
          skipAttributes(in);
        }
        Map<String, List<String>> methods = new LinkedHashMap<>();
        for (int n = in.readUnsignedShort(); n > 0; n--) {
          in.readUnsignedShort(); // access
          String key = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
          for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!"MethodParameters".equals(attribute)) {
              in.readFully(new byte[length]);
              continue;
            }
            List<String> names = new ArrayList<>();
            for (int p = in.readUnsignedByte(); p > 0; p--) {
              int index = in.readUnsignedShort();
              in.readUnsignedShort(); // flags
              names.add(index == 0 ? null : utf8[index]);
            }
            methods.put(key, names);
          }
        }
        return methods;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void skipAttributes(java.io.DataInputStream in) throws IOException {
      for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
        in.readUnsignedShort();
        in.readFully(new byte[in.readInt()]);
      }
    }
  }

  /** Tokens with marked JWTs and a marked trust token. */
  /** The store with one account listed, its session holding marked tokens. */
  private AccountStore withAnAccount(AccountStore store) {
    String userId = UUID.randomUUID().toString();
    store.sessionStore(userId).save(storedTokens());
    store.updateIndex(index -> AccountIndex.of(List.of(userId), userId));
    return store;
  }

  StoredTokens storedTokens() {
    return new StoredTokens(marker("StoredTokens", "accessToken"), marker("StoredTokens", "refreshToken"), false,
        marker("StoredTokens", "trustToken"));
  }

  /** Claims of a token carrying marked ids and addresses, and a marked custom claim. */
  TokenClaims claims() {
    String jwt = TestJwts.access().userId(marker("TokenClaims", "userId")).sessionId(marker("TokenClaims", "sessionId"))
        .tenantId(marker("TokenClaims", "tenantId")).email(marker("TokenClaims", "email"))
        .phone(marker("TokenClaims", "phone")).claim("apiKey", marker("TokenClaims", "apiKey")).build();
    register(jwt, "TokenClaims", "jwt");
    return TokenClaims.parse(jwt).orElseThrow();
  }

  /** A value of any parameter type the models take, with markers for text. */
  Object value(Type type, String owner, String name, int depth) {
    if (depth > MAX_DEPTH) {
      throw new AssertionError("too deep: " + owner + "." + name);
    }
    Class<?> raw = raw(type);
    if (raw == String.class || raw == Object.class || raw == CharSequence.class) {
      return marker(owner, name);
    }
    if (raw == UUID.class) {
      return UUID.fromString(register(UUID.randomUUID().toString(), owner, name));
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return true;
    }
    if (raw == int.class || raw == Integer.class) {
      return 1;
    }
    if (raw == long.class || raw == Long.class) {
      return 1L;
    }
    if (raw == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (raw == OffsetDateTime.class) {
      return OffsetDateTime.of(2026, 11, 21, 22, 15, 38, 0, ZoneOffset.UTC);
    }
    if (raw == Instant.class) {
      return Instant.parse("2026-11-21T22:15:38Z");
    }
    if (raw.isEnum()) {
      return Arrays.stream(raw.getEnumConstants()).filter(c -> !c.toString().startsWith("UNKNOWN_DEFAULT"))
          .findFirst().orElseThrow();
    }
    if (raw.isArray()) {
      Object array = java.lang.reflect.Array.newInstance(raw.getComponentType(), 1);
      java.lang.reflect.Array.set(array, 0, value(raw.getComponentType(), owner, name, depth));
      return array;
    }
    if (raw == Set.class) {
      return new LinkedHashSet<>(List.of(value(argument(type, 0), owner, name, depth)));
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
      return new ArrayList<>(List.of(value(argument(type, 0), owner, name, depth)));
    }
    if (raw == Map.class) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("field" + (++counter), value(argument(type, 1), owner, name, depth));
      return map;
    }
    if (raw == Supplier.class) {
      Object supplied = value(argument(type, 0), owner, name, depth);
      return (Supplier<Object>) () -> supplied;
    }
    if (JsonNode.class.isAssignableFrom(raw)) {
      return TextNode.valueOf(marker(owner, name));
    }
    if (raw == Path.class) {
      return dir.resolve("marked-" + (++counter) + ".json");
    }
    if (Throwable.class.isAssignableFrom(raw) && !raw.getName().startsWith("io.nestauth.")) {
      return new IllegalStateException(marker(owner, name));
    }
    if (raw.getName().startsWith("io.nestauth.generated.model.")) {
      return dto(raw, depth + 1);
    }
    if (raw.getName().startsWith("io.nestauth.client.")) {
      return instance(raw, depth + 1);
    }
    throw new AssertionError("teach MarkedInstances a value of " + type + " for " + owner + "." + name);
  }

  // ------------------------------------------------------------------ classes of a package

  /**
   * The public classes (nested ones included; no interfaces, enums or annotations unless
   * {@code enums}) of {@code packageName} that come from the same place as {@code anchor}.
   */
  static List<Class<?>> publicClasses(Class<?> anchor, String packageName, boolean enums) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : classNames(anchor, packageName)) {
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isAnnotation()
          || type.isAnonymousClass() || (type.isEnum() && !enums)
          || (type.isMemberClass() && !Modifier.isStatic(type.getModifiers()))) {
        continue;
      }
      classes.add(type);
    }
    classes.sort(Comparator.comparing(Class::getName));
    return classes;
  }

  private static List<String> classNames(Class<?> anchor, String packageName) {
    String folder = packageName.replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path dirOfPackage = location.resolve(folder);
        try (Stream<Path> files = Files.list(dirOfPackage)) {
          files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".class"))
              .forEach(f -> names.add(packageName + "." + f.substring(0, f.length() - ".class".length())));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(folder + "/") && entry.endsWith(".class")
                && entry.indexOf('/', folder.length() + 1) < 0) {
              names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  // ------------------------------------------------------------------ reflection

  /** {@code Outer.Inner} for a nested class, the simple name otherwise. */
  static String ownerName(Class<?> type) {
    return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
  }

  private static Method staticMethod(Class<?> type, String name) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type)
        .max(Comparator.comparingInt(Method::getParameterCount)).orElse(null);
  }

  private static Method publicMethod(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Method> sorted(Method[] methods) {
    List<Method> list = new ArrayList<>(Arrays.asList(methods));
    list.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
    return list;
  }

  private static Object newInstance(Class<?> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no public no-argument constructor: " + type, e);
    }
  }

  static Object invoke(Method method, Object target, Object... arguments) {
    method.setAccessible(true);
    try {
      return method.invoke(target, arguments);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call " + method + ": " + cause(e), cause(e));
    }
  }

  private static Throwable cause(ReflectiveOperationException e) {
    return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    }
    if (type instanceof ParameterizedType) {
      return (Class<?>) ((ParameterizedType) type).getRawType();
    }
    if (type instanceof WildcardType) {
      return raw(((WildcardType) type).getUpperBounds()[0]);
    }
    throw new AssertionError("unsupported type " + type);
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType) {
      Type argument = ((ParameterizedType) type).getActualTypeArguments()[index];
      return argument instanceof WildcardType ? ((WildcardType) argument).getUpperBounds()[0] : argument;
    }
    return Object.class;
  }
}
