package io.nestauth.client;

import io.nestauth.client.internal.Args;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link NestAuthClient#checkServer()} found out about the server and whether this client's
 * settings fit it: one {@link Finding} per point (where the routes are, token delivery, CSRF, MFA,
 * tenants, ...), each saying what was found and, where something does not fit, why and how to fix it.
 * Immutable. {@link #toString()} is the report in plain words; it holds no credential.
 *
 * <pre>{@code
 * ServerCheck check = auth.checkServer().execute();
 * if (!check.isCompatible()) {
 *     log.warning(check.toString()); // the report in plain words, for your app to show
 * }
 * }</pre>
 */
public final class ServerCheck {
  private final String baseUrl;
  private final String routePrefix;
  private final @Nullable ServerConfig serverConfig;
  private final List<Finding> findings;

  ServerCheck(String baseUrl, String routePrefix, @Nullable ServerConfig serverConfig, List<Finding> findings) {
    this.baseUrl = Args.notNull(baseUrl, "baseUrl");
    this.routePrefix = Args.notNull(routePrefix, "routePrefix");
    this.serverConfig = serverConfig;
    this.findings = Collections.unmodifiableList(new ArrayList<>(findings));
  }

  /** @return the base URL that was checked, as the client is configured (without user info or query) */
  public String baseUrl() {
    return baseUrl;
  }

  /** @return the route prefix that was checked, as the client is configured */
  public String routePrefix() {
    return routePrefix;
  }

  /** @return true when no finding is a {@link Finding.Status#MISMATCH}: this client can work with the server */
  public boolean isCompatible() {
    return findings.stream().noneMatch(Finding::isMismatch);
  }

  /** @return every finding, in the order of the report; unmodifiable */
  public List<Finding> findings() {
    return findings;
  }

  /** @return the findings that stop this client from working with the server; unmodifiable, empty when compatible */
  public List<Finding> mismatches() {
    List<Finding> mismatches = new ArrayList<>();
    for (Finding finding : findings) {
      if (finding.isMismatch()) {
        mismatches.add(finding);
      }
    }
    return Collections.unmodifiableList(mismatches);
  }

  /** @return the server's public configuration, when a Nest Auth server was found */
  public Optional<ServerConfig> serverConfig() {
    return Optional.ofNullable(serverConfig);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServerCheck)) {
      return false;
    }
    ServerCheck other = (ServerCheck) o;
    return baseUrl.equals(other.baseUrl) && routePrefix.equals(other.routePrefix)
        && Objects.equals(serverConfig, other.serverConfig) && findings.equals(other.findings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUrl, routePrefix, serverConfig, findings);
  }

  /** @return the report: a headline, then one entry per finding with its problem and fix */
  @Override
  public String toString() {
    int mismatches = mismatches().size();
    StringBuilder out = new StringBuilder("Nest Auth server check of ").append(baseUrl).append(" with route prefix \"")
        .append(routePrefix).append("\": ")
        .append(mismatches == 0 ? "compatible" : mismatches + (mismatches == 1 ? " mismatch" : " mismatches"));
    for (Finding finding : findings) {
      out.append('\n').append(finding);
    }
    return out.toString();
  }

  /** One point of the check: what was found and, when it does not fit, the problem and its fix. Immutable. */
  public static final class Finding {
    private static final String INDENT = "             ";

    /** How a finding bears on this client. */
    public enum Status {
      /** The server and the client agree on this point. */
      FITS,
      /** It works, and there is something to know or to do in the app (e.g. pass a tenant id). */
      NOTE,
      /** This client, as configured, cannot work with the server until it is fixed. */
      MISMATCH
    }

    /** What a finding is about. */
    public enum Topic {
      /** Where the server's Nest Auth routes are: base URL and the app's global prefix. */
      BASE_URL("base URL"),
      /** The server's {@code routePrefix} option. */
      ROUTE_PREFIX("route prefix"),
      /** How the server answers a request without credentials. */
      ERRORS("errors"),
      /** Where the server puts tokens ({@code session.accessTokenType}). */
      TOKEN_DELIVERY("token delivery"),
      /** CSRF protection ({@code security.csrf}). */
      CSRF("CSRF"),
      /** Multi-factor authentication ({@code mfa}). */
      MFA("MFA"),
      /** Tenants ({@code tenant.enabled}, {@code tenant.mode}). */
      TENANTS("tenants"),
      /** Several signed-in accounts per browser ({@code session.allowMultipleAccounts}). */
      ACCOUNTS("accounts");

      private final String label;

      Topic(String label) {
        this.label = label;
      }

      /** @return the topic in words, as the report shows it */
      public String label() {
        return label;
      }
    }

    private final Topic topic;
    private final Status status;
    private final String found;
    private final @Nullable String problem;
    private final @Nullable String fix;

    Finding(Topic topic, Status status, String found, @Nullable String problem, @Nullable String fix) {
      this.topic = Args.notNull(topic, "topic");
      this.status = Args.notNull(status, "status");
      this.found = Args.notNull(found, "found");
      if (status == Status.MISMATCH && problem == null) {
        throw new IllegalArgumentException("a mismatch says what does not fit");
      }
      this.problem = problem;
      this.fix = fix;
    }

    static Finding fits(Topic topic, String found) {
      return new Finding(topic, Status.FITS, found, null, null);
    }

    static Finding note(Topic topic, String found, @Nullable String fix) {
      return new Finding(topic, Status.NOTE, found, null, fix);
    }

    static Finding mismatch(Topic topic, String found, String problem, @Nullable String fix) {
      return new Finding(topic, Status.MISMATCH, found, problem, fix);
    }

    /** @return what the finding is about */
    public Topic topic() {
      return topic;
    }

    /** @return whether it fits, needs attention, or stops the client */
    public Status status() {
      return status;
    }

    /** @return true for a {@link Status#MISMATCH} */
    public boolean isMismatch() {
      return status == Status.MISMATCH;
    }

    /** @return what the check found, in plain words */
    public String found() {
      return found;
    }

    /** @return what does not fit; present for every mismatch */
    public Optional<String> problem() {
      return Optional.ofNullable(problem);
    }

    /** @return how to fix it or what to do, in plain words (often a builder setting) */
    public Optional<String> fix() {
      return Optional.ofNullable(fix);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Finding)) {
        return false;
      }
      Finding other = (Finding) o;
      return topic == other.topic && status == other.status && found.equals(other.found)
          && Objects.equals(problem, other.problem) && Objects.equals(fix, other.fix);
    }

    @Override
    public int hashCode() {
      return Objects.hash(topic, status, found, problem, fix);
    }

    /** @return e.g. {@code [MISMATCH] route prefix: ...}, with the problem and the fix on lines of their own */
    @Override
    public String toString() {
      String mark = status == Status.FITS ? "[ok]" : status == Status.NOTE ? "[note]" : "[MISMATCH]";
      StringBuilder out = new StringBuilder("  ").append(mark);
      for (int i = mark.length(); i < INDENT.length() - 2; i++) {
        out.append(' ');
      }
      out.append(topic.label()).append(": ").append(found);
      if (problem != null) {
        out.append('\n').append(INDENT).append("does not fit: ").append(problem);
      }
      if (fix != null) {
        out.append('\n').append(INDENT).append(status == Status.MISMATCH ? "fix: " : "to do: ").append(fix);
      }
      return out.toString();
    }
  }
}
