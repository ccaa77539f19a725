package io.nestauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the reference backend's Node project lives and how it gets ready to run: found in this
 * repository's source tree, or unpacked from the testkit jar into a cache directory; then
 * {@code npm ci} and {@code npm run build} when needed. Thread-safe: one preparation at a time in
 * this JVM, a file lock against other JVMs.
 */
final class BackendSources {

    /** Where the project sits in the source tree, relative to the repository root. */
    static final String SOURCE_TREE_PATH = "nestauth-testkit/reference-backend";
    /** Where the build copies the project's sources in the jar (see the module's pom). */
    static final String RESOURCE_ROOT = "io/nestauth/testkit/reference-backend/";

    static final int MIN_NODE_MAJOR = 20;
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern NODE_VERSION = Pattern.compile("v?(\\d+)\\.");
    /** Written last when unpacking: a directory without it is incomplete and unpacked again. */
    private static final String UNPACKED_MARKER = ".nestauth-testkit-unpacked";

    private static final Object PREPARE_LOCK = new Object();
    private static volatile boolean nodeChecked;

    private BackendSources() {
    }

    /** Checks Node.js, locates (or unpacks) the project, installs and builds it when needed. */
    static Path prepared() {
        requireNode();
        synchronized (PREPARE_LOCK) {
            Path dir = locate();
            withFileLock(dir, () -> {
                if (dir.startsWith(cacheRoot()) && !Files.exists(dir.resolve(UNPACKED_MARKER))) {
                    unpack(dir);
                }
                if (needsInstall(dir)) {
                    Processes.expectSuccess(Processes.run(dir, NPM_TIMEOUT, npm(), "ci", "--no-audit", "--no-fund"),
                            "npm ci", dir);
                }
                if (needsBuild(dir)) {
                    Processes.expectSuccess(Processes.run(dir, NPM_TIMEOUT, npm(), "run", "build"),
                            "npm run build", dir);
                }
            });
            return dir;
        }
    }

    /**
     * {@value ReferenceBackend#DIR_PROPERTY} if set; else {@value #SOURCE_TREE_PATH} found walking up
     * from the working directory (inside this repository); else a directory under the cache root
     * named after the bundled sources' digest, so that another testkit version gets its own.
     */
    static Path locate() {
        String configured = System.getProperty(ReferenceBackend.DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("package.json"))) {
                throw new IllegalStateException("-D" + ReferenceBackend.DIR_PROPERTY + "=" + configured
                        + " has no package.json: not the reference backend");
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path cur = start; cur != null; cur = cur.getParent()) {
            Path candidate = cur.resolve(SOURCE_TREE_PATH);
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        return cacheRoot().resolve("reference-backend-" + bundledDigest());
    }

    /** {@value ReferenceBackend#CACHE_DIR_PROPERTY}, else {@code ~/.cache/nestauth-testkit}. */
    static Path cacheRoot() {
        String configured = System.getProperty(ReferenceBackend.CACHE_DIR_PROPERTY);
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "nestauth-testkit");
        return root.toAbsolutePath().normalize();
    }

    // ---- the bundled sources ---------------------------------------------------------------------

    /** The project's files as the jar (or target/classes) holds them: relative path to content. */
    static Map<String, byte[]> bundledFiles() {
        URL anchor = BackendSources.class.getClassLoader().getResource(RESOURCE_ROOT + "package.json");
        if (anchor == null) {
            throw new IllegalStateException("The reference backend's sources are not on the classpath ("
                    + RESOURCE_ROOT + "): is nestauth-testkit's jar complete?");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if ("jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry entry : jar.stream().toList()) {
                        if (!entry.isDirectory() && entry.getName().startsWith(RESOURCE_ROOT)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(entry.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                Path root = Path.of(anchor.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : walk.filter(Files::isRegularFile).toList()) {
                        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the reference backend's sources from " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot read the reference backend's sources from " + anchor, e);
        }
        return files;
    }

    static String bundledDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : bundledFiles().entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Writes the bundled sources into {@code dir}, then the marker that says they are complete. */
    static void unpack(Path dir) {
        try {
            for (Map.Entry<String, byte[]> file : bundledFiles().entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("Refusing to unpack " + file.getKey() + " outside " + dir);
                }
                Files.createDirectories(target.getParent());
                Path partial = Files.createTempFile(target.getParent(), ".unpack", ".tmp");
                Files.write(partial, file.getValue());
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(dir.resolve(UNPACKED_MARKER), "complete\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the reference backend into " + dir, e);
        }
    }

    // ---- Node.js ---------------------------------------------------------------------------------

    /** Fails with what to install when {@code node} is missing or older than 20; checked once per JVM. */
    static void requireNode() {
        if (!nodeChecked) {
            checkNode("node");
            nodeChecked = true;
        }
    }

    static void checkNode(String node) {
        String hint = "nestauth-testkit runs a real Nest Auth server on Node.js: install Node.js "
                + MIN_NODE_MAJOR + " or newer (it comes with npm) and put `node` and `npm` on the PATH";
        Path here = Path.of(System.getProperty("user.dir"));
        Processes.CommandResult version;
        try {
            version = Processes.run(here, Duration.ofSeconds(30), node, "--version");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(hint + " (running `node --version` failed: " + e.getMessage() + ")", e);
        }
        String said = version.output().trim();
        Matcher m = NODE_VERSION.matcher(said);
        if (version.exitCode() != 0 || !m.lookingAt()) {
            throw new IllegalStateException(hint + " (`node --version` said: " + said + ")");
        }
        if (Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException(hint + " (found Node.js " + said + ")");
        }
    }

    // ---- npm ci / build --------------------------------------------------------------------------

    private interface IoAction {
        void run() throws IOException;
    }

    private static void withFileLock(Path dir, IoAction action) {
        try {
            Files.createDirectories(dir);
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
                    "nestauth-reference-backend-" + Integer.toHexString(dir.toString().hashCode()) + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                action.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the reference backend in " + dir, e);
        }
    }

    private static boolean needsInstall(Path dir) throws IOException {
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        return !Files.exists(installed)
                || (Files.exists(lock) && mtime(lock).compareTo(mtime(installed)) > 0);
    }

    private static boolean needsBuild(Path dir) throws IOException {
        Path main = dir.resolve("dist").resolve("main.js");
        if (!Files.exists(main)) {
            return true;
        }
        FileTime built = mtime(main);
        List<Path> inputs = new ArrayList<>();
        inputs.add(dir.resolve("tsconfig.json"));
        try (Stream<Path> src = Files.walk(dir.resolve("src"))) {
            src.filter(Files::isRegularFile).forEach(inputs::add);
        }
        for (Path input : inputs) {
            if (Files.exists(input) && mtime(input).compareTo(built) > 0) {
                return true;
            }
        }
        return false;
    }

    private static FileTime mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p);
    }

    private static String npm() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }
}
