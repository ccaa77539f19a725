package io.nestauth.examples.readme;

/**
 * Stands for a platform's secure storage (a keychain, an encrypted preference) in the README's
 * custom token store; not part of the SDK. Each call is atomic and thread-safe.
 */
interface Keychain {
  /** @return the entry's value, or null */
  String read(String entry);

  void write(String entry, String value);

  void delete(String entry);
}
