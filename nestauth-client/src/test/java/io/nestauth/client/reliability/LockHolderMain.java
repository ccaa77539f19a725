package io.nestauth.client.reliability;

import io.nestauth.client.FileTokenStore;

import java.nio.file.Path;

/**
 * The child process of {@link FileTokenStoreLockTest}: takes the refresh lock of the token file
 * given as its argument, says so, and holds it (as a refresh in flight would) until it is killed.
 */
public final class LockHolderMain {
  static final String HOLDING = "holding the lock";

  private LockHolderMain() {
  }

  public static void main(String[] args) {
    new FileTokenStore(Path.of(args[0])).withRefreshLock(() -> {
      System.out.println(HOLDING);
      System.out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
  }
}
