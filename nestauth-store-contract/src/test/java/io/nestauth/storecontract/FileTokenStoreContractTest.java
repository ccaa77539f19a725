package io.nestauth.storecontract;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.TokenStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The file store: a new {@link FileTokenStore} object over one file stands for another process. */
class FileTokenStoreContractTest extends TokenStoreContract {
  @TempDir
  Path dir;

  @Override
  protected TokenStore newStore() {
    return new FileTokenStore(dir.resolve("session.json"));
  }
}
