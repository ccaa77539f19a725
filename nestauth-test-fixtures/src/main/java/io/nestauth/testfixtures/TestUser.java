package io.nestauth.testfixtures;

/**
 * The user every fixture speaks of: the claims of {@link TestJwts}, the session user of
 * {@link ServerAnswers#sessionUserBody()} and the credentials tests sign in with.
 */
public final class TestUser {
  /** The user's id (the {@code id} and {@code sub} claims). */
  public static final String USER_ID = "26b6b071-32d7-4cba-9161-6d80869ec2fa";
  /** The id of the user's session (the {@code sessionId} claim). */
  public static final String SESSION_ID = "dec799c6-1e51-4e6a-b815-acd7345036e7";
  /** The user's email address. */
  public static final String EMAIL = "alice@example.com";
  /** A password the server accepts (8 characters or more). */
  public static final String PASSWORD = "Passw0rd!23";
  /** A tenant the user is a member of. */
  public static final String TENANT_ID = "54ea08be-33e7-41e6-8e40-9e660fef43af";

  private TestUser() {
  }
}
