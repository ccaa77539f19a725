package io.nestauth.contract.fleet;

import io.nestauth.client.FileTokenStore;

import java.nio.file.Path;

/** Takes the refresh lock of a session file, says so, and holds it until killed (a refresh that never ends). */
public final class LockHolderMain {
  static final String HOLDING = "HOLDING";

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
