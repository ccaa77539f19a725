package io.nestauth.client;

import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Helpers of the security-boundary tests: a second server, names that resolve to it, exception chains. */
final class BoundarySupport {
  /** A name no real resolver answers; {@link #dnsMapping} sends it to the loopback server. */
  static final String ATTACKER_HOST = "attacker.test";

  private BoundarySupport() {
  }

  /** A MockWebServer on 127.0.0.1, i.e. on another host than the test's server (named localhost). */
  static MockWebServer startOnLoopbackAddress() {
    MockWebServer server = new MockWebServer();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** A Dns that sends {@code names} to 127.0.0.1 and asks the system for every other name. */
  static Dns dnsMapping(String... names) {
    List<String> mapped = List.of(names);
    return hostname -> {
      if (mapped.contains(hostname)) {
        return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
      }
      return Dns.SYSTEM.lookup(hostname);
    };
  }

  static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the threads and connections of an OkHttpClient a test made. */
  static void shutdown(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Every throwable of the cause chain and the suppressed ones, each once. */
  static List<Throwable> chain(Throwable failure) {
    List<Throwable> all = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(failure, all, seen);
    return all;
  }

  private static void collect(Throwable failure, List<Throwable> all, Set<Throwable> seen) {
    if (failure == null || !seen.add(failure)) {
      return;
    }
    all.add(failure);
    collect(failure.getCause(), all, seen);
    for (Throwable suppressed : failure.getSuppressed()) {
      collect(suppressed, all, seen);
    }
  }

  /** The messages and toString of every throwable in the chain, joined: what a log of it would show. */
  static String allText(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable each : chain(failure)) {
      text.append(each).append('\n').append(each.getMessage()).append('\n');
    }
    return text.toString();
  }
}
