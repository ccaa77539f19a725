package io.nestauth.verifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of the server's answers, by the SHA-256 of the token (never the token): each
 * answer is kept for the TTL, and the least recently used one goes when the cache is full.
 * Thread-safe (one lock; the work under it is a map lookup).
 */
final class SessionCache {
  /** What the server said about a session: alive, or refused with a reason for the message. */
  record Answer(boolean alive, String detail) {
  }

  private record Entry(Answer answer, Instant expiresAt) {
  }

  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries;

  SessionCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > SessionCache.this.maxEntries;
      }
    };
  }

  boolean enabled() {
    return maxEntries > 0 && !ttl.isZero();
  }

  synchronized @Nullable Answer get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(key);
      return null;
    }
    return entry.answer();
  }

  synchronized void put(String key, Answer answer) {
    if (enabled()) {
      entries.put(key, new Entry(answer, clock.instant().plus(ttl)));
    }
  }

  synchronized int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "cacheTtl=" + ttl + ", maxCacheEntries=" + maxEntries;
  }
}
