package io.nestauth.testbackend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code @ackplus/nest-auth} 2.11.1 server for tests: the Node app in
 * {@code nestauth-contract-tests/reference-backend}, started as a child process on 127.0.0.1 and a
 * free port, with an in-memory database.
 *
 * <p>{@link #start()} installs the app's npm dependencies when needed ({@code npm ci}), builds it
 * when its sources changed ({@code npm run build}), starts {@code node dist/main.js} and waits for
 * the line {@value #LISTENING_MARKER}&lt;port&gt;. Needs Node.js 20+ ({@code node} and {@code npm}
 * on the PATH). {@link #close()} stops the process; a JVM shutdown hook does it too, and the app
 * itself exits when this JVM's pipe to its standard input closes, so no node process outlives the
 * test run.
 *
 * <p>System properties: {@value #DIR_PROPERTY} (where the app lives; found by walking up from the
 * working directory otherwise) and {@value #ECHO_PROPERTY}{@code =true} (copy the app's output to
 * stderr).
 */
public final class ReferenceBackend implements AutoCloseable {

    /** System property: path of the reference-backend directory. */
    public static final String DIR_PROPERTY = "nestauth.referenceBackend.dir";

    /** System property: {@code true} copies the backend's output to {@code System.err}. */
    public static final String ECHO_PROPERTY = "nestauth.referenceBackend.echo";

    /** The line prefix the app prints once it listens. */
    public static final String LISTENING_MARKER = "NESTAUTH_REFERENCE_BACKEND_LISTENING port=";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 60;
    private static final int MIN_NODE_MAJOR = 20;
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(LISTENING_MARKER) + "(\\d+)");

    /** One preparation (npm ci / build) at a time inside this JVM; a file lock covers other JVMs. */
    private static final Object PREPARE_LOCK = new Object();

    private final Process process;
    private final int port;
    private final String apiPrefix;
    private final OutputTail output;
    private final Thread shutdownHook;
    private final BackendHooks hooks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReferenceBackend(Process process, int port, String apiPrefix, OutputTail output,
            Thread shutdownHook) {
        this.process = process;
        this.port = port;
        this.apiPrefix = apiPrefix;
        this.output = output;
        this.shutdownHook = shutdownHook;
        this.hooks = new BackendHooks(rootUrl());
    }

    /** Starts the backend in its default configuration (spec/SERVER-BEHAVIOUR.md §1). */
    public static ReferenceBackend start() {
        return start(Map.of());
    }

    /**
     * Starts the backend with extra environment variables, e.g. {@code ACCESS_TOKEN_TTL=2s},
     * {@code MFA_REQUIRED=1}, {@code RATE_LIMIT=1}, {@code LOCKOUT=1},
     * {@code TENANT_MODE=isolated|disabled}, {@code GLOBAL_AUTH_FILTER=0}, {@code API_PREFIX=},
     * {@code LOG=1} (see reference-backend/README.md).
     */
    public static ReferenceBackend start(Map<String, String> env) {
        Path dir = locateDirectory();
        requireNode(dir);
        prepare(dir);
        return launch(dir, env);
    }

    /** {@code http://127.0.0.1:<port>/api}: the base URL an SDK client is configured with. */
    public String baseUrl() {
        return apiPrefix.isEmpty() ? rootUrl() : rootUrl() + "/" + apiPrefix;
    }

    /** {@code http://127.0.0.1:<port>}: the test hooks live under {@code /__test} here. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public BackendHooks hooks() {
        return hooks;
    }

    /** Whether the node process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** The last lines the backend printed (stdout and stderr), for diagnostics. */
    public List<String> recentOutput() {
        return output.lines();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is running or will run; stopping twice is harmless
        }
        hooks.close();
        stop(process);
    }

    @Override
    public String toString() {
        return "ReferenceBackend[" + baseUrl() + ", pid " + process.pid() + "]";
    }

    // ---- locating and preparing the app ------------------------------------------------------

    /**
     * The reference-backend directory: {@value #DIR_PROPERTY} if set, else the first
     * {@code nestauth-contract-tests/reference-backend} or {@code reference-backend} found walking
     * up from the working directory.
     */
    public static Path locateDirectory() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("package.json"))) {
                throw new IllegalStateException(
                        "-D" + DIR_PROPERTY + "=" + configured + " has no package.json: not the reference backend");
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path cur = start; cur != null; cur = cur.getParent()) {
            for (Path candidate : List.of(
                    cur.resolve("nestauth-contract-tests").resolve("reference-backend"),
                    cur.resolve("reference-backend"))) {
                if (Files.isRegularFile(candidate.resolve("package.json"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Cannot find the reference backend (nestauth-contract-tests/reference-backend)"
                + " above " + start + "; set -D" + DIR_PROPERTY + "=<path>");
    }

    private static void requireNode(Path dir) {
        String hint = "The reference backend needs Node.js " + MIN_NODE_MAJOR
                + " or newer, with `node` and `npm` on the PATH";
        CommandResult version;
        try {
            version = run(dir, Duration.ofSeconds(30), "node", "--version");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(hint + " (running `node --version` failed: " + e.getMessage() + ")", e);
        }
        Matcher m = Pattern.compile("v?(\\d+)\\.").matcher(version.output.trim());
        if (version.exitCode != 0 || !m.lookingAt()) {
            throw new IllegalStateException(hint + " (`node --version` said: " + version.output.trim() + ")");
        }
        if (Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException(hint + " (found " + version.output.trim() + ")");
        }
    }

    /** {@code npm ci} when node_modules is missing or stale, {@code npm run build} when dist is. */
    private static void prepare(Path dir) {
        synchronized (PREPARE_LOCK) {
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
                    "nestauth-reference-backend-" + Integer.toHexString(dir.toString().hashCode()) + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    if (needsInstall(dir)) {
                        expectSuccess(run(dir, NPM_TIMEOUT, npm(), "ci", "--no-audit", "--no-fund"), "npm ci", dir);
                    }
                    if (needsBuild(dir)) {
                        expectSuccess(run(dir, NPM_TIMEOUT, npm(), "run", "build"), "npm run build", dir);
                    }
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the reference backend in " + dir, e);
            }
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
        return isWindows() ? "npm.cmd" : "npm";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    // ---- launching ---------------------------------------------------------------------------

    private static ReferenceBackend launch(Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder("node", "dist/main.js")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("PORT", "0");
        environment.put("HOST", "127.0.0.1");
        // the app exits when this pipe closes, even if this JVM is killed without shutdown hooks
        environment.put("EXIT_ON_STDIN_CLOSE", "1");
        environment.putAll(env);
        String apiPrefix = Optional.ofNullable(environment.get("API_PREFIX")).orElse("api")
                .replaceAll("^/+|/+$", "");

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start `node dist/main.js` in " + dir
                    + ": the reference backend needs Node.js " + MIN_NODE_MAJOR + "+ on the PATH", e);
        }
        Thread shutdownHook = new Thread(() -> stop(process), "nestauth-reference-backend-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        OutputTail output = new OutputTail(TAIL_LINES);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        boolean echo = Boolean.getBoolean(ECHO_PROPERTY);
        Thread reader = new Thread(() -> pump(process.getInputStream(), output, listening, echo),
                "nestauth-reference-backend-output");
        reader.setDaemon(true);
        reader.start();

        try {
            int port = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new ReferenceBackend(process, port, apiPrefix, output, shutdownHook);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            stop(process);
            removeHook(shutdownHook);
            String why = e instanceof TimeoutException
                    ? "did not print its listening line within " + START_TIMEOUT.toSeconds() + " s"
                    : "exited before listening" + exitCodeOf(process);
            throw new IllegalStateException("The reference backend in " + dir + " " + why
                    + ". Its last output:\n" + String.join("\n", output.lines()), e);
        } catch (InterruptedException e) {
            stop(process);
            removeHook(shutdownHook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the reference backend", e);
        }
    }

    /** Reads the process output until it ends: completes {@code listening}, keeps the tail. */
    private static void pump(InputStream in, OutputTail output, CompletableFuture<Integer> listening,
            boolean echo) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (echo) {
                    System.err.println("[reference-backend] " + line);
                }
                if (!listening.isDone()) {
                    Matcher m = MARKER.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is destroyed
        } finally {
            listening.completeExceptionally(new IllegalStateException("backend output ended"));
        }
    }

    private static String exitCodeOf(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // fine
        }
    }

    /** Stops the process and anything it started: politely first, forcibly after a timeout. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---- running npm / node commands ---------------------------------------------------------

    private record CommandResult(int exitCode, String output) {
    }

    private static CommandResult run(Path dir, Duration timeout, String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        OutputTail output = new OutputTail(TAIL_LINES);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "nestauth-reference-backend-" + command[0]);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toMinutes() + " min. Last output:\n" + String.join("\n", output.lines()));
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running `" + String.join(" ", command) + "`", e);
        }
        return new CommandResult(process.exitValue(), String.join("\n", output.lines()));
    }

    private static void expectSuccess(CommandResult result, String what, Path dir) {
        if (result.exitCode != 0) {
            throw new IllegalStateException("`" + what + "` failed in " + dir + " (exit code " + result.exitCode
                    + "). Last output:\n" + result.output);
        }
    }

    /** The last N lines of a process's output. */
    private static final class OutputTail {
        private final int max;
        private final Deque<String> lines = new ArrayDeque<>();

        OutputTail(int max) {
            this.max = max;
        }

        synchronized void add(String line) {
            if (lines.size() == max) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
