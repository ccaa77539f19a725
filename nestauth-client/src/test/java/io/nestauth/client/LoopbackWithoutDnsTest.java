package io.nestauth.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain http is accepted for loopback hosts only, judged by the host's text: a name is never looked
 * up, so a resolver (or an attacker's DNS answer) that maps a name to 127.0.0.1 cannot make it
 * "loopback", and building a client never waits for DNS.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopbackWithoutDnsTest {
  /** Names the old check took for IP literals (hex digits and dots) and resolved, and a look-alike. */
  private static final String[] NAMES = {"cafe", "dead.beef", "abc", "127.0.0.1.example.com", "face.b00c"};

  @ParameterizedTest
  @ValueSource(strings = {"http://cafe/api", "http://dead.beef/api", "http://127.0.0.1.example.com/api",
      "http://abc/", "http://face.b00c/api", "http://localhost.example.com/api", "http://127.0.0.1.nip.io/api",
      "http://127.0.0.256/api",
      "http://0.0.0.0/api", "http://[::2]/api"})
  void plainHttpToAHostThatIsNotLiterallyLoopbackIsRefused(String url) {
    assertThatThrownBy(() -> NestAuthClient.builder().baseUrl(url).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost/api", "http://LOCALHOST:3000/api", "http://127.0.0.1/api",
      "http://127.1.2.3/api", "http://127.255.255.255:8080/api", "http://[::1]/api", "http://[0:0:0:0:0:0:0:1]/api"})
  void plainHttpToALoopbackLiteralIsAccepted(String url) {
    assertThatCode(() -> NestAuthClient.builder().baseUrl(url).build().close()).doesNotThrowAnyException();
  }

  @Test
  void theSameNamesAreAcceptedWithAllowInsecureHttp() {
    for (String host : NAMES) {
      assertThatCode(() -> NestAuthClient.builder().baseUrl("http://" + host + "/api").allowInsecureHttp(true).build()
          .close()).as(host).doesNotThrowAnyException();
    }
  }

  /**
   * The classes that decide "loopback" (the builder for the base URL, the interceptor for the app's
   * requests) reference no resolver: no {@code InetAddress}, so no lookup, whatever the name.
   */
  @Test
  void theLoopbackDecisionReferencesNoResolver() throws IOException {
    for (Class<?> type : List.of(NestAuthClientBuilder.class, AuthInterceptor.class)) {
      String constants;
      try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
        assertThat(in).as(type.getSimpleName() + ".class").isNotNull();
        constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      List<String> resolvers = new ArrayList<>();
      for (String resolver : List.of("java/net/InetAddress", "java/net/InetSocketAddress", "okhttp3/Dns")) {
        if (constants.contains(resolver)) {
          resolvers.add(resolver);
        }
      }
      assertThat(resolvers).as(type.getSimpleName() + ".class references a resolver").isEmpty();
    }
    Path source = Path.of("src/main/java/io/nestauth/client/NestAuthClientBuilder.java");
    if (Files.exists(source)) {
      String text = Files.readString(source);
      assertThat(text.contains("InetAddress") || text.contains("getByName")).as(source + " mentions InetAddress")
          .isFalse();
    }
  }

  /**
   * In a JVM whose resolver maps the hex-looking names to 127.0.0.1 (as an attacker's DNS could), they
   * are still refused: the decision does not depend on what a name resolves to.
   */
  @Test
  void namesThatResolveToLoopbackAreStillRefused(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 " + String.join(" ", NAMES) + "\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
        LoopbackProbeMain.class.getName()));
    command.addAll(List.of(NAMES));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream out = child.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();

    for (String host : NAMES) {
      assertThat(output).as("the child's resolver maps %s to loopback", host).contains("resolves " + host + " true");
      assertThat(output).as(host).contains("refused http://" + host + "/api").doesNotContain("accepted http://" + host);
    }
  }
}
