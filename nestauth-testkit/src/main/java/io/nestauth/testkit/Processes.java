package io.nestauth.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running {@code node}/{@code npm} commands and stopping processes, for the launcher. */
final class Processes {

    static final int TAIL_LINES = 60;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private Processes() {
    }

    record CommandResult(int exitCode, String output) {
    }

    /** Runs a command to its end (bounded by the timeout), keeping the last lines of its output. */
    static CommandResult run(Path dir, Duration timeout, String... command) {
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

    static void expectSuccess(CommandResult result, String what, Path dir) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("`" + what + "` failed in " + dir + " (exit code " + result.exitCode()
                    + "). Last output:\n" + result.output());
        }
    }

    /** Stops the process and anything it started: politely first, forcibly after a timeout. */
    static void stop(Process process) {
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

    /** The last N lines of a process's output; thread-safe. */
    static final class OutputTail {
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
