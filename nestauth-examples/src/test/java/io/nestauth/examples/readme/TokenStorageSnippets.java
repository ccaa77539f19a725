package io.nestauth.examples.readme;

import io.nestauth.client.FileTokenStore;
import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** README: Token storage. */
final class TokenStorageSnippets {
  private TokenStorageSnippets() {
  }

  static List<TokenStore> builtIn() {
    // tag::token-stores[]
    // the default: the session lasts as long as the process
    TokenStore inMemory = new InMemoryTokenStore();

    // a session that survives restarts: an owner-only JSON file, replaced atomically on every save
    TokenStore onDisk = new FileTokenStore(Path.of(System.getProperty("user.home"), ".my-app", "session.json"));
    // end::token-stores[]
    return List.of(inMemory, onDisk);
  }

  // tag::token-store-custom[]
  /** One keychain entry holds the session: every save replaces it in one step, from any thread. */
  static final class KeychainTokenStore implements TokenStore {
    private static final String ENTRY = "my-app.nestauth-session";
    private final Keychain keychain;

    KeychainTokenStore(Keychain keychain) {
      this.keychain = keychain;
    }

    @Override
    public Optional<StoredTokens> load() {
      String value = keychain.read(ENTRY);
      String[] fields = value == null ? new String[0] : value.split("\n", -1);
      if (fields.length != 4) {
        return Optional.empty();                     // nothing saved, or not ours: signed out
      }
      try {
        return Optional.of(new StoredTokens(orNull(fields[0]), orNull(fields[1]),
            Boolean.parseBoolean(fields[2]), orNull(fields[3])));
      } catch (IllegalArgumentException damaged) {
        return Optional.empty();
      }
    }

    @Override
    public void save(StoredTokens tokens) {
      // JWTs and the device-trust token never contain a line break
      keychain.write(ENTRY, String.join("\n", orEmpty(tokens.accessToken()), orEmpty(tokens.refreshToken()),
          String.valueOf(tokens.mfaPending()), orEmpty(tokens.trustToken())));
    }

    @Override
    public void clear() {
      keychain.delete(ENTRY);
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }

    private static String orNull(String value) {
      return value.isEmpty() ? null : value;
    }
  }
  // end::token-store-custom[]
}
