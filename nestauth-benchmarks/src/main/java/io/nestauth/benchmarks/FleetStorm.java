package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import io.nestauth.testkit.BackendHooks;
import io.nestauth.testkit.ReferenceBackend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refresh storm across processes: {@code processes} JVMs ({@link StormMemberMain}) of {@code threads}
 * threads each share one session through one store; the parent stores an expired copy of the session's
 * access token (the real server's test hook signs it), every member builds a fresh client over it, and
 * all threads of all members call {@code getSessionUserData()} at once. The server's own record
 * ({@link BackendHooks#sessionEvents}) counts the refreshes it granted and the used refresh tokens that
 * came back (each would have revoked the session). The members stay up from round to round.
 */
public final class FleetStorm {
  private static final Pattern DONE = Pattern.compile("DONE ok=(\\d+) failed=(\\d+) millis=\\S+ firstFailure=(.*)");
  private static final long STEP_SECONDS = 60;

  /**
   * @param expired whether the stored access token was expired (a storm) or valid (the control)
   * @param refreshes refreshes the server granted during the round (the promise: exactly 1 in a storm, 0 in the control)
   * @param reuseDetections used refresh tokens presented again (the promise: 0)
   * @param ok calls that returned the user
   * @param failed calls that threw
   * @param millis from the parent's {@code GO} until every member reported all its calls answered
   */
  public record Round(boolean expired, int refreshes, int reuseDetections, int ok, int failed, double millis,
      String firstFailure) {
    public boolean kept() {
      return refreshes == (expired ? 1 : 0) && reuseDetections == 0 && failed == 0;
    }
  }

  public record Result(StoreKind kind, int processes, int threads, List<Round> rounds) {
  }

  private FleetStorm() {
  }

  /**
   * @param classpath the members' classpath (this JVM's)
   * @param storms storms, the first one while the members' JVMs are still cold; each later one is
   *     followed by a control round, the same calls with the valid token the storm left
   */
  public static Result run(ReferenceBackend backend, StoreKind kind, String address, String classpath, int processes,
      int threads, int storms) throws IOException, InterruptedException {
    String key = "fleet-" + UUID.randomUUID();
    BackendHooks hooks = backend.hooks();
    try (StoreKind.Factory stores = kind.open(address, 2)) {
      TokenStore store = stores.forKey(key);
      String userId;
      try (NestAuthClient signIn = NestAuthClient.builder().baseUrl(backend.baseUrl()).tokenStore(store).build()) {
        signIn.signupWithEmail("bench-fleet-" + UUID.randomUUID() + "@example.com", "Bench-Passw0rd-1").execute();
        userId = signIn.getSessionUserData().execute().id();
      }
      List<Member> members = new ArrayList<>();
      try {
        for (int i = 0; i < processes; i++) {
          members.add(new Member(classpath, backend.baseUrl(), kind, address, key, threads));
        }
        List<Round> results = new ArrayList<>();
        for (int round = 0; round < 2 * storms - 1; round++) {
          boolean expired = round % 2 == 0;
          if (expired) {
            StoredTokens current = store.load().orElseThrow(() -> new IllegalStateException(kind + ": the session is gone"));
            store.save(new StoredTokens(hooks.expiredCopyOf(current.accessToken()), current.refreshToken(), false, null));
          }
          for (Member member : members) {
            member.send("PREPARE");
          }
          for (Member member : members) {
            member.expect("READY");
          }
          BackendHooks.SessionEvents before = hooks.sessionEvents(userId);
          long start = System.nanoTime();
          for (Member member : members) {
            member.send("GO");
          }
          int ok = 0;
          int failed = 0;
          String firstFailure = "none";
          for (Member member : members) {
            Matcher done = DONE.matcher(member.expect("DONE "));
            if (!done.matches()) {
              throw new IllegalStateException("unexpected line from a member: " + done);
            }
            ok += Integer.parseInt(done.group(1));
            failed += Integer.parseInt(done.group(2));
            if (firstFailure.equals("none")) {
              firstFailure = done.group(3);
            }
          }
          double millis = (System.nanoTime() - start) / 1e6;
          BackendHooks.SessionEvents after = hooks.sessionEvents(userId);
          results.add(new Round(expired, after.refreshes() - before.refreshes(), after.reuseDetections() - before.reuseDetections(),
              ok, failed, millis, firstFailure));
        }
        return new Result(kind, processes, threads, results);
      } finally {
        for (Member member : members) {
          member.close();
        }
      }
    }
  }

  /** A member process, its commands on stdin and its lines read by a thread of its own (no pipe fills up). */
  private static final class Member implements AutoCloseable {
    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder other = new StringBuilder();

    Member(String classpath, String baseUrl, StoreKind kind, String address, String key, int threads)
        throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // as the contract tests' fleet members: small JVMs, several of them on 2 cores
      process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", classpath,
          StormMemberMain.class.getName(), baseUrl, kind.name(), address, key, Integer.toString(threads))
          .redirectErrorStream(true).start();
      commands = process.getOutputStream();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
        lines.add("EOF");
      }, "storm-member-output");
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) {
      try {
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("a member is gone; its output:\n" + other, e);
      }
    }

    /** @return the next line starting with {@code prefix}; other lines (logging) are kept for the error message */
    String expect(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.equals("EOF")) {
          throw new IllegalStateException("a member gave no " + prefix.trim() + " line" + (line == null ? " in time" : "")
              + "; its output:\n" + other);
        }
        if (line.startsWith(prefix)) {
          return line;
        }
        if (other.length() < 8_000) {
          other.append(line).append('\n');
        }
      }
    }

    /** Ends its input, so that it exits; a member that does not within 20 s is killed. */
    @Override
    public void close() {
      try {
        commands.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException e) {
        process.destroyForcibly(); // its input is gone: so is the member, or it is stuck
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
