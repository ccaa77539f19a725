package io.nestauth.contract.fleet;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.TokenStore;
import io.nestauth.testbackend.BackendHooks;
import io.nestauth.testbackend.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes sharing one session against the real server, whose access tokens live 2 seconds: every
 * process meets each expiry, and the server revokes the session the moment a rotated refresh token
 * comes back. The proof is the server's own record: no reuse detected, about one refresh per expiry
 * window, and no process signed out or failed a call.
 */
@DisabledIfSystemProperty(named = "nestauth.provider.baseUrl", matches = ".+",
    disabledReason = "needs the reference backend's /__test hooks and a short access-token lifetime")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedSessionFleetIT {
  static final String PASSWORD = "Fleet-Passw0rd!23";
  static final long ACCESS_TTL_MILLIS = 2_000;
  static final long RUN_MILLIS = 20_000;
  static final int THREADS = 16;
  /** Between one thread's calls: keeps 4 × 16 threads within what the one-node backend serves on 2 cores. */
  static final long PAUSE_MILLIS = 250;
  static final Pattern RESULT = Pattern.compile(
      "RESULT calls=(\\d+) failures=(\\d+) signOuts=(\\d+) signOutReason=(.*) firstFailure=(.*)");

  static ReferenceBackend backend;
  static BackendHooks hooks;

  @BeforeAll
  static void startShortLivedTokenBackend() {
    backend = ReferenceBackend.start(Map.of("ACCESS_TOKEN_TTL", ACCESS_TTL_MILLIS / 1000 + "s"));
    hooks = backend.hooks();
  }

  @AfterAll
  static void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  /** Signs a fresh user in over {@code store}; returns the user's id. */
  static String signIn(TokenStore store) {
    try (NestAuthClient auth = NestAuthClient.builder().baseUrl(backend.baseUrl()).tokenStore(store).build()) {
      auth.signupWithEmail("fleet-" + UUID.randomUUID() + "@example.com", PASSWORD).execute();
      return auth.getSessionUserData().execute().id();
    }
  }

  @Test
  void fourProcessesOverOneSessionFileRefreshOncePerExpiryAndNeverReplay(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("session.json");
    String userId = signIn(new FileTokenStore(file));

    List<Process> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(startMember("file", file.toString(), RUN_MILLIS));
    }
    List<Matcher> results = awaitResults(members);

    assertFleetKeptTheSession(userId, results, RUN_MILLIS);
  }

  /**
   * A process killed with SIGKILL while it holds the store's refresh lock: the operating system
   * frees the lock, and the others go on refreshing (they wait no longer than the lock's timeout).
   */
  @Test
  void aProcessKilledWhileHoldingTheRefreshLockDoesNotStopTheOthers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("session.json");
    String userId = signIn(new FileTokenStore(file));

    Process holder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), file.toString()).redirectErrorStream(true).start();
    BufferedReader holderOut = reader(holder);
    assertThat(holderOut.readLine()).isEqualTo(LockHolderMain.HOLDING);

    long runMillis = 8_000;
    List<Process> members = List.of(startMember("file", file.toString(), runMillis),
        startMember("file", file.toString(), runMillis));
    // the members meet the first expiry (2 s) while the lock is held, and wait for it
    Thread.sleep(3_000);
    holder.destroyForcibly();
    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertFleetKeptTheSession(userId, awaitResults(members), runMillis);
  }

  private static void assertFleetKeptTheSession(String userId, List<Matcher> results, long runMillis) {
    var events = hooks.sessionEvents(userId);
    String summary = "server: " + events + "; members: "
        + results.stream().map(Matcher::group).collect(java.util.stream.Collectors.joining(" | "));
    long calls = 0;
    for (Matcher result : results) {
      assertThat(Long.parseLong(result.group(2))).as("failed calls of a member; %s", summary).isZero();
      assertThat(Long.parseLong(result.group(3))).as("sign-outs of a member; %s", summary).isZero();
      calls += Long.parseLong(result.group(1));
    }
    assertThat(calls).as("calls made by the fleet").isPositive();
    assertThat(events.path("reuseDetections").asInt()).as("rotated refresh tokens presented again").isZero();
    long windows = runMillis / ACCESS_TTL_MILLIS;
    // one refresh per expiry window: at most one more for the window the run started in
    assertThat(events.path("refreshes").asInt()).as("refreshes in %d windows of %d ms", windows, ACCESS_TTL_MILLIS)
        .isBetween(1, (int) windows + 1);
  }

  private static Process startMember(String storeKind, String storeArgument, long runMillis) throws IOException {
    return new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), FleetMemberMain.class.getName(), backend.baseUrl(),
        storeKind, storeArgument, Integer.toString(THREADS), Long.toString(runMillis), Long.toString(PAUSE_MILLIS))
        .redirectErrorStream(true)
        .start();
  }

  /** Reads every member's output to its end (in parallel, so no pipe fills up) and returns the result lines. */
  private static List<Matcher> awaitResults(List<Process> members) throws Exception {
    List<CompletableFuture<Matcher>> results = new ArrayList<>();
    for (Process member : members) {
      results.add(CompletableFuture.supplyAsync(() -> {
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = reader(member)) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = RESULT.matcher(line);
            if (matcher.matches()) {
              return matcher;
            }
            if (output.length() < 4_000) {
              output.append(line).append('\n');
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        throw new AssertionError("a member ended without a result:\n" + output);
      }));
    }
    List<Matcher> matched = new ArrayList<>();
    try {
      for (CompletableFuture<Matcher> result : results) {
        matched.add(result.get(120, TimeUnit.SECONDS));
      }
    } finally {
      members.forEach(Process::destroyForcibly);
    }
    return matched;
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
