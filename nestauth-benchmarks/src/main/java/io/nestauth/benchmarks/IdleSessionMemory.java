package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.testfixtures.TestJwts;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The heap a signed-in, idle session takes in a server-side app that holds many: the README's
 * "many-sessions" way, one client per session key derived from one app-wide client with
 * {@code newBuilder()} (all over its one OkHttpClient), kept in a map by key. Each session is saved
 * to the store first, with distinct tokens of the server's lengths; building its client loads it.
 * Measured as the heap in use after full collections, before and after.
 */
public final class IdleSessionMemory {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  /** Threads that save the sessions and build the clients (no more than the JDBC pool's connections). */
  static final int PARALLEL = 4;

  /**
   * Bytes per session.
   *
   * @param storeBytes what the saved sessions take in this JVM: the in-memory store's objects; about
   *     nothing for a store whose data lives in another process
   * @param clientBytes the client, its store object and the tokens it loaded, and the map entry
   */
  public record Result(StoreKind kind, int sessions, double storeBytes, double clientBytes) {
    public double totalBytes() {
      return storeBytes + clientBytes;
    }
  }

  private IdleSessionMemory() {
  }

  public static Result run(StoreKind kind, StoreKind.Factory stores, String baseUrl, int sessions)
      throws InterruptedException {
    NestAuthClient base = NestAuthClient.builder().baseUrl(baseUrl).build();
    ConcurrentMap<String, NestAuthClient> clients = new ConcurrentHashMap<>();
    try {
      List<String> keys = new ArrayList<>(sessions);
      for (int i = 0; i < sessions; i++) {
        keys.add(UUID.randomUUID().toString());
      }
      // the classes, static caches and connections of a save and a load are there before the first reading
      stores.forKey("warm-up").save(tokens());
      base.newBuilder().tokenStore(stores.forKey("warm-up")).build().close();
      long empty = usedAfterGc();
      inParallel(keys, key -> stores.forKey(key).save(tokens()));
      long saved = usedAfterGc();
      inParallel(keys, key -> clients.computeIfAbsent(key, id -> base.newBuilder().tokenStore(stores.forKey(id)).build()));
      long held = usedAfterGc();
      long signedIn = clients.values().stream().filter(NestAuthClient::isAuthenticated).count();
      if (signedIn != sessions) {
        throw new IllegalStateException(kind + ": " + signedIn + " of " + sessions + " clients restored their session");
      }
      return new Result(kind, sessions, (saved - empty) / (double) sessions, (held - saved) / (double) sessions);
    } finally {
      clients.values().forEach(NestAuthClient::close);
      base.close();
    }
  }

  /** @return a session of its own, tokens of the server's lengths */
  private static StoredTokens tokens() {
    String user = UUID.randomUUID().toString();
    String session = UUID.randomUUID().toString();
    return new StoredTokens(TestJwts.access().userId(user).sessionId(session).build(),
        TestJwts.refresh().userId(user).sessionId(session).build(), false, null);
  }

  /** Runs {@code action} for every key on a few threads, as concurrent requests would (a commit each is slow alone). */
  private static void inParallel(List<String> keys, Consumer<String> action) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<?>> done = new ArrayList<>();
      int slice = (keys.size() + PARALLEL - 1) / PARALLEL;
      for (int from = 0; from < keys.size(); from += slice) {
        List<String> part = keys.subList(from, Math.min(keys.size(), from + slice));
        done.add(threads.submit(() -> part.forEach(action)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      threads.shutdown();
    }
  }

  /** @return the smallest heap in use over a few full collections (threads of the JVM allocate meanwhile) */
  static long usedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(10);
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
