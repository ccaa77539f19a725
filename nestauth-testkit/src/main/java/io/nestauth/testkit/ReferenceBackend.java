package io.nestauth.testkit;

import io.nestauth.testkit.Processes.OutputTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code @ackplus/nest-auth} 2.11.1 server for tests: the reference backend, a small Node app
 * shipped in this jar, started as a child process on 127.0.0.1 and a free port, with an in-memory
 * database.
 *
 * <p>{@link #start()} checks {@code node --version} (Node.js 20+ with {@code npm} on the PATH),
 * finds the app's sources (inside this repository: {@code nestauth-testkit/reference-backend};
 * elsewhere: unpacked from the jar into a cache directory), installs its npm dependencies when
 * needed ({@code npm ci}), builds it when its sources changed ({@code npm run build}), starts
 * {@code node dist/main.js} and waits for the line {@value #LISTENING_MARKER}&lt;port&gt;.
 * {@link #close()} stops the process; a JVM shutdown hook does it too, and the app itself exits
 * when this JVM's pipe to its standard input closes, so no node process outlives the test run.
 *
 * <p>System properties: {@value #DIR_PROPERTY} (where the app lives), {@value #CACHE_DIR_PROPERTY}
 * (where the jar's copy is unpacked and installed; {@code ~/.cache/nestauth-testkit} by default)
 * and {@value #ECHO_PROPERTY}{@code =true} (log the app's output, logger {@code io.nestauth.testkit.ReferenceBackend}).
 *
 * <p>Thread-safe; starting several backends at once is fine (the preparation is done once).
 */
public final class ReferenceBackend implements AutoCloseable {

    /** System property: path of the reference-backend directory. */
    public static final String DIR_PROPERTY = "nestauth.referenceBackend.dir";

    /** System property: where the app's sources are unpacked from the jar and installed. */
    public static final String CACHE_DIR_PROPERTY = "nestauth.testkit.cacheDir";

    /** System property: {@code true} logs each line of the backend's output (at INFO, through System.Logger). */
    public static final String ECHO_PROPERTY = "nestauth.referenceBackend.echo";

    /** The line prefix the app prints once it listens. */
    public static final String LISTENING_MARKER = "NESTAUTH_REFERENCE_BACKEND_LISTENING port=";

    private static final System.Logger LOG = System.getLogger(ReferenceBackend.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(LISTENING_MARKER) + "(\\d+)");

    private final Process process;
    private final int port;
    private final ServerSettings settings;
    private final OutputTail output;
    private final Thread shutdownHook;
    private final BackendHooks hooks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReferenceBackend(Process process, int port, ServerSettings settings, OutputTail output,
            Thread shutdownHook) {
        this.process = process;
        this.port = port;
        this.settings = settings;
        this.output = output;
        this.shutdownHook = shutdownHook;
        this.hooks = new BackendHooks(rootUrl());
    }

    /**
     * Starts the backend in its default configuration (header tokens, routes under {@code /api/auth},
     * shared tenants, 15 min / 7 d tokens). For other configurations and for JUnit tests, use
     * {@link NestAuthTestServer}.
     *
     * @return the running backend; close it when done
     * @throws IllegalStateException if Node.js 20+ is missing, or the app cannot be installed or started
     */
    public static ReferenceBackend start() {
        return start(ServerSettings.DEFAULTS);
    }

    static ReferenceBackend start(ServerSettings settings) {
        return start(settings, Map.of());
    }

    /** As {@link #start(ServerSettings)}, with variables set beyond the settings' (for tests of the app itself). */
    static ReferenceBackend start(ServerSettings settings, Map<String, String> moreEnvironment) {
        return launch(BackendSources.prepared(), settings, moreEnvironment);
    }

    /**
     * The base URL an SDK client is configured with.
     *
     * @return {@code http://127.0.0.1:<port>/api}
     */
    public String baseUrl() {
        return rootUrl() + "/" + ServerSettings.API_PREFIX;
    }

    /**
     * The server without the API prefix; the test hooks live under {@code /__test} here.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String rootUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The port the backend listens on.
     *
     * @return the port, chosen free at start
     */
    public int port() {
        return port;
    }

    /**
     * The backend's test-only routes.
     *
     * @return the typed client of {@code /__test}; closed with the backend
     */
    public BackendHooks hooks() {
        return hooks;
    }

    /**
     * Whether the node process is still running.
     *
     * @return true until it stopped
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The last lines the backend printed, for diagnostics.
     *
     * @return up to 60 lines of its stdout and stderr, oldest first
     */
    public List<String> recentOutput() {
        return output.lines();
    }

    /** Stops the backend; calling it again does nothing. */
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
        Processes.stop(process);
    }

    @Override
    public String toString() {
        return "ReferenceBackend[" + settings.describe() + ", " + baseUrl() + ", pid " + process.pid() + "]";
    }

    // ---- launching ---------------------------------------------------------------------------

    private static ReferenceBackend launch(Path dir, ServerSettings settings, Map<String, String> moreEnvironment) {
        ProcessBuilder builder = new ProcessBuilder("node", "dist/main.js")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.putAll(settings.environment());
        environment.putAll(moreEnvironment);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start `node dist/main.js` in " + dir
                    + ": the reference backend needs Node.js " + BackendSources.MIN_NODE_MAJOR + "+ on the PATH", e);
        }
        Thread shutdownHook = new Thread(() -> Processes.stop(process), "nestauth-reference-backend-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        OutputTail output = new OutputTail(Processes.TAIL_LINES);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        boolean echo = Boolean.getBoolean(ECHO_PROPERTY);
        Thread reader = new Thread(() -> pump(process.getInputStream(), output, listening, echo),
                "nestauth-reference-backend-output");
        reader.setDaemon(true);
        reader.start();

        try {
            int port = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new ReferenceBackend(process, port, settings, output, shutdownHook);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            Processes.stop(process);
            removeHook(shutdownHook);
            String why = e instanceof TimeoutException
                    ? "did not print its listening line within " + START_TIMEOUT.toSeconds() + " s"
                    : "exited before listening" + exitCodeOf(process);
            throw new IllegalStateException("The reference backend in " + dir + " " + why
                    + ". Its last output:\n" + String.join("\n", output.lines()), e);
        } catch (InterruptedException e) {
            Processes.stop(process);
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
                    LOG.log(System.Logger.Level.INFO, "[reference-backend] {0}", line);
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
}
