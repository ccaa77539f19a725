package io.nestauth.client;

import io.nestauth.testfixtures.TestJwts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values read from the token file end up in HTTP headers ({@code Authorization: Bearer ...}, the
 * device-trust header): a file whose access or refresh token is not a legal header value (CR, LF,
 * another control character, non-ASCII, or spaces at either end, which HTTP clients trim) reads as
 * signed out; a bad trust token alone reads as no trust token. No log line names the value.
 */
class FileTokenStoreHostileValuesTest {
  private static final String MARK = "EVIL";

  @TempDir
  Path dir;

  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs();

  static Stream<Arguments> unsafeValues() {
    return Stream.of(
        Arguments.of("CR LF (header injection)", "a.b." + MARK + "\r\nX-Injected: 1"),
        Arguments.of("LF", "a.b." + MARK + "\nX-Injected: 1"),
        Arguments.of("CR", "a.b." + MARK + "\r"),
        Arguments.of("NUL", "a.b." + MARK + "\u0000"),
        Arguments.of("tab", "a.b." + MARK + "\tc"),
        Arguments.of("DEL", "a.b." + MARK + "\u007f"),
        Arguments.of("C1 control", "a.b." + MARK + "\u0085"),
        Arguments.of("Latin-1", "a.b." + MARK + "\u00e9"),
        Arguments.of("line separator", "a.b." + MARK + "\u2028"),
        Arguments.of("emoji", "a.b." + MARK + "\uD83D\uDE00"),
        Arguments.of("leading space", " a.b." + MARK),
        Arguments.of("trailing space", "a.b." + MARK + " "));
  }

  private Path file() {
    return dir.resolve("session.json");
  }

  private void write(String access, String refresh, String trust) throws IOException {
    ObjectNode root = ClientTestSupport.JSON.createObjectNode();
    root.put("version", 1);
    root.put("accessToken", access);
    root.put("refreshToken", refresh);
    root.put("mfaPending", false);
    root.put("trustToken", trust);
    Files.write(file(), ClientTestSupport.JSON.writeValueAsBytes(root));
  }

  private void assertNoLogLineNamesTheValue() {
    assertThat(logs.lines()).noneMatch(line -> line.contains(MARK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeValues")
  void anUnsafeAccessTokenReadsAsSignedOut(String name, String value) throws IOException {
    write(value, TestJwts.refreshToken(), "trust-1");

    assertThat(new FileTokenStore(file()).load()).isEmpty();
    assertNoLogLineNamesTheValue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeValues")
  void anUnsafeRefreshTokenReadsAsSignedOut(String name, String value) throws IOException {
    write(TestJwts.verifiedAccess(), value, "trust-1");

    assertThat(new FileTokenStore(file()).load()).isEmpty();
    assertNoLogLineNamesTheValue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeValues")
  void anUnsafeTrustTokenReadsAsNoTrustTokenAndKeepsTheSession(String name, String value) throws IOException {
    String access = TestJwts.verifiedAccess();
    String refresh = TestJwts.refreshToken();
    write(access, refresh, value);

    assertThat(new FileTokenStore(file()).load()).contains(new StoredTokens(access, refresh, false, null));
    assertNoLogLineNamesTheValue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeValues")
  void anUnsafeTrustTokenOfASignedOutFileReadsAsNoTrustToken(String name, String value) throws IOException {
    write(null, null, value);

    assertThat(new FileTokenStore(file()).load()).contains(StoredTokens.signedOut(null));
    assertNoLogLineNamesTheValue();
  }

  @Test
  void aClientOverAFileWithAnInjectedHeaderIsSignedOut() throws IOException {
    write("a.b." + MARK + "\r\nX-Injected: 1", TestJwts.refreshToken(), null);

    try (NestAuthClient client = NestAuthClient.builder().baseUrl("http://127.0.0.1:9/api")
        .tokenStore(new FileTokenStore(file())).build()) {
      assertThat(client.isAuthenticated()).isFalse();
    }
    assertNoLogLineNamesTheValue();
  }

  @Test
  void printableAsciiTokensWithInnerSpacesStillLoad() throws IOException {
    // legal header values, however odd for a token: the server decides whether they are valid
    String access = TestJwts.verifiedAccess();
    String refresh = "r.e.f ~!#$%&'()*+,-./:;<=>?@[\\]^_`{|}";
    write(access, refresh, "trust token \"quoted\"");

    assertThat(new FileTokenStore(file()).load())
        .contains(new StoredTokens(access, refresh, false, "trust token \"quoted\""));
  }
}
