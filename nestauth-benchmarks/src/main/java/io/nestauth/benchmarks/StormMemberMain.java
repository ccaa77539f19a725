package io.nestauth.benchmarks;

import io.nestauth.client.NestAuthClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One process of a {@link FleetStorm}: on {@code PREPARE} a fresh client over the shared session
 * (which loads the expired access token the parent stored) and {@code threads} threads waiting, then
 * {@code READY}; on {@code GO} every thread calls {@code getSessionUserData()} once, and
 * {@code DONE ok=… failed=… millis=… firstFailure=…} follows when all are answered. Ends at end of input.
 *
 * <p>Arguments: base URL, {@link StoreKind} name, store address, session key, threads.
 */
public final class StormMemberMain {
  private StormMemberMain() {
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    StoreKind kind = StoreKind.valueOf(args[1]);
    int threads = Integer.parseInt(args[4]);
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (StoreKind.Factory stores = kind.open(args[2], 2)) {
      NestAuthClient client = null;
      CountDownLatch go = null;
      List<Thread> callers = new ArrayList<>();
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicReference<String> firstFailure = new AtomicReference<>("none");
      for (String command = commands.readLine(); command != null; command = commands.readLine()) {
        if (command.equals("PREPARE")) {
          if (client != null) {
            client.close();
          }
          client = NestAuthClient.builder().baseUrl(baseUrl).tokenStore(stores.forKey(args[3])).build();
          CountDownLatch start = new CountDownLatch(1);
          go = start;
          ok.set(0);
          failed.set(0);
          firstFailure.set("none");
          callers.clear();
          NestAuthClient caller = client;
          for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
              try {
                start.await();
                caller.getSessionUserData().execute();
                ok.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet("none", e.getClass().getSimpleName() + ": " + e.getMessage());
              }
            });
            thread.start();
            callers.add(thread);
          }
          System.out.println("READY");
        } else if (command.equals("GO") && go != null) {
          long start = System.nanoTime();
          go.countDown();
          for (Thread thread : callers) {
            thread.join();
          }
          System.out.println("DONE ok=" + ok + " failed=" + failed + " millis=" + (System.nanoTime() - start) / 1e6
              + " firstFailure=" + firstFailure.get().replace('\n', ' '));
        }
        System.out.flush();
      }
      if (client != null) {
        client.close();
      }
    }
    System.exit(0); // the HTTP and Redis clients' threads are not all daemons
  }
}
