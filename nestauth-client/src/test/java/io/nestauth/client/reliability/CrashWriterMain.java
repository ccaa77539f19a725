package io.nestauth.client.reliability;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.StoredTokens;

import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link FileTokenStoreCrashTest}: saves the {@link #STATES} in turn, as fast
 * as it can, until it is killed. Prints one line once the first save is on disk.
 */
public final class CrashWriterMain {
  /** What the file may hold: signed in, MFA-pending, trusted, signed out with only a trust token. */
  static final List<StoredTokens> STATES = List.of(
      new StoredTokens("eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIiwibiI6MH0.c2lnbmF0dXJlLTA",
          "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCIsIm4iOjB9.c2lnbmF0dXJlLTA", false, null),
      new StoredTokens("eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIiwibiI6MSwiaXNNZmFFbmFibGVkIjp0cnVlfQ.c2ln"
          + "x".repeat(1500), "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCIsIm4iOjF9.c2lnbmF0dXJlLTE", true, null),
      new StoredTokens("eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIiwibiI6Mn0.c2lnbmF0dXJlLTI",
          "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCIsIm4iOjJ9.c2ln" + "y".repeat(3000), false,
          "Zq3x0mU1yQ7bD5hJ2kL9nP4rS6tV8wX0yZ1aB3cD5eF"),
      StoredTokens.signedOut("Zq3x0mU1yQ7bD5hJ2kL9nP4rS6tV8wX0yZ1aB3cD5eF"));

  private CrashWriterMain() {
  }

  public static void main(String[] args) {
    FileTokenStore store = new FileTokenStore(Path.of(args[0]));
    int start = Integer.parseInt(args[1]);
    store.save(STATES.get(start % STATES.size()));
    System.out.println("written");
    System.out.flush();
    for (long i = start + 1; ; i++) {
      store.save(STATES.get((int) (i % STATES.size())));
    }
  }
}
