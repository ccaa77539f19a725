package io.nestauth.examples;

import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.ServerCheck;
import io.nestauth.client.exception.NestAuthException;

import java.io.PrintStream;

/**
 * Checks a Nest Auth deployment against this SDK's settings and prints {@link NestAuthClient#checkServer()}'s
 * report; the exit status is 0 when they fit, 1 on a mismatch or when the server does not answer, 2 for a
 * missing or refused setting. Nothing is created on the server.
 *
 * <pre>
 * mvn -q -pl nestauth-examples exec:java@check -Dnestauth.baseUrl=https://api.example.com/api
 *     [-Dnestauth.routePrefix=identity] [-Dnestauth.tenantId=&lt;tenant uuid&gt;]
 * </pre>
 */
public final class CheckServer {
  static final String USAGE = "usage: mvn -q -pl nestauth-examples exec:java@check "
      + "-Dnestauth.baseUrl=https://api.example.com/api [-Dnestauth.routePrefix=auth] [-Dnestauth.tenantId=<uuid>]";

  private CheckServer() {
  }

  public static void main(String[] args) {
    String baseUrl = args.length > 0 ? args[0] : System.getProperty("nestauth.baseUrl");
    int status = run(baseUrl, System.getProperty("nestauth.routePrefix"), System.getProperty("nestauth.tenantId"),
        System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * @param baseUrl the server's URL including the app's global prefix; null or blank prints the usage
   * @param routePrefix the server's route prefix, or null/blank for the default
   * @param tenantId the default tenant, or null/blank for none
   * @return the exit status
   */
  static int run(String baseUrl, String routePrefix, String tenantId, PrintStream out, PrintStream err) {
    if (blank(baseUrl)) {
      err.println(USAGE);
      return 2;
    }
    NestAuthClientBuilder builder;
    try {
      builder = NestAuthClient.builder().baseUrl(baseUrl.trim());
      if (!blank(routePrefix)) {
        builder.routePrefix(routePrefix.trim());
      }
      if (!blank(tenantId)) {
        builder.defaultTenantId(tenantId.trim());
      }
    } catch (IllegalArgumentException refused) {
      err.println("nestauth check: " + refused.getMessage());
      return 2;
    }
    try (NestAuthClient auth = builder.build()) {
      ServerCheck check = auth.checkServer().execute();
      out.println(check);
      return check.isCompatible() ? 0 : 1;
    } catch (IllegalArgumentException refused) {
      err.println("nestauth check: " + refused.getMessage());
      return 2;
    } catch (NestAuthException failed) {
      // the base URL is not repeated: it may hold user info
      err.println("nestauth check: " + failed.getMessage() + "; is the server up, and is the base URL right?");
      return 1;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.trim().isEmpty();
  }
}
