package io.nestauth.examples.readme;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.TokenStore;
import io.nestauth.examples.readme.TokenStorageSnippets.KeychainTokenStore;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a few README snippets against a MockWebServer playing the Nest Auth server: they do what the text says. */
class ReadmeSnippetsRunTest {
  private static final String PASSWORD = "Readme-Passw0rd";

  private MockWebServer server;
  private final RecordingUi ui = new RecordingUi();

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private NestAuthClient client(TokenStore store) {
    return NestAuthClient.builder().baseUrl(server.url("/api").toString()).tokenStore(store).build();
  }

  private static TokenStore signedIn() {
    TokenStore store = new InMemoryTokenStore();
    store.save(new StoredTokens("access-1", "refresh-1", false, null));
    return store;
  }

  @Test
  void signupSendsTheExtraFields() throws InterruptedException {
    server.enqueue(tokens(false, "Signup successful"));
    server.enqueue(tokens(false, "Signup successful"));
    try (NestAuthClient auth = client(new InMemoryTokenStore())) {
      new SignUpSnippets(auth).withExtraFields(PASSWORD);
    }

    RecordedRequest first = take();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/api/auth/signup");
    assertThat(body(first)).contains("\"email\":\"bob@example.com\"", "\"firstName\":\"Bob\"", "\"lastName\":\"Jones\"");
    assertThat(body(take())).contains("\"guard\":\"web\"", "\"referralCode\":\"SPRING26\"");
  }

  @Test
  void mfaLoginSendsTheChallengeAndTrustsTheDevice() throws InterruptedException {
    server.enqueue(json(200, "{\"accessToken\":\"pending-1\",\"refreshToken\":\"refresh-1\",\"isRequiresMfa\":true,"
        + "\"message\":\"MFA required\",\"mfaMethods\":[\"email\",\"totp\"],\"defaultMfaMethod\":\"email\"}"));
    server.enqueue(json(200, "{\"message\":\"MFA code sent\"}"));
    server.enqueue(json(200, "{\"accessToken\":\"access-2\",\"refreshToken\":\"refresh-2\",\"isRequiresMfa\":false,"
        + "\"message\":\"2FA verification successful\",\"trustToken\":\"trust-1\"}"));
    ui.codes.add("123456");
    try (NestAuthClient auth = client(new InMemoryTokenStore())) {
      new MfaSnippets(auth, ui).login(PASSWORD);

      assertThat(auth.isAuthenticated()).isTrue();
      assertThat(auth.isDeviceTrusted()).isTrue();
    }

    assertThat(take().getUrl().encodedPath()).isEqualTo("/api/auth/login");
    RecordedRequest challenge = take();
    assertThat(challenge.getUrl().encodedPath()).isEqualTo("/api/auth/mfa/challenge");
    assertThat(body(challenge)).contains("\"method\":\"email\"");
    RecordedRequest verify = take();
    assertThat(verify.getUrl().encodedPath()).isEqualTo("/api/auth/mfa/verify");
    assertThat(body(verify)).contains("\"otp\":\"123456\"", "\"trustDevice\":true");
  }

  @Test
  void ownApiCallsCarryTheAccessToken() throws IOException, InterruptedException {
    server.enqueue(json(200, "{\"orders\":[]}"));
    try (NestAuthClient auth = client(signedIn())) {
      String orders = new InYourAppSnippets(auth, ui).ownApiCall(server.url("/api/orders").toString());

      assertThat(orders).isEqualTo("{\"orders\":[]}");
    }
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer access-1");
  }

  @Test
  void errorHandlingTellsTheCasesApart() {
    server.enqueue(json(401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid credentials\","
        + "\"code\":\"INVALID_CREDENTIALS\"}"));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30")
        .addHeader("Content-Type", "application/json")
        .body("{\"statusCode\":429,\"message\":\"Too many requests\"}").build());
    server.enqueue(json(403, "{\"statusCode\":403,\"error\":\"Forbidden\",\"message\":\"Account disabled\","
        + "\"code\":\"ACCOUNT_INACTIVE\"}"));
    try (NestAuthClient auth = client(new InMemoryTokenStore())) {
      InYourAppSnippets snippets = new InYourAppSnippets(auth, ui);
      snippets.errors("alice@example.com", PASSWORD);
      snippets.errors("alice@example.com", PASSWORD);
      snippets.errors("alice@example.com", PASSWORD);
    }

    assertThat(ui.errors).containsExactly("Wrong email or password", "Too many attempts, try again in 30 s",
        "Sign-in failed (HTTP 403, ACCOUNT_INACTIVE)");
  }

  @Test
  void keychainTokenStoreKeepsTheSessionAcrossClients() {
    MapKeychain keychain = new MapKeychain();
    server.enqueue(tokens(false, "Login successful"));
    try (NestAuthClient auth = client(new KeychainTokenStore(keychain))) {
      auth.loginWithEmail("alice@example.com", PASSWORD).execute();
    }
    try (NestAuthClient restarted = client(new KeychainTokenStore(keychain))) {
      assertThat(restarted.isAuthenticated()).isTrue();
      assertThat(restarted.accessToken()).contains("access-1");
    }

    KeychainTokenStore store = new KeychainTokenStore(keychain);
    StoredTokens pending = new StoredTokens("a", "r", true, "trust");
    store.save(pending);
    assertThat(store.load()).contains(pending);
    store.save(StoredTokens.signedOut("trust"));
    assertThat(store.load()).contains(StoredTokens.signedOut("trust"));
    keychain.write("my-app.nestauth-session", "garbage");
    assertThat(store.load()).isEmpty();
    keychain.write("my-app.nestauth-session", "only-access\n\nfalse\n");
    assertThat(store.load()).isEmpty();
    store.clear();
    assertThat(keychain.entries).isEmpty();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void sessionUserReadsTheTypedAndTheRawFields() {
    server.enqueue(json(200, "{\"id\":\"26b6b071-32d7-4cba-9161-6d80869ec2fa\",\"email\":\"alice@example.com\","
        + "\"phone\":null,\"emailVerifiedAt\":\"2026-11-21T22:15:48.134Z\",\"phoneVerifiedAt\":null,"
        + "\"isMfaEnabled\":false,\"metadata\":{},\"mustChangePassword\":false,"
        + "\"roles\":[{\"id\":\"ab1d5f2f-8fb9-42d4-a901-70f70d0c7031\",\"name\":\"inviter\",\"guard\":\"web\"}],"
        + "\"permissions\":[\"users.invite\"],\"plan\":\"pro\"}"));
    try (NestAuthClient auth = client(signedIn())) {
      assertThat(new SessionSnippets(auth).sessionUser()).containsExactly("26b6b071-32d7-4cba-9161-6d80869ec2fa",
          java.util.Optional.of("alice@example.com"), true, true, List.of("inviter"), "pro");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse tokens(boolean requiresMfa, String message) {
    return json(200, "{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\",\"isRequiresMfa\":" + requiresMfa
        + ",\"message\":\"" + message + "\"}");
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  private static final class RecordingUi implements Ui {
    final List<String> errors = new ArrayList<>();
    final List<String> codes = new ArrayList<>();

    @Override
    public void showError(String message) {
      errors.add(message);
    }

    @Override
    public void showLoginScreen() {
    }

    @Override
    public void showWelcome(String name) {
    }

    @Override
    public String askForCode() {
      return codes.remove(0);
    }

    @Override
    public void showQrCode(String pngDataUrl) {
    }

    @Override
    public void showRecoveryCodesOnce(List<String> codes) {
    }
  }

  private static final class MapKeychain implements Keychain {
    final Map<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public String read(String entry) {
      return entries.get(entry);
    }

    @Override
    public void write(String entry, String value) {
      entries.put(entry, value);
    }

    @Override
    public void delete(String entry) {
      entries.remove(entry);
    }
  }
}
