package io.nestauth.client;

import java.net.InetAddress;

/**
 * Run by {@link LoopbackWithoutDnsTest} in a JVM whose resolver ({@code -Djdk.net.hosts.file}) maps
 * hex-looking names to 127.0.0.1: prints how each name resolves and whether a client accepts a plain
 * http base URL on it.
 */
public final class LoopbackProbeMain {
  private LoopbackProbeMain() {
  }

  public static void main(String[] args) throws Exception {
    for (String host : args) {
      System.out.println("resolves " + host + " " + InetAddress.getByName(host).isLoopbackAddress());
    }
    for (String host : args) {
      String url = "http://" + host + "/api";
      String verdict;
      try {
        NestAuthClient.builder().baseUrl(url).build().close();
        verdict = "accepted";
      } catch (IllegalArgumentException e) {
        verdict = "refused";
      }
      System.out.println(verdict + " " + url);
    }
  }
}
